"""Visits to fairs and consultations at booths: who may record them, once per client and fair."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.db import insert_unless_taken
from fairs.errors import Conflict, Forbidden, NotFound
from fairs.i18n import _
from fairs.models import Booth, Client, Consultation, Fair, FairStatus, Role, User, Visit, utcnow
from fairs.services import audit
from fairs.services.clients.categories import record_categories
from fairs.services.clients.notes import check_note_allowed
from fairs.services.clients.persons import note_first_fair
from fairs.services.period_lock import ensure_period_open
from fairs.services.registry import ensure_direction_open, get_direction


def check_fair_accepts_records(actor: User, fair: Fair) -> bool:
    """Whether records at `fair` are live (open) or back-entered (closed, organisers only)."""
    if fair.status == FairStatus.open:
        return False
    if fair.status == FairStatus.closed:
        if actor.role != Role.organiser:
            raise Forbidden(_("Only organisers enter records for a closed fair."), code="fair_closed")
        return True
    raise Conflict(_("The fair is not open."), code="fair_not_open")


def ensure_visit(session: Session, *, actor: User, fair: Fair, client: Client, back_entered: bool) -> Visit:
    """The client's visit to the fair, created if it is the first record of the day."""
    add_visit(
        session,
        actor=actor,
        fair_id=fair.id,
        district_id=fair.district_id,
        client_id=client.id,
        person_id=client.person_id,
        client_code=client.code,
        back_entered=back_entered,
    )
    return session.exec(select(Visit).where(Visit.fair_id == fair.id, Visit.client_id == client.id)).one()


def add_visit(
    session: Session,
    *,
    actor: User,
    fair_id: int,
    district_id: int,
    client_id: int,
    person_id: int,
    client_code: str,
    back_entered: bool,
) -> bool:
    """Record the client's visit to the fair unless it is recorded already; True when it is new."""
    inserted = (
        insert_unless_taken(session, Visit.__table__, ("fair_id", "client_id"))
        .run(
            session,
            {
                "fair_id": fair_id,
                "client_id": client_id,
                "person_id": person_id,
                "created_at": utcnow(),
                "created_by_id": actor.id,
                "back_entered": back_entered,
            },
        )
        .first()
    )
    if inserted is None:
        return False  # already there, perhaps recorded by another booth at this very moment
    note_first_fair(session, person_id=person_id, fair_id=fair_id, district_id=district_id)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="visit",
        entity_id=inserted.id,
        district_id=district_id,
        details={"fair_id": fair_id, "client": client_code},
        back_entered=back_entered,
    )
    return True


def record_visit(
    session: Session, *, actor: User, fair: Fair, client: Client, categories: list[str] | None = None
) -> tuple[Visit, bool]:
    """Register a client at a fair (once per fair, organisers only); returns the visit and whether it is new.
    `categories` (codes), when given, are the client's categories from the fair's day on.

    Partners' consultations and coupons record the visit themselves (`ensure_visit`)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers register visitors."))
    if client.district_id != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    back = check_fair_accepts_records(actor, fair)
    ensure_period_open(session, district_id=fair.district_id, day=fair.date)
    before = session.exec(
        select(Visit.id).where(Visit.fair_id == fair.id, Visit.client_id == client.id)
    ).first()
    visit = ensure_visit(session, actor=actor, fair=fair, client=client, back_entered=back)
    if categories is not None:
        record_categories(session, actor=actor, client=client, codes=categories, day=fair.date)
    return visit, before is None


def list_visits(session: Session, fair_id: int) -> list[tuple[Visit, Client]]:
    """The visitors of a fair, in arrival order."""
    rows = session.exec(
        select(Visit, Client)
        .join(Client, Client.id == Visit.client_id)
        .where(Visit.fair_id == fair_id)
        .order_by(Visit.id)
    ).all()
    return [(v, c) for v, c in rows]


def ensure_booth_actor(actor: User, booth: Booth) -> None:
    """Partners act only at their own organisation's booth."""
    if actor.role == Role.partner and actor.organisation_id != booth.organisation_id:
        raise Forbidden(_("You can act only at your own organisation's booth."), code="other_booth")
    if actor.role not in (Role.organiser, Role.partner):
        raise Forbidden(_("You may not do this."))


def record_consultation(
    session: Session, *, actor: User, booth: Booth, fair: Fair, client: Client, direction: str, note: str = ""
) -> Consultation:
    """A client consulted at a booth in a direction (the visit is recorded too)."""
    ensure_booth_actor(actor, booth)
    if client.district_id != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    note = check_note_allowed(client, note)
    back = check_fair_accepts_records(actor, fair)
    ensure_period_open(session, district_id=fair.district_id, day=fair.date)
    direction_row = ensure_direction_open(get_direction(session, direction), purpose="consultation")
    ensure_visit(session, actor=actor, fair=fair, client=client, back_entered=back)
    consultation = Consultation(
        booth_id=booth.id,
        client_id=client.id,
        person_id=client.person_id,
        direction_id=direction_row.id,
        note=note[:1000],
        created_by_id=actor.id,
        back_entered=back,
    )
    session.add(consultation)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="consultation",
        entity_id=consultation.id,
        district_id=fair.district_id,
        back_entered=back,
        details={"booth_id": booth.id, "client": client.code, "direction": direction},
    )
    return consultation
