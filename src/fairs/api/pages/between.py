"""Pages: a coupon issued between fairs from the client's page or the journey (services/coupons/between.py),
then printed."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageUser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refuse
from fairs.api.pages.fair_views import parse_target
from fairs.api.pages.once import FormKey, answered_before, kept
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Role
from fairs.services import clients, coupons
from fairs.services.coupons import format_short_code

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

WHERE = "between"  # the client page's section that shows the answer


@router.post("/clients/{client_id}/coupons")
def issue_between_fairs(
    request: Request,
    session: SessionDep,
    user: PageUser,
    client_id: int,
    target: Annotated[str, Form(max_length=80)] = "",
    confirm_duplicate: Annotated[bool, Form()] = False,
    idempotency_key: FormKey = "",
) -> Response:
    """Issue the client a coupon today, between fairs (once per form key); then its print page."""
    coupons.ensure_may_issue_between(session, user)
    client = clients.get_client(session, actor=user, client_id=client_id)
    coupons.ensure_may_issue_between(session, user, client)
    # A curator issues from the person's journey (they never see the client's page).
    page = f"/clients/{client.id}/journey" if user.role == Role.curator else f"/clients/{client.id}"
    back = f"{page}#{WHERE}"

    def refused(error: DomainError) -> Response:
        refuse(request, error, where=WHERE)
        return redirect(request, back)

    on_refusal(refused)
    asked = {"target": target, "confirm_duplicate": confirm_duplicate}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    organisation_id, direction = parse_target(target)
    issued = coupons.issue_between_fairs(
        session,
        actor=user,
        client_id=client.id,
        organisation_id=organisation_id,
        direction=direction,
        confirm_duplicate=confirm_duplicate,
    )
    code = format_short_code(issued.coupon.code)
    flash(request, _("Coupon %(code)s issued between fairs.") % {"code": code}, where=WHERE)
    return kept(session, user, idempotency_key, redirect(request, f"/coupons/{issued.coupon.code}/print"))
