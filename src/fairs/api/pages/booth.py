"""Pages: at a booth of the fair day screen - record a consultation, issue a coupon or several at once (then
print them), with a question first when the client already holds a valid coupon like one asked for."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import refusal_note
from fairs.api.pages.fair_views import answer_form, booth_context, parse_target
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _, ngettext
from fairs.models import Booth, Fair, User
from fairs.services import clients, coupons, registry, schedule
from fairs.services.coupons import CouponView

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


def _booth_answer(
    request: Request,
    session: SessionDep,
    user: User,
    booth: Booth,
    fair: Fair,
    notes: list[dict],
    *,
    issued: list[CouponView] | None = None,
    status: int = 200,
    kept: dict | None = None,
    duplicate: dict | None = None,
) -> Response:
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    query = "?issued=" + ",".join(v.coupon.code for v in issued) if issued else ""
    return answer_form(
        request,
        session,
        user,
        fair,
        block="booth",
        slot=f"booth-{booth.id}",
        notes=notes,
        extra={
            "booth": booth,
            "org": org,
            "issued": issued or [],
            "duplicate": duplicate,
            # Focus after the swap: the new coupons' print, the form again when refused, else the next booth.
            "focus": f"print-{booth.id}"
            if issued
            else f"{'serve' if status >= 400 else 'nextbooth'}-{booth.id}",
        },
        status=status,
        query=query,
        kept=kept,
        fragment_context=lambda: booth_context(session, user, fair, booth, org, issued),
    )


def _duplicate_of(error: DomainError, booth: Booth) -> dict | None:
    """The valid coupon a `duplicate_coupon` refusal names, for the question under the form."""
    existing = error.extra.get("existing") if error.code == "duplicate_coupon" else None
    if not existing:
        return None
    return {
        "booth_id": booth.id,
        "code": existing["code"],
        "code_display": existing["code_display"],
        "expires_on": date.fromisoformat(existing["expires_on"]),
    }


def _refusals_in_booth(
    request: Request, session: SessionDep, user: User, booth: Booth, fair: Fair, typed: dict
) -> None:
    """A refusal of a booth's form is answered in the booth's block, with what was typed (and, for a
    duplicate, the coupon the client holds with the choice to issue another anyway or print that one)."""

    def answer(error: DomainError) -> Response:
        notes = [refusal_note(error)]
        duplicate = _duplicate_of(error, booth)
        return _booth_answer(
            request, session, user, booth, fair, notes, status=error.status, kept=typed, duplicate=duplicate
        )

    on_refusal(answer)


@router.post("/booths/{booth_id}/consultations")
def record_consultation(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    client_code: Annotated[str, Form(max_length=40)],
    direction: Annotated[str, Form(max_length=50)],
    note: Annotated[str, Form(max_length=1000)] = "",
    idempotency_key: FormKey = "",
) -> Response:
    """Record that a client was consulted at the booth (once per form key)."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    typed = {"form": "consultation", "client_code": client_code, "direction": direction, "note": note}
    _refusals_in_booth(request, session, user, booth, fair, typed)
    if (again := answered_before(request, session, user, idempotency_key, typed)) is not None:
        return again
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    clients.record_consultation(
        session, actor=user, booth=booth, fair=fair, client=client, direction=direction, note=note
    )
    message = _("Consultation recorded: %(code)s.") % {"code": client.code}
    answer = _booth_answer(request, session, user, booth, fair, [{"kind": "ok", "text": message}])
    return kept(session, user, idempotency_key, answer)


