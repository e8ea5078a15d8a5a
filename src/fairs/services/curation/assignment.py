"""Assigning a client's curator: the organisers of the client's district choose one of its curators."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import ClientCurator, Role, User
from fairs.services import audit, clients
from fairs.services.scope import ensure_organiser_of


def district_curators(session: Session, *, actor: User) -> list[User]:
    """The active curators of the organiser's district, by name (to choose from)."""
    ensure_organiser_of(actor, actor.district_id or 0)
    query = select(User).where(
        User.role == Role.curator, User.district_id == actor.district_id, User.is_active
    )
    return list(session.exec(query.order_by(User.full_name, User.username)).all())


def _curator(session: Session, district_id: int, curator_id: int) -> User:
    """An active curator of this district; any other id (another district's, not a curator, none at all)
    is the same 400 `curator_required`, so nothing tells another district's accounts apart."""
    user = session.get(User, curator_id)
    if user is None or user.role != Role.curator or user.district_id != district_id or not user.is_active:
        raise Invalid(_("Choose an active curator of the client's district."), code="curator_required")
    return user


def assign_curator(
    session: Session, *, actor: User, client_id: int, curator_id: int | None
) -> ClientCurator | None:
    """Make `curator_id` the client's curator (None: the client has none any more); organisers of the
    client's district. Audited with the curators' ids only."""
    client = clients.get_client(session, actor=actor, client_id=client_id)
    ensure_organiser_of(actor, client.district_id)
    row = session.exec(select(ClientCurator).where(ClientCurator.client_id == client.id)).first()
    before = row.curator_id if row else None
    if before == curator_id:
        return row  # nothing changes: neither the day of assignment nor the audit log
    if curator_id is None:
        if row is not None:
            session.delete(row)
    else:
        _curator(session, client.district_id, curator_id)
        if row is None:
            row = ClientCurator(client_id=client.id, curator_id=curator_id, district_id=client.district_id)
        row.curator_id, row.assigned_on, row.assigned_by_id = curator_id, local_today(), actor.id
        session.add(row)
    audit.record(
        session,
        actor=actor,
        action="assign_curator" if curator_id else "unassign_curator",
        entity="client",
        entity_id=client.id,
        district_id=client.district_id,
        details={"curator_id": curator_id, "previous_curator_id": before},
    )
    session.flush()
    return row if curator_id is not None else None
