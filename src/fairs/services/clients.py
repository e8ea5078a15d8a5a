"""Clients, consent and personal fields, visits to fairs and consultations at booths."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from fairs.clock import local_today
from fairs.db import insert_unless_taken
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Booth, Client, Consultation, Fair, FairStatus, Role, User, Visit, utcnow
from fairs.services import audit
from fairs.services.clientcode import client_code, normalise_code, normalise_sex
from fairs.services.directions import get_direction
from fairs.services.scope import home_district, visible_district_ids

PERSONAL_FIELDS = ("full_name", "birth_date", "phone")


@dataclass
class Registration:
    """The result of registering a client: the client, whether it existed, and warnings to show."""

    client: Client
    existing: bool
    warnings: list[str] = field(default_factory=list)


def _personal(full_name: str | None, birth_date: date | None, phone: str | None) -> dict:
    values = {
        "full_name": (full_name or "").strip()[:300] or None,
        "birth_date": birth_date,
        "phone": (phone or "").strip()[:50] or None,
    }
    if values["birth_date"] and not date(1900, 1, 1) <= values["birth_date"] <= local_today():
        raise Invalid(_("The birth date is out of range."), code="bad_birth_date")
    return {k: v for k, v in values.items() if v is not None}


def register_client(
    session: Session,
    *,
    actor: User,
    mother_name: str,
    father_name: str,
    sex: str,
    birth_year: int,
    consent: bool = False,
    full_name: str | None = None,
    birth_date: date | None = None,
    phone: str | None = None,
    distinct_person: bool = False,
) -> Registration:
    """Find or create the client with this code; `distinct_person` forces a new, suffixed code."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers register clients."), code="forbidden")
    district_id = home_district(actor)
    base = client_code(mother_name=mother_name, father_name=father_name, sex=sex, birth_year=birth_year)
    personal = _personal(full_name, birth_date, phone)
    if personal and not consent:
        raise Invalid(
            _("Personal fields can be stored only with the client's consent."), code="consent_required"
        )
    same = list(
        session.exec(
            select(Client)
            .where(Client.district_id == district_id, Client.base_code == base)
            .order_by(Client.id)
        ).all()
    )
    if same and not distinct_person:
        client = same[0]
        if consent:
            _store_personal(session, actor=actor, client=client, personal=personal)
        warnings = []
        if len(same) > 1:
            warnings.append(
                _("Several clients share this code: check the suffix (%(codes)s).")
                % {"codes": ", ".join(c.code for c in same)}
            )
        return Registration(client=client, existing=True, warnings=warnings)
    code = base if not same else f"{base}-{len(same) + 1}"
    warnings = []
    if same:
        warnings.append(
            _("Another person already has the code %(base)s; this client gets %(code)s.")
            % {"base": base, "code": code}
        )
    client = Client(
        district_id=district_id, code=code, base_code=base, sex=normalise_sex(sex), birth_year=birth_year
    )
    session.add(client)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="client",
        entity_id=client.id,
        district_id=district_id,
        details={"code": code, "suffixed": bool(same)},
    )
    if consent:
        _store_personal(session, actor=actor, client=client, personal=personal)
    return Registration(client=client, existing=False, warnings=warnings)


def _store_personal(session: Session, *, actor: User, client: Client, personal: dict) -> None:
    if client.consent_on is None:
        client.consent_on = local_today()
        client.consent_recorded_by_id = actor.id
        audit.record(
            session,
            actor=actor,
            action="consent",
            entity="client",
            entity_id=client.id,
            district_id=client.district_id,
        )
    if personal:
        for key, value in personal.items():
            setattr(client, key, value)
        audit.record(
            session,
            actor=actor,
            action="update_personal",
            entity="client",
            entity_id=client.id,
            district_id=client.district_id,
            details={"fields": sorted(personal)},
        )
    session.add(client)


