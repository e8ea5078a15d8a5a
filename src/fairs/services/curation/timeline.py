"""A client's journey on one timeline: visits to fairs, consultations, coupons (issued, redeemed, outcome,
expired unused, cancelled), follow-up contacts and journey notes, newest first. Notes are shown only for a
client who gave consent, and each showing is audited (services/clients/notes.py)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.models import (
    Booth,
    Client,
    Consultation,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    FollowupContact,
    JourneyNote,
    Organisation,
    Outcome,
    User,
    Visit,
)
from fairs.services import clients
from fairs.services.curation.access import journey_client

# Within a day: the visit first, then what followed from it (shown newest first, so in reverse).
ORDER = {
    "visit": 0,
    "consultation": 1,
    "issued": 2,
    "redeemed": 3,
    "outcome": 4,
    "expired": 5,
    "cancelled": 5,
}


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the timeline; `kind`: visit, consultation, issued, redeemed, outcome, expired (unused),
    cancelled, contacted, note."""

    day: date
    kind: str
    direction: Direction | None = None
    organisation: str = ""
    outcome: Outcome | None = None
    note: str = ""


def _fair_events(session: Session, client: Client) -> list[Event]:
    visits = session.exec(
        select(Fair.date).join(Visit, Visit.fair_id == Fair.id).where(Visit.client_id == client.id)
    ).all()
    consulted = session.exec(
        select(Fair.date, Direction, Organisation.name, Consultation.note)
        .join(Booth, Booth.id == Consultation.booth_id)
        .join(Fair, Fair.id == Booth.fair_id)
        .join(Organisation, Organisation.id == Booth.organisation_id)
        .join(Direction, Direction.id == Consultation.direction_id)
        .where(Consultation.client_id == client.id)
    ).all()
    return [Event(day, "visit") for day in visits] + [
        Event(day, "consultation", direction, name, note=note) for day, direction, name, note in consulted
    ]


def _coupon_events(session: Session, client: Client) -> list[Event]:
    rows = session.exec(
        select(Coupon, Direction, Organisation.name, Outcome)
        .join(Direction, Direction.id == Coupon.direction_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(Outcome, Outcome.id == Coupon.outcome_id, isouter=True)
        .where(Coupon.client_id == client.id, Coupon.status != CouponStatus.blank)
    ).all()
    events, today = [], local_today()
    for coupon, direction, name, outcome in rows:
        events.append(Event(coupon.issued_on, "issued", direction, name))
        if coupon.redeemed_on is not None:
            events.append(Event(coupon.redeemed_on, "redeemed", direction, name))
        if outcome is not None and coupon.outcome_on is not None:
            events.append(Event(coupon.outcome_on, "outcome", direction, name, outcome))
        if coupon.status == CouponStatus.issued and coupon.expires_on and coupon.expires_on < today:
            events.append(Event(coupon.expires_on, "expired", direction, name))
        if coupon.status == CouponStatus.cancelled and coupon.cancelled_at is not None:
            events.append(Event(coupon.cancelled_at.date(), "cancelled", direction, name))
    return events


def _note_events(session: Session, client: Client) -> list[Event]:
    contacts = session.exec(
        select(FollowupContact.contacted_on, FollowupContact.note).where(
            FollowupContact.client_id == client.id
        )
    ).all()
    notes = session.exec(
        select(JourneyNote.noted_on, JourneyNote.note).where(JourneyNote.client_id == client.id)
    ).all()
    return [Event(day, "contacted", note=note) for day, note in contacts] + [
        Event(day, "note", note=note) for day, note in notes
    ]


def journey(
    session: Session, *, actor: User, client_id: int, page: int = 1, per_page: int = 50
) -> tuple[Client, list[Event], int]:
    """The client, one page of their timeline (newest first) and the number of events; notes only with
    consent, their showing audited."""
    client = journey_client(session, actor=actor, client_id=client_id)
    events = _fair_events(session, client) + _coupon_events(session, client) + _note_events(session, client)
    if client.consent_on is None:  # notes are erased with consent; none may show without it
        events = [replace(e, note="") for e in events]
    events.sort(key=lambda e: (e.day, ORDER.get(e.kind, len(ORDER))), reverse=True)
    shown = events[(page - 1) * per_page : page * per_page]
    clients.log_notes_view(
        session,
        actor=actor,
        shown={client.id: sum(1 for e in shown if e.note)},
        district_id=client.district_id,
    )
    return client, shown, len(events)
