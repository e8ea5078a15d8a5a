"""Pages: follow-up of unredeemed coupons by client (organisers): contacts on demand, marks, re-issue."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.deps import PageOrganiser, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import (
    Pager,
    flash,
    local_or,
    page_number,
    redirect,
    refusal_note,
    refuse,
    render,
    wants_fragment,
)
from fairs.api.pages.once import FormKey, answered_before
from fairs.api.pages.once import kept as kept_answer
from fairs.api.routing import Router, on_refusal
from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import DomainError, NotFound
from fairs.i18n import _
from fairs.models import Coupon, User
from fairs.services import coupons

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

LIST = "/followup"
Next = Annotated[str, Form(max_length=300)]


def _coupon(session: Session, user: User, code: str) -> Coupon:
    return coupons.find_coupon(session, actor=user, ref=code[:80])


@router.get("/followup")
def followup_list(
    request: Request,
    session: WriteSessionDep,
    user: PageOrganiser,
    hide_contacted: bool = False,
    page: int = 1,
) -> Response:
    """Clients with coupons unredeemed N days after issue, oldest first (no personal field shown)."""
    per_page = get_settings().page_size
    page = page_number(page)
    result = coupons.overdue_by_client(
        session, actor=user, page=page, per_page=per_page, include_contacted=not hide_contacted
    )
    params = {"hide_contacted": "1" if hide_contacted else ""}
    pager = Pager(page=page, per_page=per_page, total=result.total, base=LIST, params=params)
    context = {
        "mode": "list",
        "result": result,
        "pager": pager,
        "hide_contacted": hide_contacted,
        "back": pager.url(page),
        "today": local_today(),
    }
    return render(request, "followup.html", context, user=user, block="followup_list")


@router.post("/followup/clients/{client_id}/contacts")
def show_contacts(
    request: Request, session: SessionDep, user: PageOrganiser, client_id: int, next: Next = LIST
) -> Response:
    """Show one client's contact details, on request; the view is written to the audit log."""
    client = coupons.client_contacts(session, actor=user, client_id=client_id)
    context = {"mode": "contacts", "client": client, "shown": True, "back": local_or(next, LIST)}
    if wants_fragment(request):
        return render(request, "partials/followup_contacts.html", context, user=user, block="contacts")
    return render(request, "followup.html", context, user=user)


def _row(
    request: Request,
    session: Session,
    user: User,
    coupon: Coupon,
    *,
    back: str,
    note: dict | None = None,
    status: int = 200,
    kept: dict | None = None,
    with_note: bool = True,
) -> Response:
    """One coupon's row of the list, refreshed (for htmx); `kept`: the mark form as typed, after a refusal
    (whose answer commits nothing, so it shows no note: that view could not be audited)."""
    view, client = coupons.overdue_coupon(session, actor=user, coupon=coupon, with_note=with_note)
    context = {
        "v": view,
        "c": client,
        "back": back,
        "today": local_today(),
        "messages": [note] if note else [],
        "kept": kept,
    }
    return render(
        request, "partials/followup_coupon.html", context, user=user, block="coupon_row", status=status
    )


def _row_refused(
    request: Request,
    session: Session,
    user: User,
    coupon: Coupon,
    back: str,
    error: DomainError,
    kept: dict | None = None,
) -> Response:
    """A refused action on a coupon's row: the row again with the message and what was typed (htmx; also
    without JavaScript when something was typed), else a flash."""
    where = f"coupon-{coupon.id}"
    message = refusal_note(error, where)
    if wants_fragment(request):
        answer = {"note": message, "status": error.status, "kept": kept, "with_note": False}
        return _row(request, session, user, coupon, back=back, **answer)
    if kept:  # a whole page, so that the typed note is not lost in a redirect
        view, client = coupons.overdue_coupon(session, actor=user, coupon=coupon, with_note=False)
        context = {"mode": "mark", "v": view, "c": client, "back": back, "today": local_today()}
        context |= {"messages": [message], "kept": kept}
        return render(request, "followup.html", context, user=user, status=error.status)
    refuse(request, error, where=where)
    return redirect(request, f"{back}#{where}")


