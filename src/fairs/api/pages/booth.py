"""Pages: at a booth of the fair day screen - record a consultation, issue a coupon (then print it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageStaff, SessionDep, csrf_protect
from fairs.api.pages.fair_views import answer_form, booth_context, parse_target
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
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
    issued: CouponView | None = None,
    status: int = 200,
    kept: dict | None = None,
) -> Response:
    org = registry.get_organisation(session, actor=user, organisation_id=booth.organisation_id)
    query = f"?issued={issued.coupon.code}" if issued else ""
    return answer_form(
        request,
        session,
        user,
        fair,
        block="booth",
        slot=f"booth-{booth.id}",
        notes=notes,
        extra={"booth": booth, "org": org, "issued": issued},
        status=status,
        query=query,
        kept=kept,
        fragment_context=lambda: booth_context(session, user, fair, booth, org, issued),
    )


def _refusals_in_booth(
    request: Request, session: SessionDep, user: User, booth: Booth, fair: Fair, typed: dict
) -> None:
    """A refusal of a booth's form is answered in the booth's block, with what was typed."""

    def answer(error: DomainError) -> Response:
        notes = [{"kind": "error", "text": error.message}]
        return _booth_answer(request, session, user, booth, fair, notes, status=error.status, kept=typed)

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
) -> Response:
    """Record that a client was consulted at the booth."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    typed = {"form": "consultation", "client_code": client_code, "direction": direction, "note": note}
    _refusals_in_booth(request, session, user, booth, fair, typed)
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    clients.record_consultation(
        session, actor=user, booth=booth, fair=fair, client=client, direction=direction, note=note
    )
    message = _("Consultation recorded: %(code)s.") % {"code": client.code}
    return _booth_answer(request, session, user, booth, fair, [{"kind": "ok", "text": message}])


@router.post("/booths/{booth_id}/coupons")
def issue_coupon(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    booth_id: int,
    client_code: Annotated[str, Form(max_length=40)],
    target: Annotated[str, Form(max_length=80)] = "",
) -> Response:
    """Issue a coupon at the booth; the answer shows it with a link to print it."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    clients.ensure_booth_actor(user, booth)  # another organisation's booth: a 403 page, not its panel
    _refusals_in_booth(
        request, session, user, booth, fair, {"form": "coupon", "client_code": client_code, "target": target}
    )
    organisation_id, direction = parse_target(target)
    client = clients.find_client_by_code(session, actor=user, code=client_code)
    issued = coupons.issue_coupon(
        session,
        actor=user,
        booth_id=booth.id,
        client_id=client.id,
        organisation_id=organisation_id,
        direction=direction,
    )
    message = _("Coupon issued for client %(code)s.") % {"code": issued.client_code}
    return _booth_answer(
        request, session, user, booth, fair, [{"kind": "ok", "text": message}], issued=issued
    )
