"""People about to be released: the prison social worker's records (register, change, remove) and who may
read them. A record is seen only by the worker who added it and by the organisers of the district the person
is released to; every other caller is told it does not exist."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import District, ExpectedPerson, Role, User
from fairs.services import audit, registry
from fairs.services.clients import client_code, normalise_code
from fairs.services.release.arrival import arrived_on

# A base client code: four letters, the sex digit, two digits of the birth year (services/clients/code.py).
BASE_CODE = re.compile(r"[^\W\d_]{4}[12]\d{2}")
# A planned release date: not more than a month ago (registered late), not more than two years ahead.
PAST_DAYS, AHEAD_DAYS = 31, 2 * 366


@dataclass(frozen=True, slots=True)
class Expected:
    """One record as a reader sees it: the person, the district's name and (organisers only) the arrival."""

    person: ExpectedPerson
    district_name: str
    arrived_on: date | None = None


def _prison_worker(actor: User) -> int:
    """The prison the actor works for (only prison social workers write these records)."""
    if actor.role != Role.prison_worker:
        raise Forbidden(_("Only a prison's social worker registers people before release."))
    if actor.organisation_id is None:
        raise Forbidden(_("Your account is not attached to an organisation."), code="no_organisation")
    return actor.organisation_id


def code_from(
    *,
    code: str | None,
    mother_name: str | None,
    father_name: str | None,
    sex: str | None,
    birth_year: int | None,
) -> str:
    """The base client code: typed, or built from the same attributes as at the fair."""
    if code and code.strip():
        base = normalise_code(code).split("-")[0]
        if not BASE_CODE.fullmatch(base):
            raise Invalid(
                _("A client code has four letters, the sex digit and the last two digits of the birth year."),
                code="bad_code",
            )
        return base
    if not (mother_name and father_name and sex and birth_year):
        raise Invalid(
            _("Give the client code, or the parents' first names, the sex and the birth year."),
            code="code_or_attributes",
        )
    return client_code(mother_name=mother_name, father_name=father_name, sex=sex, birth_year=birth_year)


def _check_release_on(release_on: date) -> None:
    today = local_today()
    if not today - timedelta(days=PAST_DAYS) <= release_on <= today + timedelta(days=AHEAD_DAYS):
        raise Invalid(
            _("The planned release date must be within a month ago and two years ahead."),
            code="bad_release_date",
        )


def _personal(consent: bool, full_name: str | None, birth_date: date | None) -> dict:
    values = {"full_name": (full_name or "").strip()[:300] or None, "birth_date": birth_date}
    if birth_date and not date(1900, 1, 1) <= birth_date <= local_today():
        raise Invalid(_("The birth date is out of range."), code="bad_birth_date")
    if any(values.values()) and not consent:
        raise Invalid(
            _("Personal fields can be stored only with the client's consent."), code="consent_required"
        )
    return values


def register_expected(
    session: Session,
    *,
    actor: User,
    district_id: int,
    release_on: date,
    code: str | None = None,
    mother_name: str | None = None,
    father_name: str | None = None,
    sex: str | None = None,
    birth_year: int | None = None,
    consent: bool = False,
    full_name: str | None = None,
    birth_date: date | None = None,
) -> ExpectedPerson:
    """A prison social worker registers a person about to be released to `district_id` (409
    `already_expected` when they registered the same code there and the person has not arrived yet)."""
    organisation_id = _prison_worker(actor)
    base = code_from(
        code=code, mother_name=mother_name, father_name=father_name, sex=sex, birth_year=birth_year
    )
    _check_release_on(release_on)
    personal = _personal(consent, full_name, birth_date)
    registry.ensure_open_district(session, district_id)
    same = select(func.count()).where(
        ExpectedPerson.created_by_id == actor.id,
        ExpectedPerson.district_id == district_id,
        ExpectedPerson.code == base,
        arrived_on().is_(None),
    )
    if session.exec(same).one():
        raise Conflict(
            _("You have already registered this person for this district."), code="already_expected"
        )
    today = local_today()
    person = ExpectedPerson(
        district_id=district_id,
        organisation_id=organisation_id,
        created_by_id=actor.id,
        code=base,
        release_on=release_on,
        registered_on=today,
        consent_on=today if consent else None,
        **personal,
    )
    session.add(person)
    session.flush()
    stored = sorted(k for k, v in personal.items() if v)
    details = {"code": base, "release_on": release_on.isoformat(), **({"fields": stored} if stored else {})}
    _audit(session, actor, person, "create", details)
    return person


