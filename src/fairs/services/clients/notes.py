"""Free-text notes about a client (follow-up "contacted" marks, consultations, the person's checks a year
later): consent, erasure, view audit.

A note may name people, places, phone numbers or a diagnosis, so it is personal data: it is accepted only for
a client who gave consent, erased with the personal fields (consent withdrawn, retention), and each showing
of notes is written to the audit log like a view of the personal fields."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, or_, update
from sqlmodel import Session, select

from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import Client, Consultation, FollowupContact, JourneyNote, LaterCheck, User
from fairs.services import audit


def check_note_allowed(client: Client, note: str) -> str:
    """The note, stripped; refused (`note_needs_consent`) if not empty and the client gave no consent."""
    note = (note or "").strip()
    if note and client.consent_on is None:
        raise Invalid(
            _("A note can be kept only for a client who gave consent: leave the note empty."),
            code="note_needs_consent",
        )
    return note


def has_note():  # noqa: ANN201
    """A condition on Client: the client (or, for a check, its person) has a non-empty note of any kind."""
    return or_(
        exists().where(FollowupContact.client_id == Client.id, FollowupContact.note != ""),
        exists().where(Consultation.client_id == Client.id, Consultation.note != ""),
        exists().where(JourneyNote.client_id == Client.id, JourneyNote.note != ""),
        exists().where(LaterCheck.person_id == Client.person_id, LaterCheck.note != ""),
    )


def erase_notes(session: Session, client_ids: Iterable[int]) -> int:
    """Blank every note of these clients (every kind; a check's, of their person), in the caller's
    transaction; how many were erased."""
    ids = list(client_ids)
    erased = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for model in (FollowupContact, Consultation, JourneyNote):
            result = session.execute(
                update(model).where(model.client_id.in_(chunk), model.note != "").values(note="")
            )
            erased += result.rowcount or 0
        persons = select(Client.person_id).where(Client.id.in_(chunk))
        checks = update(LaterCheck).where(LaterCheck.person_id.in_(persons), LaterCheck.note != "")
        erased += session.execute(checks.values(note="")).rowcount or 0
    return erased


def log_notes_view(session: Session, *, actor: User, shown: dict[int, int], district_id: int) -> None:
    """Audit that `actor` was shown notes: a "personal fields viewed" row per client ({client id: notes})."""
    for client_id, notes in sorted(shown.items()):
        if notes:
            audit.record(
                session,
                actor=actor,
                action="view_personal",
                entity="client",
                entity_id=client_id,
                district_id=district_id,
                details={"notes": notes},
            )
