"""The due-list: the checks of a district's people that have fallen due and are not recorded yet, the
longest overdue first. A check is listed from its due date until it is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.errors import Forbidden
from fairs.i18n import _
from fairs.models import MILESTONES, Client, ClientCurator, LaterCheck, Role, User
from fairs.services.checks.first_fair import first_fairs
from fairs.services.checks.milestones import add_months, due_milestones, due_on
from fairs.services.checks.recording import may_record_checks


@dataclass(frozen=True)
class DueCheck:
    """One check due: the client (code only), their first fair, the milestone and since when it is due."""

    client_id: int
    client_code: str
    first_on: date
    milestone: int
    due_on: date
    days_due: int  # days since it fell due, as of today


def due_checks(
    session: Session, *, actor: User, page: int = 1, per_page: int = 50, today: date | None = None
) -> tuple[list[DueCheck], int]:
    """A page of the checks due in the actor's district and not recorded (overdue first), and their total:
    a curator's, of the people they accompany only."""
    district_id = actor.district_id
    if district_id is None or not may_record_checks(session, actor, district_id=district_id):
        raise Forbidden(
            _("Only the district's organisers and the person's curator record checks after the fair.")
        )
    today = today or local_today()
    home = first_fairs(until=add_months(today, -min(MILESTONES)), district_ids=(district_id,))
    query = select(home.c.person_id, home.c.first_on, Client.id, Client.code).join(
        Client, (Client.person_id == home.c.person_id) & (Client.district_id == district_id)
    )
    if actor.role == Role.curator:  # their people: the clients whose curator they are
        query = query.join(ClientCurator, ClientCurator.client_id == Client.id).where(
            ClientCurator.curator_id == actor.id
        )
    people = session.execute(query).all()
    recorded = set(
        session.execute(
            select(LaterCheck.person_id, LaterCheck.milestone).join(
                home, home.c.person_id == LaterCheck.person_id
            )
        ).all()
    )
    rows = [
        DueCheck(client_id, code, first_on, m, due_on(first_on, m), (today - due_on(first_on, m)).days)
        for person_id, first_on, client_id, code in people
        for m in due_milestones(first_on, today)
        if (person_id, m) not in recorded
    ]
    rows.sort(key=lambda row: (row.due_on, row.client_code, row.milestone))
    start = (page - 1) * per_page
    return rows[start : start + per_page], len(rows)
