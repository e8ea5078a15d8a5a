"""Writing and reading the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, func, select

from fairs.db.precompiled import Precompiled
from fairs.models import AuditEntry, User, utcnow

_INSERT = Precompiled(insert(AuditEntry.__table__))  # built once (see fairs/db/precompiled.py)


def record(
    session: Session,
    *,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    district_id: int | None,
    details: dict[str, Any] | None = None,
    back_entered: bool = False,
) -> None:
    """Write one audit row in the caller's transaction (never personal values in `details`)."""
    _INSERT.run(
        session,
        {
            "at": utcnow(),
            "user_id": actor.id if actor else None,
            "district_id": district_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "details": details or {},
            "back_entered": back_entered,
        },
    )


def list_entries(
    session: Session, *, district_id: int, page: int = 1, per_page: int = 50, entity: str | None = None
) -> tuple[list[tuple[AuditEntry, str | None]], int]:
    """One page of a district's audit log, newest first, with each actor's username; and the total."""
    query = select(AuditEntry, User.username).join(User, User.id == AuditEntry.user_id, isouter=True)
    count = select(func.count()).select_from(AuditEntry)
    query = query.where(AuditEntry.district_id == district_id)
    count = count.where(AuditEntry.district_id == district_id)
    if entity:
        query = query.where(AuditEntry.entity == entity)
        count = count.where(AuditEntry.entity == entity)
    rows = session.exec(
        query.order_by(AuditEntry.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return [(e, u) for e, u in rows], session.exec(count).one()
