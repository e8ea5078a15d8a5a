"""Pages: the categories of persons served (admins), and a client's categories on the client's page
(organisers): recorded with the day of the change, with the history of changes."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageAdmin, PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, refuse, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import clients, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

PAGE = "/admin/categories"
Name = Annotated[str, Form(max_length=200)]
Code = Annotated[str, Form(max_length=50)]
Order = Annotated[int | None, Form(ge=0, le=100_000)]


def _categories_page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    notes: list[dict] | None = None,
    typed: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "categories": registry.list_categories(session, active_only=False),
        "typed": typed or {},
        "messages": notes or [],
    }
    return render(request, "categories.html", context, user=user, block="category_list", status=status)


def _refused(request: Request, session: SessionDep, user: User, where: str, typed: dict[str, Any]):  # noqa: ANN202
    def answer(error: DomainError) -> Response:
        note = refusal_note(error, where)
        return _categories_page(
            request, session, user, notes=[note], typed={where: typed}, status=error.status
        )

    return answer


@router.get(PAGE)
def categories(request: Request, session: SessionDep, user: PageAdmin) -> Response:
    """The categories of persons served; forms to add, rename, reorder and retire them."""
    return _categories_page(request, session, user)


@router.post(PAGE)
def add_category(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: Code = "",
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
    sort_order: Order = None,
) -> Response:
    """Add a category (its code never changes afterwards)."""
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {"code": code, **names, "sort_order": sort_order}
    on_refusal(_refused(request, session, user, "new-category", typed))
    category = registry.create_category(session, actor=user, code=code, **names, sort_order=sort_order)
    flash(request, _("The category was added."), where=f"category-{category.code}")
    return redirect(request, f"{PAGE}#category-{category.code}")


@router.post("/admin/categories/{code}")
def save_category(
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
    """Rename, reorder, retire or reactivate a category (its code stays)."""
    where = f"category-{code[:50]}"
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {**names, "sort_order": sort_order, "active": active}
    on_refusal(_refused(request, session, user, where, typed))
    registry.update_category(
        session,
        actor=user,
        code=code[:50],
        **names,
        sort_order=sort_order,
        is_active=active,
    )
    flash(request, _("Saved."), where=where)
    return redirect(request, f"{PAGE}#{where}")


@router.post("/clients/{client_id}/categories")
def save_client_categories(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    client_id: int,
    categories: Annotated[list[str], Form(max_length=50)] = [],  # noqa: B006  (FastAPI copies form defaults)
    day: Annotated[date | None, Form()] = None,
) -> Response:
    """Record the client's categories from a day (today by default): exactly the ticked ones hold."""
    client = clients.get_client(session, actor=user, client_id=client_id)

    def refused(error: DomainError) -> Response:
        refuse(request, error, where="categories")
        return redirect(request, f"/clients/{client_id}#categories")

    on_refusal(refused)
    clients.record_categories(session, actor=user, client=client, codes=categories, day=day)
    flash(request, _("Categories recorded."), where="categories")
    return redirect(request, f"/clients/{client_id}#categories")
