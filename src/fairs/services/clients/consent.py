"""A client withdraws consent: their personal fields and notes are erased at once; the code stays.

A handover to another district carried the client's consent to the client row there (services/handover):
its withdrawal goes the same way, to every client row linked to this one by handovers, either way."""

from __future__ import annotations

from sqlmodel import Session, or_, select

from fairs.errors import Conflict, Forbidden
from fairs.i18n import _
from fairs.models import Client, Handover, Role, User
from fairs.services import audit
from fairs.services.clients.notes import erase_notes
from fairs.services.clients.registration import PERSONAL_FIELDS


def withdraw_consent(session: Session, *, actor: User, client: Client) -> Client:
    """The client withdraws consent: erased here and on the client rows handovers linked to this one (one
    audit row in each district), in the caller's transaction."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see personal fields."))
    if client.consent_on is None:
        raise Conflict(_("This client has not given consent."), code="no_consent")
    _erase(session, actor, client, {})
    for other_id in sorted(_linked_by_handovers(session, client.id)):
        other = session.get(Client, other_id)
        if other is not None and other.consent_on is not None:
            _erase(session, actor, other, {"handover_of": client.id})
    return client


def _erase(session: Session, actor: User, client: Client, extra: dict) -> None:
    erased = sorted(key for key in PERSONAL_FIELDS if getattr(client, key) is not None)
    for key in PERSONAL_FIELDS:
        setattr(client, key, None)
    client.consent_on, client.consent_recorded_by_id = None, None
    session.add(client)
    notes = erase_notes(session, [client.id])  # notes are personal data too, whichever kind
    audit.record(
        session,
        actor=actor,
        action="withdraw_consent",
        entity="client",
        entity_id=client.id,
        district_id=client.district_id,
        details={"erased": erased, **({"notes": notes} if notes else {}), **extra},
    )


def _linked_by_handovers(session: Session, client_id: int) -> set[int]:
    """The client rows handovers link to this one, either way and on along further handovers."""
    seen, todo = {client_id}, [client_id]
    while todo:
        one = todo.pop()
        pairs = session.exec(
            select(Handover.from_client_id, Handover.to_client_id).where(
                or_(Handover.from_client_id == one, Handover.to_client_id == one)
            )
        ).all()
        for other in {side for pair in pairs for side in pair} - seen:
            seen.add(other)
            todo.append(other)
    return seen - {client_id}