@router.post("/followup/coupons/{code}/contacted")
def contacted(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    code: str,
    contacted_on: Annotated[date | None, Form()] = None,
    note: Annotated[str, Form(max_length=coupons.NOTE_MAX)] = "",
    next: Next = LIST,
    idempotency_key: FormKey = "",
) -> Response:
    """Mark that the client was contacted about this coupon (once per form key)."""
    back = local_or(next, LIST)
    coupon = _coupon(session, user, code)
    where = f"coupon-{coupon.id}"
    typed = {"contacted_on": contacted_on.isoformat() if contacted_on else "", "note": note}
    kept = typed if note.strip() else None  # a refusal keeps a typed note (a new page, not a redirect)
    on_refusal(lambda error: _row_refused(request, session, user, coupon, back, error, kept))
    asked = {**typed, "next": back}
    if (again := answered_before(request, session, user, idempotency_key, asked)) is not None:
        return again
    coupons.mark_contacted(session, actor=user, coupon=coupon, contacted_on=contacted_on, note=note)
    text = _("Contact recorded.")
    if wants_fragment(request):
        ok = {"kind": "ok", "text": text, "where": where}
        answer = _row(request, session, user, coupon, back=back, note=ok)
    else:
        flash(request, text, where=where)
        answer = redirect(request, f"{back}#{where}")
    return kept_answer(session, user, idempotency_key, answer)


@router.get("/followup/coupons/{code}/reissue")
def confirm_reissue(
    request: Request, session: SessionDep, user: PageOrganiser, code: str, next: str = LIST
) -> Response:
    """Ask before re-issuing (the page behind the button when JavaScript is off)."""
    coupon = _coupon(session, user, code)
    view, client = coupons.overdue_coupon(session, actor=user, coupon=coupon, with_note=False)
    context = {"mode": "confirm", "v": view, "c": client, "back": local_or(next[:300], LIST)}
    return render(request, "followup.html", context, user=user)


@router.post("/followup/coupons/{code}/reissue")
def reissue(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    code: str,
    next: Next = LIST,
    idempotency_key: FormKey = "",
) -> Response:
    """Cancel the coupon as re-issued and issue its replacement; then offer to print it (once per form
    key: a repeat shows the same replacement instead of "already cancelled")."""
    back = local_or(next, LIST)
    coupon = _coupon(session, user, code)
    on_refusal(lambda error: _row_refused(request, session, user, coupon, back, error))
    if (again := answered_before(request, session, user, idempotency_key, {"next": back})) is not None:
        return again
    replacement = coupons.reissue(session, actor=user, coupon=coupon)
    new_view = coupons.coupon_view(session, replacement, actor=user)
    if wants_fragment(request):
        context = {"old": coupon, "new": new_view, "back": back}
        answer = render(request, "partials/followup_reissued.html", context, user=user, block="reissued")
    else:
        answer = redirect(request, f"/followup/coupons/{quote(replacement.code, safe='')}/reissued")
    return kept_answer(session, user, idempotency_key, answer)


@router.get("/followup/coupons/{code}/reissued")
def reissued(request: Request, session: SessionDep, user: PageOrganiser, code: str) -> Response:
    """The new coupon after a re-issue, with the link to print it."""
    replacement = _coupon(session, user, code)
    old = coupons.original_of(session, actor=user, coupon=replacement)
    if old is None:
        raise NotFound(_("This coupon is not a re-issue."), code="not_reissued")
    new = coupons.coupon_view(session, replacement, actor=user)
    context = {"mode": "reissued", "old": old, "new": new, "back": LIST}
    return render(request, "followup.html", context, user=user)
