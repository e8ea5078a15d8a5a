"""Pages: regions and districts (admins create, rename and retire them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageAdmin, SessionDep, csrf_protect
from fairs.api.pages.common import flash, redirect, refusal_note, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import LANGUAGE_NAMES, _
from fairs.models import User
from fairs.services import registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PAGE = "/admin/districts"
Name = Annotated[str, Form(max_length=200)]


def _page(
    request: Request,
    session: SessionDep,
    user: User,
    *,
    notes: list[dict] | None = None,
    typed: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    regions = registry.list_regions(session)
    districts = registry.list_all_districts(session)
    context = {
        "regions": regions,
        "open_regions": [r for r in regions if not r.retired],
        "districts_of": {r.id: [d for d in districts if d.region_id == r.id] for r in regions},
        "typed": typed or {},
        "languages": LANGUAGE_NAMES,
        "messages": notes or [],
    }
    return render(request, "districts.html", context, user=user, block="geo_list", status=status)


def _answer_refusal(
    request: Request, session: SessionDep, user: User, where: str, typed: dict[str, Any]
) -> Callable[[DomainError], Response]:
    """A refused form comes back with the message and what was typed (whole page, or the block for htmx)."""

    def refused(error: DomainError) -> Response:
        note = refusal_note(error, where)
        return _page(request, session, user, notes=[note], typed={where: typed}, status=error.status)

    return refused


def _saved(request: Request, where: str) -> Response:
    flash(request, _("Saved."), where=where)
    return redirect(request, PAGE)


@router.get(PAGE)
def districts(request: Request, session: SessionDep, user: PageAdmin) -> Response:
    """The regions and their districts, with forms to add, rename and retire them."""
    return _page(request, session, user)


@router.post("/admin/regions")
def add_region(request: Request, session: SessionDep, user: PageAdmin, name: Name = "") -> Response:
    """Add a region."""
    on_refusal(_answer_refusal(request, session, user, "new-region", {"name": name}))
    region = registry.create_region(session, actor=user, name=name)
    return _saved(request, f"region-{region.id}")


@router.post("/admin/regions/{region_id}")
def save_region(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    region_id: int,
    name: Name = "",
    retired: Annotated[bool, Form()] = False,
) -> Response:
    """Rename a region, or retire it."""
    where = f"region-{region_id}"
    on_refusal(_answer_refusal(request, session, user, where, {"name": name, "retired": retired}))
    registry.update_region(session, actor=user, region_id=region_id, name=name, retired=retired)
    return _saved(request, where)


@router.post(PAGE)
def add_district(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    name: Name = "",
    region_id: Annotated[int, Form()] = 0,
) -> Response:
    """Add a district to a region."""
    on_refusal(
        _answer_refusal(request, session, user, "new-district", {"name": name, "region_id": region_id})
    )
    district = registry.create_district(session, actor=user, name=name, region_id=region_id)
    return _saved(request, f"district-{district.id}")


@router.post("/admin/districts/{district_id}")
def save_district(
    request: Request,
    session: SessionDep,
    user: PageAdmin,
    district_id: int,
    name: Name = "",
    retired: Annotated[bool, Form()] = False,
    print_locale: Annotated[str | None, Form(max_length=5)] = None,
) -> Response:
    """Rename a district, retire it, or set the language of its coupons and workbook."""
    where = f"district-{district_id}"
    typed = {"name": name, "retired": retired, "print_locale": print_locale}
    on_refusal(_answer_refusal(request, session, user, where, typed))
    registry.update_district(
        session, actor=user, district_id=district_id, name=name, retired=retired, print_locale=print_locale
    )
    return _saved(request, where)
