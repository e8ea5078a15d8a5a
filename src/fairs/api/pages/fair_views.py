"""The fair day screen's views, shared by its routers (fair_day.py, booth.py, pads.py): what the whole
screen shows, what one booth's fragment shows (only that), and answering a form on the screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from fairs.api.deps import SessionDep
from fairs.api.pages.common import flash, redirect, refusal_note, render, wants_fragment
from fairs.api.routing import on_refusal
from fairs.errors import DomainError, Invalid
from fairs.i18n import _
from fairs.models import Booth, Client, Fair, FairStatus, Organisation, Role, User
from fairs.numbers import whole_number
from fairs.services import clients, coupons, registry, release
from fairs.services.coupons import CouponView
from fairs.services.registry import list_directions

BOOTH_COUPONS_SHOWN = 20
# The fair day's active visitor, per fair, in the signed session cookie (one login = one desk): fair id →
# client id. Only the last few fairs are kept, so the cookie stays small.
ACTIVE_KEY = "active_visitors"
ACTIVE_FAIRS_KEPT = 4


def active_visitor(request: Request, session: SessionDep, user: User, fair: Fair) -> Client | None:
    """The visitor this organiser is serving at this fair (registered or found last), if any."""
    if user.role != Role.organiser:
        return None
    client_id = whole_number(str((request.session.get(ACTIVE_KEY) or {}).get(str(fair.id), "")))
    if client_id is None:
        return None
    try:
        client = clients.get_client(session, actor=user, client_id=client_id)
    except DomainError:
        return None
    return client if client.district_id == fair.district_id else None


def remember_visitor(request: Request, fair: Fair, client: Client | None) -> None:
    """Make `client` the active visitor of this fair for this login (None: the next visitor, nobody yet)."""
    active = {k: v for k, v in (request.session.get(ACTIVE_KEY) or {}).items() if k != str(fair.id)}
    if client is not None:
        active[str(fair.id)] = client.id
    request.session[ACTIVE_KEY] = dict(list(active.items())[-ACTIVE_FAIRS_KEPT:])


def with_visitor_state(request: Request, session: SessionDep, user: User, fair: Fair, context: dict) -> None:
    """The active visitor for the booth forms; on a whole page, their valid coupons of this fair shown again
    in the booths' "issued" boxes (they survive a reload)."""
    active = context.setdefault("active", active_visitor(request, session, user, fair))
    if "booths" not in context:
        return  # one booth's fragment: its answer says where focus goes
    if active is not None and not context.get("issued"):
        context["issued"] = coupons.visitor_coupons(session, actor=user, fair=fair, client_id=active.id)
    context.setdefault("focus", _day_focus(context, active))


def _day_focus(context: dict, active: Client | None) -> str:
    """What the keyboard should be on when the day (or its visitor part) is shown: the next thing to do."""
    refused = any(
        m.get("kind") == "error" and m.get("where") == "visitors" for m in context.get("messages", [])
    )
    if refused:
        return "find" if (context.get("kept") or {}).get("visitors", {}).get("code") else "register"
    if active is None:
        return "find"
    if context.get("accepts") and context.get("booths") and not context.get("after_print"):
        return f"serve-{context['booths'][0][0].id}"
    return "next"


def _booths(session: SessionDep, user: User, fair: Fair) -> list[tuple[Booth, Organisation]]:
    rows = registry.booths_of_fair(session, fair.id)
    if user.role == Role.partner:  # partners see only their own booth
        rows = [(b, o) for b, o in rows if o.id == user.organisation_id]
    return rows


def active_organisations(session: SessionDep, user: User, fair: Fair) -> list[Organisation]:
    """The active organisations serving the fair's district (its own and the region's regional ones)."""
    return serving_organisations(session, user, fair.district_id)


def serving_organisations(session: SessionDep, user: User, district_id: int) -> list[Organisation]:
    """The active organisations serving a district (its own and the region's regional ones)."""
    orgs = registry.list_organisations(session, actor=user)
    return [o for o in orgs if o.is_active and registry.serves_district(session, o, district_id)]


def between_targets(
    session: SessionDep, user: User, client: Client
) -> list[tuple[Organisation, list]] | None:
    """The receiving organisations and directions a coupon between fairs to `client` may go to (the client
    page's select); None when `user` may not issue one (`coupons.may_issue_between`)."""
    if not coupons.may_issue_between(session, user, client):
        return None
    return receiving_targets(session, serving_organisations(session, user, client.district_id))


def receiving_targets(session: SessionDep, orgs: list[Organisation]) -> list[tuple[Organisation, list]]:
    """Of `orgs`, those that receive coupons, each with its directions (the issue and bind selects): a
    retired direction is not offered."""
    received = registry.directions_of(session, [o.id for o in orgs], active_only=True)
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


def day_context(
    session: SessionDep, user: User, fair: Fair, *, issued: list[CouponView] | None = None
) -> dict:
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
        # Offered at registration (recorded from the fair's day on); retired ones are not.
        "category_choices": registry.list_categories(session, active_only=True) if organiser else [],
        "booth_coupons": {b.id: _recent_coupons(session, user, fair, b) for b, _o in booths},
        "issued": issued or [],
        # People released to the district by the fair's day who have not come yet (codes only).
        "expected_due": (
            release.due_at_fair(session, district_id=fair.district_id, day=fair.date) if organiser else []
        ),
    }


def booth_context(
    session: SessionDep,
    user: User,
    fair: Fair,
    booth: Booth,
    org: Organisation,
    issued: list[CouponView] | None = None,
) -> dict:
    """What one booth's section shows (its fragment): not the rest of the day."""
    orgs = active_organisations(session, user, fair)
    return {
        **_forms_context(session, user, fair, orgs),
        "booth": booth,
        "org": org,
        "booth_coupons": {booth.id: _recent_coupons(session, user, fair, booth)},
        "issued": issued or [],
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
    with_visitor_state(request, session, user, fair, context)
    return render(request, "fair_day.html", context, user=user, block=block, status=status)


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


def visitor_print_url(fair_id: int, client_id: int) -> str:
    """The one print page of a visitor's coupons at a fair (pages/printing.py)."""
    return f"/fairs/{fair_id}/clients/{client_id}/print"


def parse_target(value: str) -> tuple[int, str]:
    """`"12:rehab"` from the receiving organisation / direction select (issue and bind)."""
    org_id, _sep, direction = value.partition(":")
    organisation_id = whole_number(org_id)
    if organisation_id is None or not direction:
        raise Invalid(_("Choose the receiving organisation and the direction."), code="target_required")
    return organisation_id, direction


def refusals_answered_in(
    request: Request,
    session: SessionDep,
    user: User,
    fair: Fair,
    *,
    block: str,
    slot: str,
    kept: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    fragment_context: Callable[[], dict] | None = None,
) -> None:
    """A refusal of this form is answered in its block (`slot`), with the message and what was typed."""

    def answer(error: DomainError) -> Response:
        return answer_form(
            request,
            session,
            user,
            fair,
            block=block,
            slot=slot,
            notes=[refusal_note(error)],
            extra=extra,
            status=error.status,
            kept=kept,
            fragment_context=fragment_context,
        )

    on_refusal(answer)