@router.post("/booths/{booth_id}/coupons")
def issue_coupon(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    client_code: Annotated[str, Form(max_length=40)],
    target: Annotated[str, Form(max_length=80)] = "",
    confirm_duplicate: Annotated[bool, Form()] = False,
    idempotency_key: FormKey = "",
) -> Response:
    """Issue a coupon at the booth (once per form key); the answer shows it with a link to print it."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    typed = {"form": "coupon", "client_code": client_code, "target": target}
    _refusals_in_booth(request, session, user, booth, fair, typed)
    asked = {**typed, "confirm_duplicate": confirm_duplicate}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    organisation_id, direction = parse_target(target)
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    issued = coupons.issue_coupon(
        session,
        actor=user,
        booth_id=booth.id,
        client_id=client.id,
        organisation_id=organisation_id,
        direction=direction,
        confirm_duplicate=confirm_duplicate,
    )
    message = _("Coupon issued for client %(code)s.") % {"code": issued.client_code}
    notes = [{"kind": "ok", "text": message}]
    answer = _booth_answer(request, session, user, booth, fair, notes, issued=[issued])
    return kept(session, user, idempotency_key, answer)


def _issued_note(issued: list, code: str) -> dict:
    """The booth's note after several coupons were issued to one client."""
    text = ngettext(
        "%(num)d coupon issued for client %(code)s.",
        "%(num)d coupons issued for client %(code)s.",
        len(issued),
    ) % {"num": len(issued), "code": code}
    return {"kind": "ok", "text": text}


@router.post("/booths/{booth_id}/coupons/batch")
def issue_coupons(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    client_code: Annotated[str, Form(max_length=40)],
    targets: Annotated[list[str], Form(max_length=coupons.MAX_BATCH_ITEMS)] = [],  # noqa: B006
    confirm_duplicate: Annotated[bool, Form()] = False,
    idempotency_key: FormKey = "",
) -> Response:
    """Issue the ticked coupons to one client at the booth, all or nothing (once per form key); the answer
    lists them with the link to print them on one page."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    typed = {"form": "batch", "client_code": client_code, "targets": [t[:80] for t in targets]}
    _refusals_in_booth(request, session, user, booth, fair, typed)
    asked = {**typed, "confirm_duplicate": confirm_duplicate}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    items = [coupons.BatchItem(*parse_target(t[:80])) for t in targets]
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    issued = coupons.issue_coupons(
        session,
        actor=user,
        booth_id=booth.id,
        client_id=client.id,
        items=items,
        confirm_duplicate=confirm_duplicate,
    )
    notes = [_issued_note(issued, client.code)]
    answer = _booth_answer(request, session, user, booth, fair, notes, issued=issued)
    return kept(session, user, idempotency_key, answer)


@router.post("/booths/{booth_id}/serve")
def serve_at_booth(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    client_code: Annotated[str, Form(max_length=40)],
    direction: Annotated[str, Form(max_length=50)] = "",
    note: Annotated[str, Form(max_length=1000)] = "",
    targets: Annotated[list[str], Form(max_length=coupons.MAX_BATCH_ITEMS)] = [],  # noqa: B006
    confirm_duplicate: Annotated[bool, Form()] = False,
    idempotency_key: FormKey = "",
) -> Response:
    """The visitor at this booth in one submit: the consultation (if a direction is chosen) and the ticked
    coupons (if any); the answer shows the coupons with the link to print them."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    typed = {"form": "serve", "client_code": client_code, "direction": direction, "note": note}
    typed["targets"] = [t[:80] for t in targets]
    _refusals_in_booth(request, session, user, booth, fair, typed)
    asked = {**typed, "confirm_duplicate": confirm_duplicate}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    items = [coupons.BatchItem(*parse_target(t[:80])) for t in targets]
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    served = coupons.serve_at_booth(
        session,
        actor=user,
        booth=booth,
        fair=fair,
        client=client,
        direction=direction,
        note=note,
        items=items,
        confirm_duplicate=confirm_duplicate,
    )
    notes = []
    if served.consultation is not None:
        notes.append({"kind": "ok", "text": _("Consultation recorded: %(code)s.") % {"code": client.code}})
    if served.issued:
        notes.append(_issued_note(served.issued, client.code))
    answer = _booth_answer(request, session, user, booth, fair, notes, issued=served.issued)
    return kept(session, user, idempotency_key, answer)
