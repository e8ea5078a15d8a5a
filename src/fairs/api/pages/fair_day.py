"""Pages: the fair day screen - booths and visitor registration (a booth's own forms: pages/booth.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, render, wants_fragment
from fairs.errors import DomainError, Invalid
from fairs.i18n import _
from fairs.models import Booth, Fair, FairStatus, Organisation, Role, User
from fairs.services import clients, coupons, registry, schedule
from fairs.services.coupons import CouponView
from fairs.services.registry import list_directions

router = APIRouter(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

BOOTH_COUPONS_SHOWN = 20


def _booths(session: SessionDep, user: User, fair: Fair) -> list[tuple[Booth, Organisation]]:
    rows = registry.booths_of_fair(session, fair.id)
    if user.role == Role.partner:  # partners see only their own booth
        rows = [(b, o) for b, o in rows if o.id == user.organisation_id]
    return rows


def active_organisations(session: SessionDep, user: User, fair: Fair) -> list[Organisation]:
    """The active organisations of the fair's district."""
    orgs = registry.list_organisations(session, actor=user)
    return [o for o in orgs if o.district_id == fair.district_id and o.is_active]


def receiving_targets(session: SessionDep, orgs: list[Organisation]) -> list[tuple[Organisation, list]]:
    """Of `orgs`, those that receive coupons, each with its directions (the issue and bind selects)."""
    received = registry.directions_of(session, [o.id for o in orgs])
    return [(o, received[o.id]) for o in orgs if received[o.id]]


def _recent_coupons(session: SessionDep, user: User, fair: Fair, booth: Booth) -> tuple[list, int]:
    return coupons.booth_coupon_lines(
        session, actor=user, fair_id=fair.id, booth_id=booth.id, limit=BOOTH_COUPONS_SHOWN
    )


def _forms_context(session: SessionDep, user: User, fair: Fair, orgs: list[Organisation]) -> dict:
    """What every booth's forms need: the selects, and whether the fair takes records."""
    organiser = user.role == Role.organiser
    return {
        "fair": fair,
        "organiser": organiser,
        "targets": receiving_targets(session, orgs),
        "directions": list_directions(session),
        "accepts": fair.status == FairStatus.open or (fair.status == FairStatus.closed and organiser),
        "back_entry": fair.status == FairStatus.closed and organiser,
    }


def day_context(session: SessionDep, user: User, fair: Fair, *, issued: CouponView | None = None) -> dict:
    """Everything the fair day screen shows to `user`."""
    organiser = user.role == Role.organiser
    booths = _booths(session, user, fair)
    orgs = active_organisations(session, user, fair)
    at_fair = {b.organisation_id for b, _o in booths} if organiser else set()
    return {
        **_forms_context(session, user, fair, orgs),
        "booths": booths,
        "free_orgs": [o for o in orgs if o.id not in at_fair],
        "visits": clients.list_visits(session, fair.id) if organiser else [],
        "booth_coupons": {b.id: _recent_coupons(session, user, fair, b) for b, _o in booths},
        "issued": issued,
    }


def booth_context(
    session: SessionDep, user: User, fair: Fair, booth: Booth, org: Organisation, issued: CouponView | None
) -> dict:
    """What one booth's section shows (its fragment): not the rest of the day."""
    orgs = active_organisations(session, user, fair)
    return {
        **_forms_context(session, user, fair, orgs),
        "booth": booth,
        "org": org,
        "booth_coupons": {booth.id: _recent_coupons(session, user, fair, booth)},
        "issued": issued,
    }


def _screen(
    request: Request,
    session: SessionDep,
    user: User,
    fair: Fair,
    *,
    block: str | None = None,
    notes: list[dict] | None = None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
    fragment_context: Callable[[], dict] | None = None,
) -> Response:
    # A fragment computes only what it shows, when its view says what that is.
    partial = block is not None and fragment_context is not None
    context = fragment_context() if partial else day_context(session, user, fair)
    context.update(extra or {})
    context["messages"] = notes or []
    return render(request, "fair_day.html", context, user=user, block=block, status=status)


