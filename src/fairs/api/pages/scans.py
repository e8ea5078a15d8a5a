"""Pages: the scan log of an organisation's staff (organisers), and the labels of scans."""

from __future__ import annotations

from fastapi import Depends, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import Pager, page_number, render
from fairs.api.routing import Router
from fairs.i18n import _
from fairs.labels import scan_result_label
from fairs.models import ScanResult
from fairs.services import coupons
from fairs.templating import templates

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50


def scan_via_label(via: str) -> str:
    """How the coupon was referenced, translated."""
    return {"token": _("QR code"), "code": _("typed code")}.get(via, via)


def scan_action_label(action: str) -> str:
    """Look-up or redemption, translated."""
    return {"lookup": _("look-up"), "redeem": _("redemption")}.get(action, action)


templates.env.globals.update(
    scan_result_label=scan_result_label,
    scan_via_label=scan_via_label,
    scan_action_label=scan_action_label,
    SCAN_RESULTS=[r.value for r in ScanResult],
)


@router.get("/organisations/{organisation_id}/scans")
def organisation_scans(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    organisation_id: int,
    result: str = "",
    page: int | None = None,
) -> Response:
    """Every scan by the organisation's staff, newest first, filtered by result."""
    number = page_number(page)
    result = result[:20]
    organisation, rows, total = coupons.organisation_scans(
        session,
        actor=user,
        organisation_id=organisation_id,
        result=result or None,
        page=number,
        per_page=PER_PAGE,
    )
    base = f"/organisations/{organisation_id}/scans"
    context = {
        "organisation": organisation,
        "scan_rows": rows,
        "result": result,
        "pager": Pager(number, PER_PAGE, total, base, {"result": result}),
    }
    return render(request, "scans.html", context, user=user, block="scan_list")
