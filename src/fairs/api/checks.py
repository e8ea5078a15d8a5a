"""Checks a year later: the checks due in the district, a person's checks, and recording one (the district's
organisers and the person's curator; services/checks decides who may)."""

from __future__ import annotations

from fairs.api.deps import ApiJourney, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import Page
from fairs.api.schemas.checks import CheckIn, DueCheckOut, MilestoneOut, PersonChecksOut
from fairs.models import User
from fairs.services import checks

router = Router(prefix="/api/v1/checks", tags=["checks a year later"])


@router.get("/due", response_model=Page[DueCheckOut])
def due(session: SessionDep, user: ApiJourney, page: int = 1, per_page: int = 50) -> Page[DueCheckOut]:
    """The checks fallen due in the district and not recorded yet, the longest overdue first."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    rows, total = checks.due_checks(session, actor=user, page=page, per_page=per_page)
    items = [
        DueCheckOut(
            client_id=row.client_id,
            client_code=row.client_code,
            first_fair_on=row.first_on,
            milestone=row.milestone,
            due_on=row.due_on,
            days_due=row.days_due,
        )
        for row in rows
    ]
    return Page[DueCheckOut](items=items, total=total, page=page, per_page=per_page)


def _person(session: SessionDep, user: User, client_id: int) -> PersonChecksOut:
    keeper, milestones = checks.person_checks(session, actor=user, client_id=client_id)
    checks.log_check_notes_view(session, actor=user, keeper=keeper, shown=milestones)
    return PersonChecksOut(
        client_id=keeper.client.id,
        client_code=keeper.client.code,
        first_fair_on=keeper.first_on,
        milestones=[
            MilestoneOut(
                milestone=one.milestone,
                due_on=one.due_on,
                recorded=one.check is not None,
                checked_on=one.check.checked_on if one.check else None,
                findings=one.findings,
                note=one.check.note if one.check else None,
            )
            for one in milestones
        ],
    )


@router.get("/clients/{client_id}", response_model=PersonChecksOut)
def person_checks(session: WriteSessionDep, user: ApiJourney, client_id: int) -> PersonChecksOut:
    """A client's first fair and their three milestones with the checks recorded (404 `client_not_found`;
    409 `no_first_fair`, `checked_elsewhere`); a note shown is audited as a view of personal data."""
    return _person(session, user, client_id)


@router.put("/clients/{client_id}/{milestone}", response_model=PersonChecksOut)
def record_check(
    session: SessionDep, user: ApiJourney, client_id: int, milestone: int, body: CheckIn
) -> PersonChecksOut:
    """Record the check at 6, 12 or 18 months, or change it (404 `milestone_not_found`; 400 `bad_finding`,
    `bad_check_date`; 409 `not_due`, `no_first_fair`, `checked_elsewhere`)."""
    checks.record_check(session, actor=user, client_id=client_id, milestone=milestone, **body.model_dump())
    return _person(session, user, client_id)