@router.get("/fairs/{fair_id}")
def fair_day(
    request: Request, session: SessionDep, user: PageStaff, fair_id: int, issued: str = ""
) -> Response:
    """The fair day screen (partners see only their own booth)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    context = day_context(session, user, fair)
    if issued:  # after a coupon was issued without JavaScript
        try:
            context["issued"] = coupons.coupon_view(
                session, coupons.find_coupon(session, actor=user, ref=issued[:40])
            )
        except DomainError:
            context["issued"] = None
    return render(request, "fair_day.html", context, user=user)


def answer_form(
    request: Request,
    session: SessionDep,
    user: User,
    fair: Fair,
    *,
    block: str,
    slot: str,
    notes: list[dict],
    extra: dict[str, Any] | None = None,
    status: int = 200,
    query: str = "",
    kept: dict[str, Any] | None = None,
    fragment_context: Callable[[], dict] | None = None,
) -> Response:
    """Answer a form on the day screen: the changed section for htmx, else flash + redirect.

    A refused form is answered in place (no redirect) with what was typed (`kept`) filled back in,
    so nothing is lost; the values never go into the session cookie."""
    notes = [{**n, "where": slot} for n in notes]
    extra = {**(extra or {}), "kept": {slot: kept or {}}}
    if wants_fragment(request) or status >= 400:
        fragment = block if wants_fragment(request) else None
        return _screen(
            request,
            session,
            user,
            fair,
            block=fragment,
            notes=notes,
            extra=extra,
            status=status,
            fragment_context=fragment_context,
        )
    for note in notes:
        flash(request, note["text"], note["kind"], where=slot)
    return redirect(request, f"/fairs/{fair.id}{query}#{slot}")


@router.post("/fairs/{fair_id}/booths")
def add_booth(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    organisation_id: Annotated[int, Form()],
    staff: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Put an organisation's booth at the fair."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    try:
        booth = registry.add_booth(
            session, actor=user, fair=fair, organisation_id=organisation_id, staff=staff
        )
    except DomainError as error:
        session.rollback()
        return answer_form(
            request,
            session,
            user,
            fair,
            block="booths",
            slot="booths",
            notes=[{"kind": "error", "text": error.message}],
            status=error.status,
        )
    session.commit()
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    message = _("Booth added: %(org)s.") % {"org": org.name}
    return answer_form(
        request, session, user, fair, block="booths", slot="booths", notes=[{"kind": "ok", "text": message}]
    )


def _year(text: str) -> int:
    # Typed by hand on a busy screen: a bad year is a message in the form, not a 422 page.
    if not text.strip().isdigit():
        raise Invalid(_("The birth year is out of range."), code="bad_birth_year")
    return int(text)


@router.post("/fairs/{fair_id}/visitors")
def register_visitor(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    mother_name: Annotated[str, Form(max_length=100)] = "",
    father_name: Annotated[str, Form(max_length=100)] = "",
    sex: Annotated[str, Form(max_length=1)] = "",
    birth_year: Annotated[str, Form(max_length=4)] = "",
    consent: Annotated[bool, Form()] = False,
    distinct_person: Annotated[bool, Form()] = False,
    full_name: Annotated[str, Form(max_length=300)] = "",
    birth_date: Annotated[date | None, Form()] = None,
    phone: Annotated[str, Form(max_length=50)] = "",
) -> Response:
    """Find or create the client by the code's attributes, record the visit, show the client code."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    try:
        result = clients.register_client(
            session,
            actor=user,
            mother_name=mother_name,
            father_name=father_name,
            sex=sex,
            birth_year=_year(birth_year),
            consent=consent,
            full_name=full_name or None,
            birth_date=birth_date,
            phone=phone or None,
            distinct_person=distinct_person,
        )
        _visit, new_visit = clients.record_visit(session, actor=user, fair=fair, client=result.client)
    except DomainError as error:
        session.rollback()
        typed = {"mother_name": mother_name, "father_name": father_name, "sex": sex, "birth_year": birth_year}
        typed |= {
            "consent": consent,
            "distinct_person": distinct_person,
            "full_name": full_name,
            "phone": phone,
        }
        typed["birth_date"] = birth_date.isoformat() if birth_date else ""
        return answer_form(
            request,
            session,
            user,
            fair,
            block="visitors",
            slot="visitors",
            notes=[{"kind": "error", "text": error.message}],
            status=error.status,
            kept=typed,
        )
    session.commit()
    notes = [{"kind": "code", "text": result.client.code}]
    if result.existing:
        notes.append({"kind": "ok", "text": _("This client is known already (same code).")})
    if not new_visit:
        notes.append({"kind": "warn", "text": _("The visit to this fair was recorded before.")})
    notes += [{"kind": "warn", "text": w} for w in result.warnings]
    return answer_form(request, session, user, fair, block="visitors", slot="visitors", notes=notes)
