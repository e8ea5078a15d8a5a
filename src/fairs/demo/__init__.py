"""Demo data: one district of the Soligorsk pilot with partners, users, a year of fairs and two held fairs.

Everything goes through the public service functions (so the audit log is filled as in real use), except
the region and the district, which have no service yet. Nothing here commits; the caller does.
Idempotent: when the user `organiser` exists, only the logins are returned.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.demo import beyond
from fairs.demo.data import (
    DISTRICT,
    LOGINS,
    OLDER_FAIR,
    ORGANISATIONS,
    PEOPLE,
    RECENT_FAIR,
    REGION,
    VENUE,
    Person,
    Visitor,
)
from fairs.models import Booth, Client, Coupon, District, Fair, FairStatus, Organisation, Region, Role, User
from fairs.services import accounts, audit, clients, coupons, registry, schedule
from fairs.services.registry import list_directions


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, username, password) of every demo user."""
    return [(role, username, password) for role, username, password, _name, _org in LOGINS]


def load_demo(session: Session) -> list[tuple[str, str, str]]:
    """Fill an empty district with demo data (once) and return the demo logins."""
    if session.exec(select(User.id).where(User.username == "organiser")).first() is not None:
        return demo_logins()
    district = _district(session)
    organiser = accounts.create_user(
        session,
        actor=None,
        username="organiser",
        password=LOGINS[0][2],
        role=Role.organiser,
        district_id=district.id,
        full_name=LOGINS[0][3],
        check_rules=False,
    )
    orgs = {
        spec.key: registry.create_organisation(
            session,
            actor=organiser,
            name=spec.name,
            kind=spec.kind,
            address=spec.address,
            phone=spec.phone,
            hours=spec.hours,
            directions=list(spec.directions),
        )
        for spec in ORGANISATIONS
    }
    _check_every_direction_received(session)
    orgs["prison"] = beyond.prison(session, organiser=organiser)
    partners = _users(session, district=district, orgs=orgs)
    today = local_today()
    schedule.generate_year(session, actor=organiser, year=today.year, venue=VENUE)
    past = _past_fairs(session, district_id=district.id, today=today)
    if len(past) < 2:
        schedule.generate_year(session, actor=organiser, year=today.year - 1, venue=VENUE)
        past = _past_fairs(session, district_id=district.id, today=today)
    rng = random.Random(2026)
    people: dict[int, Client] = {}
    for fair, visitors in zip(reversed(past[:2]), (OLDER_FAIR, RECENT_FAIR), strict=False):
        _hold_fair(
            session,
            organiser=organiser,
            fair=fair,
            orgs=orgs,
            partners=partners,
            visitors=visitors,
            people=people,
            rng=rng,
            today=today,
        )
    beyond.load(session, organiser=organiser, district=district, people=list(people.values()), today=today)
    return demo_logins()


def _district(session: Session) -> District:
    # No service manages regions and districts yet: made here, and audited like the rest.
    region = session.exec(select(Region).where(Region.name == REGION)).first()
    if region is None:
        region = Region(name=REGION)
        session.add(region)
        session.flush()
        audit.record(
            session,
            actor=None,
            action="create",
            entity="region",
            entity_id=region.id,
            district_id=None,
            details={"name": REGION},
        )
    district = session.exec(
        select(District).where(District.region_id == region.id, District.name == DISTRICT)
    ).first()
    if district is None:
        district = District(region_id=region.id, name=DISTRICT)
        session.add(district)
        session.flush()
        audit.record(
            session,
            actor=None,
            action="create",
            entity="district",
            entity_id=district.id,
            district_id=district.id,
            details={"name": DISTRICT},
        )
    return district


def _check_every_direction_received(session: Session) -> None:
    received = {code for spec in ORGANISATIONS for code in spec.directions}
    missing = sorted(d.code for d in list_directions(session) if d.code not in received)
    if missing:
        raise RuntimeError(f"demo data: no organisation receives {', '.join(missing)}")


def _users(session: Session, *, district: District, orgs: dict[str, Organisation]) -> dict[int, User]:
    """The other demo users; returns the partner users by their organisation's id."""
    partners: dict[int, User] = {}
    for role, username, password, full_name, org_key in LOGINS[1:]:
        user = accounts.create_user(
            session,
            actor=None,
            username=username,
            password=password,
            role=role,
            district_id=district.id if role in (Role.partner, Role.committee, Role.curator) else None,
            organisation_id=orgs[org_key].id if org_key else None,
            full_name=full_name,
            check_rules=False,
        )
        if org_key:
            partners[orgs[org_key].id] = user
    return partners


