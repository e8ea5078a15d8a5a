"""Pages of the district's organisers: hand a client over to another district (from the client's page),
the arriving and outgoing handovers, one handover with the other side's history during its period."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import Pager, flash, page_number, redirect, refuse, render
from fairs.api.routing import Router, on_refusal
from fairs.config import get_settings
from fairs.errors import DomainError, Invalid
from fairs.i18n import _
from fairs.services import clients, handover

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

WHERE = "handover"  # the client page's section that shows the answer


def _back(request: Request, url: str, where: str):  # noqa: ANN202
    def answer(error: DomainError) -> Response:
        refuse(request, error, where=where)
        return redirect(request, url)

    return answer


@router.post("/clients/{client_id}/handover")
def hand_over(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    client_id: int,
    to_district_id: Annotated[int, Form()] = 0,
    consent: Annotated[bool, Form()] = False,
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Hand the client over to another district (with consent, once confirmed); then the handover."""
    clients.get_client(session, actor=user, client_id=client_id)  # else 404, before any refusal's page
    on_refusal(_back(request, f"/clients/{client_id}#{WHERE}", WHERE))
    if not confirm:
        raise Invalid(
            _("Confirm the handover: the client's open coupons are cancelled here and re-issued there."),
            code="confirmation_required",
        )
    made = handover.hand_over(
        session, actor=user, client_id=client_id, to_district_id=to_district_id, consent=consent
    )
    flash(request, _("The client was handed over."), where="handover_view")
    return redirect(request, f"/handovers/{made.id}")


@router.get("/handovers")
def handovers_page(
    request: Request, session: SessionDep, user: PageOrganiser, show: str = "arriving", page: int = 1
) -> Response:
    """The district's arriving (or outgoing) handovers, newest first, paged."""
    show = show if show in handover.SHOWS else "arriving"
    per_page, page = get_settings().page_size, page_number(page)
    lines, total = handover.list_handovers(session, actor=user, show=show, page=page, per_page=per_page)
    pager = Pager(page=page, per_page=per_page, total=total, base="/handovers", params={"show": show})
    context = {"lines": lines, "pager": pager, "show": show}
    return render(request, "handovers.html", context, user=user, block="handover_list")


@router.get("/handovers/{handover_id}")
def handover_page(
    request: Request, session: WriteSessionDep, user: PageOrganiser, handover_id: int
) -> Response:
    """One handover: the coupons' fate and, during its period, the other district's history (audited)."""
    one = handover.get_handover(session, actor=user, handover_id=handover_id)
    readable = handover.reads_across(user, one)
    context = {
        "line": handover.line_of(session, user, one),
        "arriving": user.district_id == one.to_district_id,
        "history": handover.other_history(session, actor=user, handover=one) if readable else None,
        "most": handover.HISTORY_ROWS,
    }
    return render(request, "handover.html", context, user=user)


@router.post("/handovers/{handover_id}/accept")
def accept(request: Request, session: SessionDep, user: PageOrganiser, handover_id: int) -> Response:
    """The receiving district acknowledges an arriving handover; back to the arriving list."""
    handover.get_handover(session, actor=user, handover_id=handover_id)  # else 404
    on_refusal(_back(request, "/handovers?show=arriving", "handovers"))
    handover.accept_handover(session, actor=user, handover_id=handover_id)
    flash(request, _("Handover acknowledged."), where="handovers")
    return redirect(request, "/handovers?show=arriving")
