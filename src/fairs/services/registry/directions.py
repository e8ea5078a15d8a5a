"""Directions and their outcomes."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Invalid, NotFound
from fairs.i18n import _
from fairs.models import Direction, Outcome, User
from fairs.services import audit


def list_directions(session: Session, *, active_only: bool = True) -> list[Direction]:
    """All directions in report order."""
    query = select(Direction).order_by(Direction.sort_order, Direction.id)
    if active_only:
        query = query.where(Direction.is_active)
    return list(session.exec(query).all())


def outcomes_by_direction(session: Session) -> dict[int, list[Outcome]]:
    """Every direction's outcomes, keyed by direction id, in their order."""
    result: dict[int, list[Outcome]] = {}
    for outcome in session.exec(select(Outcome).order_by(Outcome.direction_id, Outcome.sort_order)).all():
        result.setdefault(outcome.direction_id, []).append(outcome)
    return result


def get_direction(session: Session, code: str) -> Direction:
    """The direction with this code; unknown codes are a clear 400."""
    direction = session.exec(select(Direction).where(Direction.code == code)).first()
    if direction is None:
        raise Invalid(_("Unknown direction: %(code)s.") % {"code": code[:50]}, code="unknown_direction")
    return direction


def get_outcome(session: Session, *, direction_id: int, code: str) -> Outcome:
    """The outcome `code` of a direction, or a clear error listing what is possible."""
    outcome = session.exec(
        select(Outcome).where(Outcome.direction_id == direction_id, Outcome.code == code)
    ).first()
    if outcome is None:
        raise Invalid(_("This outcome does not exist for the coupon's direction."), code="unknown_outcome")
    return outcome


def rename_direction(
    session: Session, *, actor: User, code: str, name_ru: str, name_en: str, is_active: bool = True
) -> Direction:
    """Admins edit a direction's names (its code is stable)."""
    direction = session.exec(select(Direction).where(Direction.code == code)).first()
    if direction is None:
        raise NotFound(_("No such direction."), code="direction_not_found")
    if not name_ru.strip() or not name_en.strip():
        raise Invalid(_("Both names are required."), code="name_required")
    direction.name_ru, direction.name_en, direction.is_active = name_ru.strip(), name_en.strip(), is_active
    session.add(direction)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="direction",
        entity_id=direction.id,
        district_id=None,
        details={"code": code},
    )
    return direction