def _past_fairs(session: Session, *, district_id: int, today: date) -> list[Fair]:
    """Planned fairs before today, most recent first."""
    return list(
        session.exec(
            select(Fair)
            .where(Fair.district_id == district_id, Fair.date < today, Fair.status == FairStatus.planned)
            .order_by(Fair.date.desc())
        ).all()
    )


def _hold_fair(
    session: Session,
    *,
    organiser: User,
    fair: Fair,
    orgs: dict[str, Organisation],
    partners: dict[int, User],
    visitors: list[Visitor],
    people: dict[int, Client],
    rng: random.Random,
    today: date,
) -> None:
    """Open the fair, set up its booths, close it, then back-enter the day from the paper records."""
    schedule.open_fair(session, actor=organiser, fair=fair, confirm=True)
    booths: dict[str, Booth] = {
        spec.key: registry.add_booth(
            session,
            actor=organiser,
            fair=fair,
            organisation_id=orgs[spec.key].id,
            staff=spec.booth_staff or "",
        )
        for spec in ORGANISATIONS
        if spec.booth_staff is not None
    }
    schedule.close_fair(session, actor=organiser, fair=fair)
    # Back-entered after closing, so coupons carry the fair's date (a live entry would carry today's).
    for person_index, consultations, issued in visitors:
        client = people.get(person_index)
        if client is None:
            client = _register(session, organiser, PEOPLE[person_index])
            codes = list(CATEGORIES[person_index % len(CATEGORIES)])
            clients.record_categories(session, actor=organiser, client=client, codes=codes, day=fair.date)
        people[person_index] = client
        clients.record_visit(session, actor=organiser, fair=fair, client=client)
        for org_key, direction in consultations:
            clients.record_consultation(
                session, actor=organiser, booth=booths[org_key], fair=fair, client=client, direction=direction
            )
        for booth_key, target_key, direction, fate in issued:
            coupon = coupons.issue_coupon(
                session,
                actor=organiser,
                booth_id=booths[booth_key].id,
                client_id=client.id,
                organisation_id=orgs[target_key].id,
                direction=direction,
            ).coupon
            _settle(
                session,
                organiser=organiser,
                partner=partners.get(orgs[target_key].id),
                coupon=coupon,
                fate=fate,
                rng=rng,
                today=today,
            )


# The categories of person each demo visitor is recorded in at their first fair, in turn (the last: none),
# so that the dashboard's and the workbook's tables by category have figures.
CATEGORIES = (
    ("released",),
    ("released", "drug_use"),
    ("registered",),
    ("non_custodial",),
    ("relatives",),
    (),
)


def _register(session: Session, organiser: User, person: Person) -> Client:
    return clients.register_client(
        session,
        actor=organiser,
        mother_name=person.mother,
        father_name=person.father,
        sex=person.sex,
        birth_year=person.birth_year,
        consent=person.consent,
        full_name=person.full_name,
        birth_date=person.birth_date,
        phone=person.phone,
        distinct_person=person.distinct,
    ).client


def _settle(
    session: Session,
    *,
    organiser: User,
    partner: User | None,
    coupon: Coupon,
    fate: str,
    rng: random.Random,
    today: date,
) -> None:
    """Redeem, record an outcome or cancel, as the scripted fate says."""
    # Drawn whatever the fate, so the data stays the same whichever day the demo is loaded.
    redeem_delay, outcome_delay = rng.randint(1, 12), rng.randint(0, 10)
    if fate == "cancel":
        coupons.cancel_coupon(
            session,
            actor=organiser,
            coupon=coupon,
            reason="Выдан ошибочно: клиенту нужна консультация центра занятости",
        )
        return
    if not fate.startswith("redeem"):
        return
    if partner is not None and coupon.expires_on >= today:
        # Still valid: the receiving organisation scans it today.
        actor = partner
        coupons.redeem_coupon(session, actor=partner, coupon=coupon)
    else:
        # The organiser enters the date from the paper stub the receiving organisation sent back.
        actor = organiser
        day = min(coupon.issued_on + timedelta(days=redeem_delay), coupon.expires_on, today)
        coupons.redeem_coupon(session, actor=organiser, coupon=coupon, redeemed_on=day)
    _, _, outcome = fate.partition(":")
    if outcome:
        day = min(coupon.redeemed_on + timedelta(days=outcome_delay), today)
        coupons.record_outcome(session, actor=actor, coupon=coupon, outcome=outcome, day=day)