def _audit(session: Session, actor: User, person: ExpectedPerson, action: str, details: dict | None) -> None:
    # The district released to: its organisers read the log of the people expected there.
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="expected_person",
        entity_id=person.id,
        district_id=person.district_id,
        details=details,
    )


def _readable(session: Session, actor: User, expected_id: int) -> ExpectedPerson:
    """The record if `actor` may read it (its author; an organiser of its district), else 404."""
    if actor.role not in (Role.prison_worker, Role.organiser):
        raise Forbidden(_("Your role does not allow this."))
    person = session.get(ExpectedPerson, expected_id)
    mine = person is not None and (
        person.created_by_id == actor.id
        if actor.role == Role.prison_worker
        else person.district_id == actor.district_id
    )
    if not mine:
        raise NotFound(_("No such person expected."), code="expected_not_found")
    return person


def _own(session: Session, actor: User, expected_id: int) -> ExpectedPerson:
    """A record the actor added (prison social workers change only their own)."""
    _prison_worker(actor)
    return _readable(session, actor, expected_id)


def get_expected(session: Session, *, actor: User, expected_id: int) -> Expected:
    """One record for its author or an organiser of its district (with the arrival), else 404."""
    person = _readable(session, actor, expected_id)
    return _expected_rows(session, actor, ExpectedPerson.id == person.id)[0]


def update_expected(
    session: Session,
    *,
    actor: User,
    expected_id: int,
    release_on: date | None = None,
    district_id: int | None = None,
) -> ExpectedPerson:
    """The worker who added the person changes the planned release date or the district (audited)."""
    person = _own(session, actor, expected_id)
    before = {"release_on": person.release_on.isoformat(), "district_id": person.district_id}
    if release_on is not None and release_on != person.release_on:
        _check_release_on(release_on)
        person.release_on = release_on
    if district_id is not None and district_id != person.district_id:
        registry.ensure_open_district(session, district_id)
        person.district_id = district_id
    after = {"release_on": person.release_on.isoformat(), "district_id": person.district_id}
    changed = sorted(k for k in before if before[k] != after[k])
    if changed:
        session.add(person)
        session.flush()
        details = {"before": {k: before[k] for k in changed}, "after": {k: after[k] for k in changed}}
        _audit(session, actor, person, "update", details)
    return person


def delete_expected(session: Session, *, actor: User, expected_id: int) -> None:
    """The worker who added the person removes the record (not released, or registered in error)."""
    person = _own(session, actor, expected_id)
    _audit(session, actor, person, "delete", {"code": person.code})
    session.delete(person)
    session.flush()


def _expected_rows(
    session: Session, actor: User, *where: Any, page: int = 1, per_page: int = 1
) -> list[Expected]:
    """The records matching `where` with their district's name and, for organisers, the arrival."""
    query = (
        select(ExpectedPerson, District.name, arrived_on().label("arrived_on"))
        .join(District, District.id == ExpectedPerson.district_id)
        .where(*where)
        .order_by(ExpectedPerson.release_on, ExpectedPerson.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    show_arrival = actor.role == Role.organiser
    return [
        Expected(p, name, arrived if show_arrival else None) for p, name, arrived in session.exec(query).all()
    ]


def _count(session: Session, *where: Any) -> int:
    return session.exec(select(func.count()).select_from(ExpectedPerson).where(*where)).one()


def list_own(
    session: Session, *, actor: User, page: int = 1, per_page: int = 50
) -> tuple[list[Expected], int]:
    """The people the prison social worker added (never anyone else's), by planned release date; the total."""
    _prison_worker(actor)
    mine = ExpectedPerson.created_by_id == actor.id
    return _expected_rows(session, actor, mine, page=page, per_page=per_page), _count(session, mine)


def list_for_district(
    session: Session, *, actor: User, arrived: bool | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[Expected], int]:
    """The people expected in the organiser's district (`arrived`: only those who came, or only those who
    did not yet), by planned release date; the total."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see the people expected in the district."))
    where = [ExpectedPerson.district_id == actor.district_id]
    if arrived is not None:
        where.append(arrived_on().is_not(None) if arrived else arrived_on().is_(None))
    return _expected_rows(session, actor, *where, page=page, per_page=per_page), _count(session, *where)


def log_personal_view(session: Session, *, actor: User, person: ExpectedPerson) -> None:
    """Audit that an organiser was shown the personal fields of a person expected in the district."""
    if actor.role == Role.organiser and person.consent_on is not None:
        _audit(session, actor, person, "view_personal", None)


def release_districts(session: Session, *, actor: User) -> list[District]:
    """The districts a prison social worker may release people to: every open district, by name."""
    _prison_worker(actor)
    return registry.list_all_districts(session, include_retired=False)
