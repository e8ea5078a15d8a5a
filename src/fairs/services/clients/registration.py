"""Clients: registration under a pseudonymous code, consent and personal fields, look-up and lists.

Visits to fairs and consultations at booths are in services/visits."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, func, select

from fairs.clock import local_today
from fairs.errors import Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Client, Role, User
from fairs.services import audit
from fairs.services.clients.categories import record_categories
from fairs.services.clients.code import client_code, normalise_code, normalise_sex
from fairs.services.clients.persons import person_of_code
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
    categories: list[str] | None = None,
) -> Registration:
    """Find or create the client with this code; `distinct_person` forces a new, suffixed code;
    `categories` (codes), when given, are the client's categories from today (`record_categories`)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers register clients."))
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
        _record(session, actor, client, categories)
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
        district_id=district_id,
        code=code,
        person_id=person_of_code(session, code),
        base_code=base,
        sex=normalise_sex(sex),
        birth_year=birth_year,
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
    _record(session, actor, client, categories)
    return Registration(client=client, existing=False, warnings=warnings)


def _record(session: Session, actor: User, client: Client, categories: list[str] | None) -> None:
    if categories is not None:
        record_categories(session, actor=actor, client=client, codes=categories)


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
        raise Forbidden(_("Only organisers see personal fields."))
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


def get_client(session: Session, *, actor: User, client_id: int) -> Client:
    """A client of the actor's districts, else 404."""
    client = session.get(Client, client_id)
    if client is None or client.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such client."), code="client_not_found")
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not clients."))
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
        raise Forbidden(_("Only organisers see the client list."))
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