def update_personal(
    session: Session,
    *,
    actor: User,
    client: Client,
    consent: bool,
    full_name: str | None = None,
    birth_date: date | None = None,
    phone: str | None = None,
) -> Client:
    """Organisers record consent and set the optional personal fields (an empty field is cleared)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see personal fields."), code="forbidden")
    personal = _personal(full_name, birth_date, phone)
    if not consent and client.consent_on is None:
        raise Invalid(
            _("Personal fields can be stored only with the client's consent."), code="consent_required"
        )
    cleared = {
        key: None for key in PERSONAL_FIELDS if key not in personal and getattr(client, key) is not None
    }
    _store_personal(session, actor=actor, client=client, personal={**personal, **cleared})
    return client


def withdraw_consent(session: Session, *, actor: User, client: Client) -> Client:
    """The client withdraws consent: their personal fields are erased at once; the client code stays."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see personal fields."), code="forbidden")
    if client.consent_on is None:
        raise Conflict(_("This client has not given consent."), code="no_consent")
    erased = sorted(key for key in PERSONAL_FIELDS if getattr(client, key) is not None)
    for key in PERSONAL_FIELDS:
        setattr(client, key, None)
    client.consent_on, client.consent_recorded_by_id = None, None
    session.add(client)
    audit.record(
        session,
        actor=actor,
        action="withdraw_consent",
        entity="client",
        entity_id=client.id,
        district_id=client.district_id,
        details={"erased": erased},
    )
    return client


def get_client(session: Session, *, actor: User, client_id: int) -> Client:
    """A client of the actor's districts, else 404."""
    client = session.get(Client, client_id)
    if client is None or client.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such client."), code="client_not_found")
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not clients."), code="forbidden")
    return client


def find_client_by_code(session: Session, *, actor: User, code: str) -> Client:
    """The client with exactly this code (case-insensitive) in the actor's district."""
    wanted = normalise_code(code)
    client = session.exec(
        select(Client).where(Client.district_id == home_district(actor), Client.code == wanted)
    ).first()
    if client is None:
        raise NotFound(_("No client with this code."), code="client_not_found")
    return client


def list_clients(
    session: Session, *, actor: User, search: str = "", page: int = 1, per_page: int = 50
) -> tuple[list[Client], int]:
    """One page of the district's clients (organisers), by code; and the total."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see the client list."), code="forbidden")
    query = select(Client).where(Client.district_id == home_district(actor))
    if search.strip():
        query = query.where(col(Client.code).contains(search.strip().upper()))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Client.code).offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def log_personal_view(session: Session, *, actor: User, client: Client) -> None:
    """Audit that an organiser saw a client's personal fields (only organisers are shown them)."""
    if actor.role == Role.organiser and client.consent_on is not None:
        audit.record(
            session,
            actor=actor,
            action="view_personal",
            entity="client",
            entity_id=client.id,
            district_id=client.district_id,
        )


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
    client_code: str,
    back_entered: bool,
) -> bool:
    """Record the client's visit to the fair unless it is recorded already; True when it is new."""
    inserted = (
        session.connection()
        .execute(
            insert_unless_taken(session, Visit.__table__, ("fair_id", "client_id")),
            {
                "fair_id": fair_id,
                "client_id": client_id,
                "created_at": utcnow(),
                "created_by_id": actor.id,
                "back_entered": back_entered,
            },
        )
        .first()
    )
    if inserted is None:
        return False  # already there, perhaps recorded by another booth at this very moment
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


def record_visit(session: Session, *, actor: User, fair: Fair, client: Client) -> tuple[Visit, bool]:
    """Register a client at a fair (once per fair, organisers only); returns the visit and whether it is new.

    Partners' consultations and coupons record the visit themselves (`ensure_visit`)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers register visitors."), code="forbidden")
    if client.district_id != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    back = check_fair_accepts_records(actor, fair)
    before = session.exec(
        select(Visit.id).where(Visit.fair_id == fair.id, Visit.client_id == client.id)
    ).first()
    visit = ensure_visit(session, actor=actor, fair=fair, client=client, back_entered=back)
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
        raise Forbidden(_("You may not do this."), code="forbidden")


def record_consultation(
    session: Session, *, actor: User, booth: Booth, fair: Fair, client: Client, direction: str, note: str = ""
) -> Consultation:
    """A client consulted at a booth in a direction (the visit is recorded too)."""
    ensure_booth_actor(actor, booth)
    if client.district_id != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    back = check_fair_accepts_records(actor, fair)
    direction_row = get_direction(session, direction)
    ensure_visit(session, actor=actor, fair=fair, client=client, back_entered=back)
    consultation = Consultation(
        booth_id=booth.id,
        client_id=client.id,
        direction_id=direction_row.id,
        note=note.strip()[:1000],
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
