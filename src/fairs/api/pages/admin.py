"""Pages: the audit log (organisers) and the directions' names (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageAdmin, PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import Pager, flash, page_number, redirect, render, wants_fragment
from fairs.api.routing import Router, on_refusal
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import audit
from fairs.services.registry import list_directions, rename_direction
from fairs.services.scope import home_district

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

ENTITIES = ("fair", "booth", "client", "visit", "consultation", "coupon", "organisation", "user", "direction")


@router.get("/audit")
def audit_log(
    request: Request, session: SessionDep, user: PageOrganiser, page: int = 1, entity: str = ""
) -> Response:
    """Who did what, when, in the district: newest first."""
    per_page = get_settings().page_size
    page = page_number(page)
    entity = entity if entity in ENTITIES else ""
    rows, total = audit.list_entries(
        session, district_id=home_district(user), page=page, per_page=per_page, entity=entity or None
    )
    pager = Pager(page=page, per_page=per_page, total=total, base="/audit", params={"entity": entity})
    context = {"rows": rows, "pager": pager, "entity": entity, "entities": ENTITIES}
    return render(request, "audit.html", context, user=user, block="audit_list")


def _directions_page(
    request: Request, session: SessionDep, user: User, *, notes: list[dict] | None = None, status: int = 200
) -> Response:
    context = {"directions": list_directions(session, active_only=False), "messages": notes or []}
    return render(request, "directions.html", context, user=user, block="direction_list", status=status)


@router.get("/admin/directions")
def directions(request: Request, session: SessionDep, user: PageAdmin) -> Response:
    """The directions (the report's rows) with their Russian and English names."""
    return _directions_page(request, session, user)


@router.post("/admin/directions/{code}")
def save_direction(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    name_ru: Annotated[str, Form(max_length=200)] = "",
    name_en: Annotated[str, Form(max_length=200)] = "",
    is_active: Annotated[bool, Form()] = False,
) -> Response:
    """Rename a direction (its code stays)."""

    def refused(error: DomainError) -> Response:
        note = {"kind": "error", "text": error.message, "where": f"direction-{code[:50]}"}
        if wants_fragment(request):
            return _directions_page(request, session, user, notes=[note], status=error.status)
        flash(request, error.message, "error", where=note["where"])
        return redirect(request, "/admin/directions")

    on_refusal(refused)
    rename_direction(
        session, actor=user, code=code[:50], name_ru=name_ru, name_en=name_en, is_active=is_active
    )
    note = {"kind": "ok", "text": _("Saved."), "where": f"direction-{code[:50]}"}
    if wants_fragment(request):
        return _directions_page(request, session, user, notes=[note])
    flash(request, note["text"], where=note["where"])
    return redirect(request, "/admin/directions")
