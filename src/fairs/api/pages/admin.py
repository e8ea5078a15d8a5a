"""Pages: the audit log (organisers) and the directions and their outcomes (admins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageAdmin, PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import Pager, flash, page_number, redirect, refusal_note, render
from fairs.api.routing import Router, on_refusal
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import OrganisationKind, User
from fairs.services import audit_reading, registry
from fairs.services.scope import home_district

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

# The filter's choices: what a district's log holds (directions and regions are an admin's, kept
# without a district).
ENTITIES = (
    "fair",
    "closed_day",
    "booth",
    "client",
    "visit",
    "consultation",
    "coupon",
    "pad",
    "followup_contact",
    "organisation",
    "user",
    "district",
    "export_job",
)


@router.get("/audit")
def audit_log(
    request: Request, session: SessionDep, user: PageOrganiser, page: int = 1, entity: str = ""
) -> Response:
    """Who did what, when, in the district: newest first."""
    per_page = get_settings().page_size
    page = page_number(page)
    entity = entity if entity in ENTITIES else ""
    rows, total = audit_reading.audit_page(
        session, district_id=home_district(user), page=page, per_page=per_page, entity=entity or None
    )
    pager = Pager(page=page, per_page=per_page, total=total, base="/audit", params={"entity": entity})
    context = {"rows": rows, "pager": pager, "entity": entity, "entities": ENTITIES}
    return render(request, "audit.html", context, user=user, block="audit_list")


PAGE = "/admin/directions"
Name = Annotated[str, Form(max_length=200)]
Code = Annotated[str, Form(max_length=50)]
Order = Annotated[int | None, Form(ge=0, le=100_000)]
Kinds = Annotated[list[str], Form(max_length=20)]


def _directions_page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    notes: list[dict] | None = None,
    typed: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "directions": registry.list_directions(session, active_only=False),
        "outcomes": registry.outcomes_by_direction(session, active_only=False),
        "kinds": [kind.value for kind in OrganisationKind],
        "typed": typed or {},
        "messages": notes or [],
    }
    return render(request, "directions.html", context, user=user, block="direction_list", status=status)


def _refused(
    request: Request, session: SessionDep, user: User, where: str, typed: dict[str, Any]
) -> Callable[[DomainError], Response]:
    """A refused form comes back with the message and what was typed (whole page, or the block for htmx)."""

    def answer(error: DomainError) -> Response:
        note = refusal_note(error, where)
        typed_here = {where: typed}
        return _directions_page(request, session, user, notes=[note], typed=typed_here, status=error.status)

    return answer


def _saved(request: Request, where: str, text: str = "") -> Response:
    flash(request, text or _("Saved."), where=where)
    return redirect(request, f"{PAGE}#{where}")


@router.get(PAGE)
def directions(request: Request, session: SessionDep, user: PageAdmin) -> Response:
    """The directions (the report's rows) with their outcomes; forms to add, edit and retire them."""
    return _directions_page(request, session, user)


@router.post(PAGE)
def add_direction(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: Code = "",
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
    sort_order: Order = None,
    kinds: Kinds = [],  # noqa: B006  (FastAPI copies form defaults)
) -> Response:
    """Add a direction (its code never changes afterwards)."""
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {"code": code, **names, "sort_order": sort_order, "kinds": kinds}
    on_refusal(_refused(request, session, user, "new-direction", typed))
    direction = registry.create_direction(
        session, actor=user, code=code, **names, sort_order=sort_order, kinds=kinds
    )
    return _saved(request, f"direction-{direction.code}", _("The direction was added."))


@router.post("/admin/directions/{code}")
def save_direction(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
    sort_order: Order = None,
    kinds: Kinds = [],  # noqa: B006  (FastAPI copies form defaults)
) -> Response:
    """Edit a direction's names, order and kinds of organisation (its code stays)."""
    where = f"direction-{code[:50]}"
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    typed = {**names, "sort_order": sort_order, "kinds": kinds}
    on_refusal(_refused(request, session, user, where, typed))
    registry.update_direction(
        session,
        actor=user,
        code=code[:50],
        **names,
        sort_order=sort_order,
        kinds=kinds,
    )
    return _saved(request, where)


@router.post("/admin/directions/{code}/active")
def direction_active(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    active: Annotated[bool, Form()] = False,
) -> Response:
    """Retire a direction (no new coupons in it; old coupons and tallies keep it) or reactivate it."""
    where = f"direction-{code[:50]}"
    on_refusal(_refused(request, session, user, where, {}))
    registry.set_direction_active(session, actor=user, code=code[:50], is_active=active)
    return _saved(request, where, _("Reactivated.") if active else _("Retired."))


@router.post("/admin/directions/{code}/outcomes")
def add_outcome(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    outcome_code: Code = "",
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
) -> Response:
    """Add an outcome to a direction (its code never changes afterwards)."""
    where = f"new-outcome-{code[:50]}"
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    on_refusal(_refused(request, session, user, where, {"outcome_code": outcome_code, **names}))
    registry.add_outcome(session, actor=user, direction_code=code[:50], code=outcome_code, **names)
    return _saved(request, f"direction-{code[:50]}", _("The outcome was added."))


@router.post("/admin/directions/{code}/outcomes/{outcome_code}")
def save_outcome(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    outcome_code: str,
    name_ru: Name = "",
    name_en: Name = "",
    name_be: Name = "",
) -> Response:
    """Rename an outcome (its code stays)."""
    where = f"outcome-{code[:50]}-{outcome_code[:50]}"
    names = {"name_ru": name_ru, "name_en": name_en, "name_be": name_be}
    on_refusal(_refused(request, session, user, where, names))
    registry.update_outcome(session, actor=user, direction_code=code[:50], code=outcome_code[:50], **names)
    return _saved(request, where)


@router.post("/admin/directions/{code}/outcomes/{outcome_code}/active")
def outcome_active(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    code: str,
    outcome_code: str,
    active: Annotated[bool, Form()] = False,
) -> Response:
    """Retire an outcome (no new recordings; old coupons and tallies keep it) or reactivate it."""
    where = f"outcome-{code[:50]}-{outcome_code[:50]}"
    on_refusal(_refused(request, session, user, where, {}))
    registry.set_outcome_active(
        session, actor=user, direction_code=code[:50], code=outcome_code[:50], is_active=active
    )
    return _saved(request, where, _("Reactivated.") if active else _("Retired."))
