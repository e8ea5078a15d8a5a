"""Notes on a client's journey: kept by the organisers and the client's curator, only for a client who gave
consent (services/clients/notes.py: erased with the personal fields, every showing audited)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import JourneyNote, User
from fairs.services import audit, clients
from fairs.services.curation.access import journey_client


def add_note(
    session: Session, *, actor: User, client_id: int, note: str, noted_on: date | None = None
) -> JourneyNote:
    """Keep a note on the client's journey (400 `note_needs_consent` without the client's consent,
    `note_required` when empty); audited without its text."""
    client = journey_client(session, actor=actor, client_id=client_id)
    text = clients.check_note_allowed(client, note)
    if not text:
        raise Invalid(_("Write the note."), code="note_required")
    day = noted_on or local_today()
    if day > local_today():
        raise Invalid(_("A note cannot be dated in the future."), code="note_in_future")
    row = JourneyNote(
        client_id=client.id, district_id=client.district_id, noted_on=day, note=text, created_by_id=actor.id
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="add_journey_note",
        entity="client",
        entity_id=client.id,
        district_id=client.district_id,
        details={"note_id": row.id},
    )
    return row
