"""Pages: the fair day's active visitor - find before register (matches as the code or the parents' names
are typed), make a found visitor the active one, and "next visitor" (nobody active)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageOrganiser, SessionDep, csrf_protect
from fairs.api.pages.common import render
from fairs.api.pages.fair_views import answer_form, refusals_answered_in, remember_visitor
from fairs.api.routing import Router
from fairs.i18n import _
from fairs.services import clients, schedule

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)


@router.get("/fairs/{fair_id}/visitors/matches")
def visitor_matches(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    code: str = "",
    mother_name: str = "",
    father_name: str = "",
    sex: str = "",
    birth_year: str = "",
) -> Response:
    """The registered clients the typed code or answers may be (this fair's and earlier ones), as a list."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    matches = clients.find_visitors(
        session,
        actor=user,
        fair_id=fair.id,
        code=code[:40],
        mother_name=mother_name[:100],
        father_name=father_name[:100],
        sex=sex[:1],
        birth_year=birth_year[:4],
    )
    context = {"fair": fair, "matches": matches, "asked": bool(code.strip() or mother_name.strip())}
    return render(request, "partials/visitor_matches.html", context, user=user)


@router.post("/fairs/{fair_id}/active")
def serve_visitor(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    fair_id: int,
    code: Annotated[str, Form(max_length=40)],
) -> Response:
    """Make the registered client with this code the active visitor (their visit to the fair recorded)."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    refusals_answered_in(request, session, user, fair, block="day", slot="visitors", kept={"code": code})
    client = clients.find_client_by_code(session, actor=user, code=code)
    _visit, new_visit = clients.record_visit(session, actor=user, fair=fair, client=client)
    remember_visitor(request, fair, client)
    notes = [{"kind": "code", "text": client.code}]
    if not new_visit:
        notes.append({"kind": "warn", "text": _("The visit to this fair was recorded before.")})
    return answer_form(request, session, user, fair, block="day", slot="visitors", notes=notes)


@router.post("/fairs/{fair_id}/active/clear")
def next_visitor(request: Request, session: SessionDep, user: PageOrganiser, fair_id: int) -> Response:
    """Nobody is the active visitor any more: the booth forms are empty, the desk takes the next person."""
    fair = schedule.get_fair(session, actor=user, fair_id=fair_id)
    remember_visitor(request, fair, None)
    return answer_form(
        request, session, user, fair, block="day", slot="visitors", notes=[], extra={"active": None}
    )
