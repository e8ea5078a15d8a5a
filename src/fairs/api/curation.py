"""Curation: the district's organisers assign a client's curator; organisers and the client's own curator read
the journey, keep the plan of needs and add notes (with consent); a curator lists their people."""

from __future__ import annotations

from fastapi import Response, status

from fairs.api.deps import ApiCurator, ApiJourney, ApiOrganiser, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import Page
from fairs.api.schemas.curation import (
    CuratorAccountOut,
    CuratorIn,
    CuratorOut,
    EventOut,
    JourneyOut,
    NeedEdit,
    NeedIn,
    NeedOut,
    NoteIn,
    NoteOut,
    PersonOut,
)
from fairs.i18n import current_locale
from fairs.services import curation

router = Router(prefix="/api/v1", tags=["curation"])


def _per_page(page: int, per_page: int) -> tuple[int, int]:
    return max(page, 1), min(max(per_page, 1), 200)


@router.get("/curators", response_model=list[CuratorAccountOut])
def curators(session: SessionDep, user: ApiOrganiser) -> list[CuratorAccountOut]:
    """The active curators of the organiser's district (to assign one to a client)."""
    rows = curation.district_curators(session, actor=user)
    return [CuratorAccountOut(id=u.id, username=u.username, full_name=u.full_name) for u in rows]


@router.put("/clients/{client_id}/curator", response_model=CuratorOut)
def assign_curator(session: SessionDep, user: ApiOrganiser, client_id: int, body: CuratorIn) -> CuratorOut:
    """Assign the client's curator, or none (organisers of the client's district; 400 `curator_required`
    for anyone but an active curator of that district)."""
    row = curation.assign_curator(session, actor=user, client_id=client_id, curator_id=body.curator_id)
    if row is None:
        return CuratorOut(client_id=client_id)
    return CuratorOut(client_id=client_id, curator_id=row.curator_id, assigned_on=row.assigned_on)


@router.get("/clients/{client_id}/journey", response_model=JourneyOut)
def journey(
    session: WriteSessionDep, user: ApiJourney, client_id: int, page: int = 1, per_page: int = 50
) -> JourneyOut:
    """The client's journey, newest first (organisers of the district, the client's curator; anyone else
    404); notes only with consent, each showing audited; never the personal fields."""
    page, per_page = _per_page(page, per_page)
    client, events, total = curation.journey(
        session, actor=user, client_id=client_id, page=page, per_page=per_page
    )
    locale = current_locale.get()
    items = [
        EventOut(
            day=e.day,
            kind=e.kind,
            direction=e.direction.name(locale) if e.direction else None,
            organisation=e.organisation,
            outcome=e.outcome.name(locale) if e.outcome else None,
            note=e.note,
        )
        for e in events
    ]
    return JourneyOut(
        client_id=client.id,
        code=client.code,
        sex=client.sex,
        birth_year=client.birth_year,
        consent=client.consent_on is not None,
        curator_id=curation.curator_id_of(session, client.id),
        events=items,
        total=total,
        page=page,
        per_page=per_page,
    )


def _need_out(need: curation.Need) -> NeedOut:
    n = need.need
    return NeedOut(
        id=n.id,
        direction=need.direction.code,
        direction_name=need.direction.name(current_locale.get()),
        status=n.status,
        due_on=n.due_on,
        overdue=need.overdue,
    )


def _one(session: SessionDep, user: ApiJourney, client_id: int, need_id: int) -> NeedOut:
    needs = curation.list_needs(session, actor=user, client_id=client_id)
    return _need_out(next(n for n in needs if n.need.id == need_id))


@router.get("/clients/{client_id}/plan", response_model=list[NeedOut])
def plan(session: SessionDep, user: ApiJourney, client_id: int) -> list[NeedOut]:
    """The client's plan of needs, each with its status and whether it is overdue."""
    return [_need_out(n) for n in curation.list_needs(session, actor=user, client_id=client_id)]


@router.post("/clients/{client_id}/plan", response_model=NeedOut, status_code=status.HTTP_201_CREATED)
def add_need(session: SessionDep, user: ApiJourney, client_id: int, body: NeedIn) -> NeedOut:
    """Add a need (a direction) to the plan (400 `unknown_direction`, `direction_retired`; 409
    `need_exists`)."""
    need = curation.add_need(session, actor=user, client_id=client_id, **body.model_dump())
    return _one(session, user, client_id, need.id)


@router.patch("/clients/{client_id}/plan/{need_id}", response_model=NeedOut)
def change_need(
    session: SessionDep, user: ApiJourney, client_id: int, need_id: int, body: NeedEdit
) -> NeedOut:
    """Change a need's status (open, in_progress, met, declined) or due date (`due_on: null` clears it)."""
    clear = "due_on" in body.model_fields_set and body.due_on is None
    curation.change_need(
        session,
        actor=user,
        client_id=client_id,
        need_id=need_id,
        status=body.status,
        due_on=body.due_on,
        clear_due=clear,
    )
    return _one(session, user, client_id, need_id)


@router.delete("/clients/{client_id}/plan/{need_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_need(session: SessionDep, user: ApiJourney, client_id: int, need_id: int) -> Response:
    """Take a need out of the plan (recorded in error)."""
    curation.remove_need(session, actor=user, client_id=client_id, need_id=need_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/clients/{client_id}/notes", response_model=NoteOut, status_code=status.HTTP_201_CREATED)
def add_note(session: SessionDep, user: ApiJourney, client_id: int, body: NoteIn) -> NoteOut:
    """Keep a note on the journey (400 `note_needs_consent` for a client without consent)."""
    row = curation.add_note(session, actor=user, client_id=client_id, note=body.note, noted_on=body.noted_on)
    return NoteOut(id=row.id, noted_on=row.noted_on)


@router.get("/curator/people", response_model=Page[PersonOut])
def people(
    session: SessionDep, user: ApiCurator, overdue: bool = False, page: int = 1, per_page: int = 50
) -> Page[PersonOut]:
    """The curator's own people by client code, with what is overdue (`overdue`: only those)."""
    page, per_page = _per_page(page, per_page)
    rows, total = curation.my_people(session, actor=user, overdue_only=overdue, page=page, per_page=per_page)
    items = [
        PersonOut(
            client_id=p.client.id,
            code=p.client.code,
            assigned_on=p.assigned_on,
            open_needs=p.open_needs,
            needs_overdue=p.needs_overdue,
            coupons_overdue=p.coupons_overdue,
            overdue=p.overdue,
        )
        for p in rows
    ]
    return Page[PersonOut](items=items, total=total, page=page, per_page=per_page)
