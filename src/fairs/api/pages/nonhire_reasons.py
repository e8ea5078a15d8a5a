"""Pages: the reasons why a job fell through (admins add, rename, reorder, retire and reactivate them); a
«not hired» or «not eligible» outcome takes one (api/pages/coupons.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageAdmin, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PAGE = "/admin/nonhire-reasons"
Name = Annotated[str, Form(max_length=200)]
Code = Annotated[str, Form(max_length=50)]
Order = Annotated[int | None, Form(ge=0, le=100_000)]


def _reasons_page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    notes: list[dict] | None = None,
    typed: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "reasons": registry.list_reasons(session, active_only=False),
        "typed": typed or {},
        "messages": notes or [],
    }
    return render(request, "nonhire_reasons.html", context, user=user, block="reason_list", status=status)


def _refused(request: Request, session: SessionDep, user: User, where: str, typed: dict[str, Any]):  # noqa: ANN202
    def answer(error: DomainError) -> Response:
        note = refusal_note(error, where)
        return _reasons_page(request, session, user, notes=[note], typed={where: typed}, status=error.status)

    return answer


@router.get(PAGE)
def reasons(request: Request, session: SessionDep, user: PageAdmin) -> Response:
    """The reasons why a job fell through; forms to add, rename, reorder, retire and reactivate them."""
    return _reasons_page(request, session, user)


@router.post(PAGE)
def add_reason(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: Code = "",
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
    sort_order: Order = None,
) -> Response:
    """Add a reason (its code never changes afterwards)."""
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {"code": code, **names, "sort_order": sort_order}
    on_refusal(_refused(request, session, user, "new-reason", typed))
    reason = registry.create_reason(session, actor=user, code=code, **names, sort_order=sort_order)
    flash(request, _("The reason was added."), where=f"reason-{reason.code}")
    return redirect(request, f"{PAGE}#reason-{reason.code}")


@router.post("/admin/nonhire-reasons/{code}")
def save_reason(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
    sort_order: Order = None,
    active: Annotated[bool, Form()] = False,
) -> Response:
    """Rename, reorder, retire or reactivate a reason (its code stays)."""
    where = f"reason-{code[:50]}"
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {**names, "sort_order": sort_order, "active": active}
    on_refusal(_refused(request, session, user, where, typed))
    registry.update_reason(
        session,
        actor=user,
        code=code[:50],
        **names,
        sort_order=sort_order,
        is_active=active,
    )
    flash(request, _("Saved."), where=where)
    return redirect(request, f"{PAGE}#{where}")
