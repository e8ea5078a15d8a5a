"""Pages: coupons to print - one per A6 page, or four to an A4 sheet for a fair, a booth or one visitor."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, Request
from fastapi.responses import Response
from markupsafe import Markup
from sqlmodel import Session

from fairs.api.deps import PagePrinter, PageStaff, SessionDep, csrf_protect
from fairs.api.pages.common import in_district_language, render
from fairs.api.routing import Router
from fairs.errors import Conflict, DomainError
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import coupons, registry, schedule
from fairs.services.coupons import CouponView

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PER_SHEET = 4
MAX_BATCH = 400


def _printable(session: Session, view: CouponView) -> Markup:
    # The QR carries coupon_url(token) and nothing else (no personal data on paper).
    svg = Markup(coupons.svg_for(view.url))  # noqa: S704
    locale = registry.print_locale_of(session, [view.coupon.district_id])
    return in_district_language("partials/print_coupon.html", {"view": view, "svg": svg}, locale)


def _back(user: User, view: CouponView) -> str:
    if user.role == Role.curator:  # a curator knows the person's journey, not the client's or the fair's page
        return f"/clients/{view.coupon.client_id}/journey"
    return f"/clients/{view.coupon.client_id}" if view.between else f"/fairs/{view.coupon.fair_id}"


@router.get("/coupons/{code}/print")
def print_coupon(request: Request, session: SessionDep, user: PagePrinter, code: str) -> Response:
    """One coupon on an A6 page (staff, and the curator of the coupon's client)."""
    view = coupons.coupon_to_print(session, actor=user, ref=code[:80])
    if view.state != "issued":
        raise Conflict(_("Only a valid coupon can be printed."), code="not_printable")
    return render(
        request,
        "print.html",
        {
            "sheets": [[_printable(session, view)]],
            "layout": "a6",
            "back": _back(user, view),
            "qr_warning": coupons.qr_address_warning(),
        },
        user=user,
    )


@router.get("/fairs/{fair_id}/print")
def print_batch(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    fair_id: int,
    codes: str = "",
    booth: int | None = None,
) -> Response:
    """Four coupons to an A4 sheet: the given codes, or every valid coupon of the fair (or of a booth)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    if codes.strip():
        views = []
        for ref in [c for c in codes.replace(" ", ",").split(",") if c][:MAX_BATCH]:
            try:
                coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
            except DomainError:
                continue  # an unknown or foreign code is simply not printed
            if coupon.fair_id == fair.id:
                views.append(coupons.coupon_view(session, coupon, actor=user))
    else:
        rows, _total = coupons.list_coupons(
            session, actor=user, fair_id=fair.id, booth_id=booth, per_page=MAX_BATCH
        )
        views = coupons.coupon_views(session, list(reversed(rows)), actor=user)
    items = [_printable(session, v) for v in views if v.state == "issued"]
    sheets = [items[i : i + PER_SHEET] for i in range(0, len(items), PER_SHEET)]
    return render(
        request,
        "print.html",
        {
            "sheets": sheets,
            "layout": "a4",
            "back": f"/fairs/{fair.id}",
            "fair": fair,
            "qr_warning": coupons.qr_address_warning(),
        },
        user=user,
    )


@router.get("/fairs/{fair_id}/clients/{client_id}/print")
def print_visitor(
    request: Request,
    session: SessionDep,
    user: PageStaff,
    fair_id: int,
    client_id: int,
    layout: Literal["a6", "a4"] = "a6",
    auto: bool = False,
) -> Response:
    """Every valid coupon issued to one visitor at the fair, on one page to print from this tab: each on
    its A6 page, or four to an A4 sheet (booth staff: only their booth's coupons); `auto`: from the fair day,
    the print dialog opens at once and the tab goes back to the fair day after it."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    views = coupons.visitor_coupons(session, actor=user, fair=fair, client_id=client_id)
    items = [_printable(session, v) for v in views]
    per_sheet = PER_SHEET if layout == "a4" else 1
    here = f"/fairs/{fair.id}/clients/{client_id}/print"
    return render(
        request,
        "print.html",
        {
            "sheets": [items[i : i + per_sheet] for i in range(0, len(items), per_sheet)],
            "layout": layout,
            "back": f"/fairs/{fair.id}" + ("?after=print" if auto else ""),
            "fair": fair,
            "qr_warning": coupons.qr_address_warning(),
            "layouts": {"a6": f"{here}?layout=a6", "a4": f"{here}?layout=a4"},
            "autoprint": auto and bool(items),
            "client_code": views[0].client_code if views else None,
        },
        user=user,
    )
