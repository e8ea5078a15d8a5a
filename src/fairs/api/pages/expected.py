"""Pages of the district's organisers: the people expected after release (before the next fair, and those
who arrived), and the printed invitation to the next fair, which names nobody: the client code only."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import Pager, in_district_language, page_number, render
from fairs.api.routing import Router
from fairs.clock import local_today
from fairs.services import registry, release

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50
SHOWN = {"expected": False, "arrived": True, "all": None}


@router.get("/expected")
def expected_list(
    request: Request,
    session: WriteSessionDep,
    user: PageOrganiser,
    show: Literal["expected", "arrived", "all"] = "expected",
    page: int = 1,
) -> Response:
    """People released (or about to be) to the district: still expected (default), arrived, or all."""
    page = page_number(page)
    rows, total = release.list_for_district(
        session, actor=user, arrived=SHOWN[show], page=page, per_page=PER_PAGE
    )
    for row in rows:
        release.log_personal_view(session, actor=user, person=row.person)
    fair = release.next_fair(session, district_id=user.district_id, on_or_after=local_today())
    context = {
        "rows": rows,
        "show": show,
        "next_fair": fair,
        "pager": Pager(page, PER_PAGE, total, "/expected", {"show": show}),
    }
    return render(request, "expected.html", context, user=user, block="expected_list")


@router.get("/expected/{expected_id}/invitation")
def print_invitation(
    request: Request, session: SessionDep, user: PageOrganiser, expected_id: int
) -> Response:
    """The invitation to the first fair after the release, on an A6 page, in the district's language of
    printed matter: the fair's date, venue and hours, what to bring, and the client code."""
    card = release.invitation(session, actor=user, expected_id=expected_id)
    locale = registry.print_locale_of(session, [card.district_id])
    printed = in_district_language("partials/print_invitation.html", {"card": card}, locale)
    return render(request, "invitation.html", {"printed": printed, "back": "/expected"}, user=user)
