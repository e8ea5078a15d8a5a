"""The arriving and outgoing lists of handovers of an organiser's district, and the receiving side's
acknowledgement of an arriving one."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from fairs.errors import Conflict, Forbidden, Invalid
from fairs.i18n import _
from fairs.models import Client, District, Handover, User, utcnow
from fairs.services import audit
from fairs.services.handover.rules import ensure_organiser, get_handover

SHOWS = ("arriving", "outgoing")
# The most handovers the client's page lists (a person moves rarely).
HANDOVERS_OF_CLIENT = 20


@dataclass(frozen=True)
class HandoverLine:
    """A handover as a list shows it: the client code, the other district's name, the coupons' fate."""

    handover: Handover
    code: str
    other_district: str
    reissued: int
    kept: int


def line_of(session: Session, actor: User, handover: Handover) -> HandoverLine:
    """The list line of one handover, as `actor` (of either side) sees it."""
    client = session.get(Client, handover.from_client_id)
    arriving = actor.district_id == handover.to_district_id
    other = session.get(District, handover.from_district_id if arriving else handover.to_district_id)
    kept = sum(1 for one in handover.coupons if one.get("kept"))
    return HandoverLine(handover, client.code, other.name, len(handover.coupons) - kept, kept)


def list_handovers(
    session: Session, *, actor: User, show: str = "arriving", page: int = 1, per_page: int = 50
) -> tuple[list[HandoverLine], int]:
    """One page of the district's arriving (or outgoing) handovers, newest first; and the total."""
    district_id = ensure_organiser(actor)
    if show not in SHOWS:
        raise Invalid(_("Unknown list of handovers."), code="unknown_list")
    side = Handover.to_district_id if show == "arriving" else Handover.from_district_id
    query = select(Handover).where(side == district_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Handover.id).desc()).offset((max(page, 1) - 1) * per_page).limit(per_page)
    ).all()
    return [line_of(session, actor, one) for one in rows], total


def handovers_of_client(session: Session, *, actor: User, client_id: int) -> list[HandoverLine]:
    """The handovers of one client row of the organiser's district (from it or to it), newest first; the
    client's page links each to its history."""
    district_id = ensure_organiser(actor)
    rows = session.exec(
        select(Handover)
        .where(
            ((Handover.from_client_id == client_id) & (Handover.from_district_id == district_id))
            | ((Handover.to_client_id == client_id) & (Handover.to_district_id == district_id))
        )
        .order_by(col(Handover.id).desc())
        .limit(HANDOVERS_OF_CLIENT)
    ).all()
    return [line_of(session, actor, one) for one in rows]


def accept_handover(session: Session, *, actor: User, handover_id: int) -> Handover:
    """The receiving district acknowledges an arriving handover (once: 409 `already_accepted`), audited in
    both districts."""
    handover = get_handover(session, actor=actor, handover_id=handover_id)
    if actor.district_id != handover.to_district_id:
        raise Forbidden(_("Only the receiving district acknowledges a handover."), code="other_district")
    taken = session.execute(
        update(Handover)
        .where(col(Handover.id) == handover.id, col(Handover.accepted_at).is_(None))
        .values(accepted_at=utcnow(), accepted_by_id=actor.id)
    )
    if taken.rowcount != 1:
        raise Conflict(_("This handover was acknowledged already."), code="already_accepted")
    session.refresh(handover)
    for district_id in (handover.from_district_id, handover.to_district_id):
        audit.record(
            session,
            actor=actor,
            action="handover_accept",
            entity="handover",
            entity_id=handover.id,
            district_id=district_id,
        )
    return handover
