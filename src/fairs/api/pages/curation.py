"""Pages of curation: a curator's people with what is overdue; a client's journey (timeline, plan of needs,
notes) for the district's organisers and the client's own curator; the organiser assigns the curator."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.deps import PageCurator, PageJourney, PageOrganiser, SessionDep, WriteSessionDep, csrf_protect
from fairs.api.pages.common import Pager, flash, page_number, redirect, refuse, render
from fairs.api.pages.fair_views import between_targets
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import curation, registry

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50


@router.get("/curator")
def my_people(
    request: Request, session: SessionDep, user: PageCurator, overdue: bool = False, page: int = 1
) -> Response:
    """The curator's people by client code, with what is overdue for each."""
    page = page_number(page)
    rows, total = curation.my_people(session, actor=user, overdue_only=overdue, page=page, per_page=PER_PAGE)
    params = {"overdue": "true"} if overdue else {}
    context = {
        "rows": rows,
        "overdue": overdue,
        "overdue_days": curation.OVERDUE_DAYS,
        "pager": Pager(page, PER_PAGE, total, "/curator", params),
    }
    return render(request, "curator.html", context, user=user)


def _journey_page(request: Request, session: Session, user: User, client_id: int, page: int) -> Response:
    client, events, total = curation.journey(
        session, actor=user, client_id=client_id, page=page, per_page=PER_PAGE
    )
    organiser = user.role == Role.organiser
    context = {
        "client": client,
        "events": events,
        "pager": Pager(page, PER_PAGE, total, f"/clients/{client.id}/journey", {}),
        "needs": curation.list_needs(session, actor=user, client_id=client.id),
        "directions": registry.list_directions(session),
        "statuses": curation.STATUSES,
        "curator": curation.curator_of(session, client.id),
        "curators": curation.district_curators(session, actor=user) if organiser else [],
        "can_assign": organiser,
        "between_targets": between_targets(session, user, client),
    }
    return render(request, "journey.html", context, user=user)


@router.get("/clients/{client_id}/journey")
def journey(
    request: Request, session: WriteSessionDep, user: PageJourney, client_id: int, page: int = 1
) -> Response:
    """One client's journey on a timeline, the plan of needs and the notes (organisers of the district, the
    client's curator; the showing of notes is audited)."""
    return _journey_page(request, session, user, client_id, page_number(page))


def _back(request: Request, client_id: int, where: str):  # noqa: ANN202
    """A refusal: the journey again, with the refusal above the part that was sent."""

    def answer(error: DomainError) -> Response:
        refuse(request, error, where=where)
        return redirect(request, f"/clients/{client_id}/journey#{where}")

    return answer


def _done(request: Request, client_id: int, where: str, message: str) -> Response:
    flash(request, message, where=where)
    return redirect(request, f"/clients/{client_id}/journey#{where}")


@router.post("/clients/{client_id}/curator")
def assign_curator(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    client_id: int,
    curator_id: Annotated[int | None, Form()] = None,
) -> Response:
    """Assign the client's curator (or none)."""
    curation.journey_client(session, actor=user, client_id=client_id)  # 404 before any form answer
    on_refusal(_back(request, client_id, "curator"))
    curation.assign_curator(session, actor=user, client_id=client_id, curator_id=curator_id)
    return _done(request, client_id, "curator", _("Saved."))


@router.post("/clients/{client_id}/plan")
def add_need(
    request: Request,
    session: SessionDep,
    user: PageJourney,
    client_id: int,
    direction: Annotated[str, Form(max_length=50)],
    due_on: Annotated[date | None, Form()] = None,
) -> Response:
    """Add a need (a direction) to the client's plan."""
    curation.journey_client(session, actor=user, client_id=client_id)  # 404 before any form answer
    on_refusal(_back(request, client_id, "plan"))
    curation.add_need(session, actor=user, client_id=client_id, direction=direction, due_on=due_on)
    return _done(request, client_id, "plan", _("The need was added to the plan."))


@router.post("/clients/{client_id}/plan/{need_id}")
def change_need(
    request: Request,
    session: SessionDep,
    user: PageJourney,
    client_id: int,
    need_id: int,
    status: Annotated[str, Form(max_length=20)],
    due_on: Annotated[date | None, Form()] = None,
) -> Response:
    """Change a need's status and due date (an empty date: none)."""
    curation.journey_client(session, actor=user, client_id=client_id)  # 404 before any form answer
    on_refusal(_back(request, client_id, "plan"))
    curation.change_need(
        session,
        actor=user,
        client_id=client_id,
        need_id=need_id,
        status=status,
        due_on=due_on,
        clear_due=due_on is None,
    )
    return _done(request, client_id, "plan", _("Saved."))


@router.post("/clients/{client_id}/plan/{need_id}/delete")
def remove_need(
    request: Request,
    session: SessionDep,
    user: PageJourney,
    client_id: int,
    need_id: int,
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Take a need out of the plan (the form asks to confirm)."""
    curation.journey_client(session, actor=user, client_id=client_id)  # 404 before any form answer
    on_refusal(_back(request, client_id, "plan"))
    if confirm != "yes":
        flash(request, _("Confirm to remove the need."), kind="error", where="plan")
        return redirect(request, f"/clients/{client_id}/journey#plan")
    curation.remove_need(session, actor=user, client_id=client_id, need_id=need_id)
    return _done(request, client_id, "plan", _("The need was removed from the plan."))


@router.post("/clients/{client_id}/notes")
def add_note(
    request: Request,
    session: SessionDep,
    user: PageJourney,
    client_id: int,
    note: Annotated[str, Form(max_length=1000)] = "",
    noted_on: Annotated[date | None, Form()] = None,
) -> Response:
    """Keep a note on the journey (only for a client who gave consent)."""
    curation.journey_client(session, actor=user, client_id=client_id)  # 404 before any form answer
    on_refusal(_back(request, client_id, "notes"))
    curation.add_note(session, actor=user, client_id=client_id, note=note, noted_on=noted_on)
    return _done(request, client_id, "notes", _("The note was kept."))
