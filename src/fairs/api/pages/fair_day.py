"""Pages: the fair day screen - booths and visitor registration (a booth's own forms: pages/booth.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import render
from fairs.api.pages.fair_views import (
    answer_form,
    day_context,
    refusals_answered_in,
    remember_visitor,
    with_visitor_state,
)
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router
from fairs.errors import DomainError, Invalid
from fairs.i18n import _
from fairs.numbers import whole_number
from fairs.services import clients, coupons, peers, registry, schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/fairs/{fair_id}")
def fair_day(
    request: Request, session: SessionDep, user: PageStaff, fair_id: int, issued: str = "", after: str = ""
) -> Response:
    """The fair day screen (partners see only their own booth)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    shown = []
    # After coupons were issued without JavaScript: their codes, comma-separated.
    for code in [c for c in issued[:300].split(",") if c][: coupons.MAX_BATCH_ITEMS]:
        try:
            shown.append(coupons.find_coupon_view(session, actor=user, ref=code[:40]))
        except DomainError:
            continue
    context = day_context(session, user, fair, issued=shown)
    context["after_print"] = after == "print"  # back from the visitor's print: the next visitor is next
    with_visitor_state(request, session, user, fair, context)
    return render(request, "fair_day.html", context, user=user)


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
    refusals_answered_in(request, session, user, fair, block="booths", slot="booths")
    booth = registry.add_booth(session, actor=user, fair=fair, organisation_id=organisation_id, staff=staff)
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    message = _("Booth added: %(org)s.") % {"org": org.name}
    return answer_form(
        request, session, user, fair, block="booths", slot="booths", notes=[{"kind": "ok", "text": message}]
    )


def _year(text: str) -> int:
    # Typed by hand on a busy screen: a bad year is a message in the form, not a 422 page.
    year = whole_number(text, max_digits=4)
    if year is None:
        raise Invalid(_("The birth year is out of range."), code="bad_birth_year")
    return year


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
    categories: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006  (FastAPI copies form defaults)
    invitation: Annotated[str, Form(max_length=200)] = "",
    idempotency_key: FormKey = "",
) -> Response:
    """Find or create the client by the code's attributes, record the visit, make them the active visitor;
    ticked categories hold from the fair's day on, beside those a known client holds then (this form does
    not show them, so it never ends one: that is done on the client's page)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    typed = {"mother_name": mother_name, "father_name": father_name, "sex": sex, "birth_year": birth_year}
    typed |= {"consent": consent, "distinct_person": distinct_person, "full_name": full_name, "phone": phone}
    typed["birth_date"] = birth_date.isoformat() if birth_date else ""
    typed["categories"], typed["invitation"] = categories, invitation
    refusals_answered_in(request, session, user, fair, block="day", slot="visitors", kept=typed)
    if (again := answered_before(request, session, user, idempotency_key, typed)) is not None:
        return again
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
    if categories:
        held = clients.categories_on(session, client=result.client, day=fair.date)
        categories = sorted({c.code for c in held} | set(categories))
    _visit, new_visit = peers.record_visit(
        session,
        actor=user,
        fair=fair,
        client=result.client,
        categories=categories or None,
        invitation=invitation or None,
    )
    remember_visitor(request, fair, result.client)
    notes = [{"kind": "code", "text": result.client.code}]
    if result.existing:
        notes.append({"kind": "ok", "text": _("This client is known already (same code).")})
    if invitation.strip():
        notes.append({"kind": "ok", "text": _("Recorded as recruited with a peer's invitation.")})
    if not new_visit:
        notes.append({"kind": "warn", "text": _("The visit to this fair was recorded before.")})
    notes += [{"kind": "warn", "text": w} for w in result.warnings]
    # The whole day answers: every booth's form now serves this visitor.
    answer = answer_form(request, session, user, fair, block="day", slot="visitors", notes=notes)
    return kept(session, user, idempotency_key, answer)
