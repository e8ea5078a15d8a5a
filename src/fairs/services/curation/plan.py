"""A client's plan of needs: one need per direction, each open, in progress, met or declined, with an
optional due date. Kept by the organisers of the client's district and the client's curator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import PENDING_NEEDS, Direction, NeedStatus, PlanNeed, User, utcnow
from fairs.services import audit, registry
from fairs.services.curation.access import journey_client

STATUSES = tuple(s.value for s in NeedStatus)


@dataclass(frozen=True, slots=True)
class Need:
    """One need as shown: the row, its direction and whether its due date has passed while pending."""

    need: PlanNeed
    direction: Direction
    overdue: bool


def _status(status: str) -> str:
    if status not in STATUSES:
        raise Invalid(_("Unknown status of a need."), code="unknown_status")
    return status


def list_needs(session: Session, *, actor: User, client_id: int) -> list[Need]:
    """The client's plan, in report order of the directions."""
    client = journey_client(session, actor=actor, client_id=client_id)
    rows = session.exec(
        select(PlanNeed, Direction)
        .join(Direction, Direction.id == PlanNeed.direction_id)
        .where(PlanNeed.client_id == client.id)
        .order_by(Direction.sort_order, Direction.id)
    ).all()
    today = local_today()
    return [Need(n, d, _is_overdue(n, today)) for n, d in rows]


def _is_overdue(need: PlanNeed, today: date) -> bool:
    return need.status in PENDING_NEEDS and need.due_on is not None and need.due_on < today


def _audit(session: Session, actor: User, need: PlanNeed, action: str, **details: object) -> None:
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="plan_need",
        entity_id=need.id,
        district_id=need.district_id,
        details={"client_id": need.client_id, **details},
    )


def add_need(
    session: Session,
    *,
    actor: User,
    client_id: int,
    direction: str,
    status: str = NeedStatus.open,
    due_on: date | None = None,
) -> PlanNeed:
    """Add a need (a direction) to the client's plan (409 `need_exists` when the plan has it already)."""
    client = journey_client(session, actor=actor, client_id=client_id)
    found = registry.get_direction(session, direction)
    if not found.is_active:
        name = {"name": found.name(current_locale.get())}
        raise Invalid(
            _("The direction «%(name)s» is retired: it is no longer added to plans.") % name,
            code="direction_retired",
        )
    taken = select(PlanNeed.id).where(PlanNeed.client_id == client.id, PlanNeed.direction_id == found.id)
    if session.exec(taken).first() is not None:
        raise Conflict(_("The plan has this need already."), code="need_exists")
    need = PlanNeed(
        client_id=client.id,
        district_id=client.district_id,
        direction_id=found.id,
        status=_status(status),
        due_on=due_on,
        created_by_id=actor.id,
    )
    session.add(need)
    session.flush()
    _audit(session, actor, need, "add_need", direction=found.code, status=need.status)
    return need


def _need(session: Session, actor: User, client_id: int, need_id: int) -> PlanNeed:
    client = journey_client(session, actor=actor, client_id=client_id)
    need = session.get(PlanNeed, need_id)
    if need is None or need.client_id != client.id:
        raise NotFound(_("No such need in the plan."), code="need_not_found")
    return need


def change_need(
    session: Session,
    *,
    actor: User,
    client_id: int,
    need_id: int,
    status: str | None = None,
    due_on: date | None = None,
    clear_due: bool = False,
) -> PlanNeed:
    """Change a need's status or due date (`clear_due`: no due date any more)."""
    need = _need(session, actor, client_id, need_id)
    before = {"status": need.status, "due_on": str(need.due_on or "")}
    if status is not None:
        need.status = _status(status)
    if clear_due or due_on is not None:
        need.due_on = None if clear_due else due_on
    after = {"status": need.status, "due_on": str(need.due_on or "")}
    changed = [key for key in before if before[key] != after[key]]
    if changed:
        need.changed_at = utcnow()
        session.add(need)
        session.flush()
        _audit(
            session,
            actor,
            need,
            "change_need",
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return need


def remove_need(session: Session, *, actor: User, client_id: int, need_id: int) -> None:
    """Take a need out of the plan (recorded in error)."""
    need = _need(session, actor, client_id, need_id)
    direction = session.get(Direction, need.direction_id)
    _audit(session, actor, need, "remove_need", direction=direction.code, status=need.status)
    session.delete(need)
    session.flush()
