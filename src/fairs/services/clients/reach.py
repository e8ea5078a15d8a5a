"""Which clients a partner may read: those its organisation dealt with (a coupon it issued or receives, a
consultation at its booth). Any other id answers as a missing one; an exact code is looked up, audited."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from fairs.errors import NotFound
from fairs.i18n import _
from fairs.models import Booth, Client, Consultation, Coupon, Role, User
from fairs.services import audit
from fairs.services.clients.registration import find_client_by_code, get_client


def partner_reaches(session: Session, *, actor: User, client_id: int) -> bool:
    """Whether the partner's organisation issued or receives a coupon of the client, or consulted them."""
    org = actor.organisation_id
    coupon = select(Coupon.id).where(
        Coupon.client_id == client_id,
        or_(Coupon.issuing_organisation_id == org, Coupon.organisation_id == org),
    )
    consulted = (
        select(Consultation.id)
        .join(Booth, Booth.id == Consultation.booth_id)
        .where(Consultation.client_id == client_id, Booth.organisation_id == org)
    )
    if org is None:
        return False
    return any(session.exec(query.limit(1)).first() is not None for query in (coupon, consulted))


def read_client(session: Session, *, actor: User, client_id: int) -> Client:
    """A client to read by id: of the actor's districts and, for a partner, within its organisation's reach;
    else 404 as for an id that does not exist."""
    client = get_client(session, actor=actor, client_id=client_id)
    if actor.role == Role.partner and not partner_reaches(session, actor=actor, client_id=client.id):
        raise NotFound(_("No such client."), code="client_not_found")
    return client


def look_up_by_code(session: Session, *, actor: User, code: str) -> Client:
    """The client with exactly this code; a partner's look-up is audited (the client's id, never the code)."""
    client = find_client_by_code(session, actor=actor, code=code)
    if actor.role == Role.partner:
        audit.record(
            session,
            actor=actor,
            action="look_up_code",
            entity="client",
            entity_id=client.id,
            district_id=client.district_id,
        )
    return client
