"""Demo data: one district of the Soligorsk pilot with partners, users, a year of fairs and two held fairs.

Everything goes through the public service functions (so the audit log is filled as in real use), except
the region and the district, which have no service yet. Nothing here commits; the caller does.
Idempotent: when the user `organiser` exists, only the logins are returned.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.models import Booth, Client, Coupon, District, Fair, FairStatus, Organisation, Region, Role, User
from fairs.services import audit, clients, coupon_changes, coupon_issue, registry, schedule, users, visits
from fairs.services.directions import list_directions

REGION = "Минская область"
DISTRICT = "Солигорский район"
VENUE = "Уголовно-исполнительная инспекция Солигорского РОВД, г. Солигорск, ул. Козлова, 21"

# (role, username, password, full name, organisation key); demo-only passwords, printed by `fairs demo`.
LOGINS: list[tuple[str, str, str, str, str | None]] = [
    ("organiser", "organiser", "demo-organiser-2026", "Кравченко Ольга Николаевна", None),
    ("partner", "partner", "demo-partner-2026", "Савицкая Елена Викторовна", "employment"),
    ("partner", "partner2", "demo-partner2-2026", "Мазуренко Игорь Степанович", "hospital"),
    ("committee", "committee", "demo-committee-2026", "Лысенко Андрей Павлович", None),
    ("admin", "admin", "demo-admin-2026", "Администратор системы", None),
]


@dataclass(frozen=True)
class OrgSpec:
    """A demo organisation: what it is, where, and what it receives."""

    key: str
    name: str
    kind: str
    address: str
    phone: str
    hours: str
    directions: tuple[str, ...]
    booth_staff: str | None  # None: no booth at fairs (employers)


WEEKDAYS = "пн–пт 8:00–17:00, обед 13:00–14:00"
ORGANISATIONS: list[OrgSpec] = [
    OrgSpec(
        "narcology",
        "УЗ «Минский областной клинический центр «Психиатрия-наркология»",
        "medical",
        "г. Солигорск, ул. Ленина, 47 (выездной приём)",
        "+375 17 270-00-01",
        "вт, чт 9:00–15:00",
        ("psychoneuro", "rehab", "psychological"),
        "врач психиатр-нарколог, психолог",
    ),
    OrgSpec(
        "hospital",
        "УЗ «Солигорская центральная районная больница»",
        "medical",
        "г. Солигорск, ул. Коржа, 1",
        "+375 174 20-00-02",
        "круглосуточно; поликлиника 7:30–20:00",
        ("infectious", "hiv_testing"),
        "врач-инфекционист, медсестра кабинета анонимного обследования",
    ),
    OrgSpec(
        "pnd",
        "Психоневрологический диспансер",
        "medical",
        "г. Солигорск, ул. Константина Заслонова, 62",
        "+375 174 20-00-03",
        WEEKDAYS,
        ("psychoneuro", "hiv_testing", "psychological"),
        "врач-психиатр-нарколог (заместительная терапия), сотрудник пункта обмена шприцев",
    ),
    OrgSpec(
        "cge",
        "Зональный центр гигиены и эпидемиологии",
        "medical",
        "г. Солигорск, ул. Железнодорожная, 13",
        "+375 174 20-00-04",
        WEEKDAYS,
        ("hiv_testing",),
        "помощник врача-эпидемиолога, консультант по ВИЧ",
    ),
    OrgSpec(
        "tcson",
        "Территориальный центр социального обслуживания населения",
        "social",
        "г. Солигорск, ул. Богомолова, 9",
        "+375 174 20-00-05",
        WEEKDAYS,
        ("social_services", "humanitarian", "documents", "housing", "legal"),
        "специалист по социальной работе, юрисконсульт",
    ),
    OrgSpec(
        "spc",
        "Социально-педагогический центр",
        "social",
        "г. Солигорск, ул. Молодёжная, 16",
        "+375 174 20-00-06",
        WEEKDAYS,
        ("social_services", "psychological"),
        "педагог-психолог, педагог социальный",
    ),
    OrgSpec(
        "employment",
        "Управление по труду, занятости и социальной защите (центр занятости)",
        "employment",
        "г. Солигорск, ул. Ленина, 35",
        "+375 174 20-00-07",
        WEEKDAYS,
        ("employment_counselling", "employment_referral", "legal"),
        "инспектор по трудоустройству, специалист по социальной защите",
    ),
    OrgSpec(
        "redcross",
        "Белорусское общество Красного Креста",
        "ngo",
        "г. Солигорск, ул. Северная, 5",
        "+375 174 20-00-08",
        "пн–пт 9:00–16:00",
        ("humanitarian", "psychological"),
        "специалист по социальной работе, волонтёр",
    ),
    OrgSpec(
        "na",
        "ОО «Анонимные наркоманы»",
        "ngo",
        "г. Солигорск, ул. Набережная, 2 (группа «Надежда»)",
        "+375 29 000-00-09",
        "вт, пт 19:00–20:30",
        ("rehab", "psychological"),
        "участник сообщества (равный консультант)",
    ),
    OrgSpec(
        "church",
        "Церковь «Новая жизнь» — реабилитационный центр для зависимых и созависимых",
        "religious",
        "Солигорский р-н, аг. Чижевичи, ул. Полевая, 4",
        "+375 29 000-00-10",
        "группы: вс 12:00–14:00; центр — круглосуточно",
        ("rehab", "humanitarian", "housing"),
        "пастор, руководитель реабилитационного центра",
    ),
    OrgSpec(
        "rehab",
        "Реабилитационный центр «Шанс»",
        "ngo",
        "г. Солигорск, Любанское шоссе, 3",
        "+375 29 000-00-11",
        "круглосуточно",
        ("rehab", "housing"),
        "консультант по химической зависимости",
    ),
    OrgSpec(
        "belaruskali",
        "ОАО «Беларуськалий»",
        "employer",
        "г. Солигорск, ул. Коржа, 5 (отдел кадров)",
        "+375 174 20-00-12",
        WEEKDAYS,
        ("employment_referral",),
        None,
    ),
    OrgSpec(
        "zhkh",
        "КУП «Солигорское ЖКХ»",
        "employer",
        "г. Солигорск, ул. Козлова, 8 (отдел кадров)",
        "+375 174 20-00-13",
        WEEKDAYS,
        ("employment_referral",),
        None,
    ),
]


@dataclass(frozen=True)
class Person:
    """A made-up visitor: the attributes of the client code, and personal fields only with consent."""

    mother: str
    father: str
    sex: str
    birth_year: int
    consent: bool = False
    full_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    distinct: bool = False  # a different person whose code collides with an earlier one


PEOPLE: list[Person] = [
    Person("Галина", "Сергей", "M", 1984, True, "Ковалёв Андрей Сергеевич", date(1984, 3, 17)),
    Person("Ольга", "Николай", "M", 1979),
    Person("Мария", "Виктор", "M", 1990, True),
    Person("Татьяна", "Александр", "F", 1988, True, "Лазаренко Ирина Александровна"),
    Person("Людмила", "Иван", "M", 1975),
    Person("Нина", "Пётр", "M", 1993, True, "Шевчук Дмитрий Петрович", None, "+375 29 000-01-06"),
    Person("Светлана", "Владимир", "M", 1986),
    Person("Валентина", "Михаил", "F", 1981),
    Person("Елена", "Юрий", "M", 1995, True, "Гончар Максим Юрьевич", date(1995, 11, 2)),
    Person("Анна", "Иван", "M", 1985),
    Person("Раиса", "Геннадий", "M", 1972, True),
    Person("Зинаида", "Василий", "M", 1968),
    Person("Ирина", "Олег", "F", 1997, True, "Мельник Алина Олеговна"),
    Person("Лариса", "Анатолий", "M", 1991),
    Person("Антонина", "Иван", "M", 1985, distinct=True),  # same code as «Анна/Иван/1985»: gets a suffix
]

# One visitor at a fair: the person, consultations (booth organisation, direction) and coupons
# (issuing booth's organisation, receiving organisation, direction, fate). A fate is "issued", "cancel",
# "redeem" or "redeem:<outcome code>".
Visitor = tuple[int, list[tuple[str, str]], list[tuple[str, str, str, str]]]

OLDER_FAIR: list[Visitor] = [
    (
        0,
        [("employment", "employment_counselling"), ("tcson", "documents")],
        [
            ("employment", "employment", "employment_counselling", "redeem:registered_jobseeker"),
            ("tcson", "tcson", "documents", "redeem:service_provided"),
        ],
    ),
    (
        1,
        [("pnd", "psychoneuro"), ("hospital", "infectious")],
        [
            ("pnd", "pnd", "psychoneuro", "redeem:treatment_started"),
            ("hospital", "hospital", "infectious", "issued"),
        ],
    ),
    (
        2,
        [("employment", "employment_referral")],
        [("employment", "belaruskali", "employment_referral", "redeem:employed")],
    ),
    (
        3,
        [("spc", "psychological"), ("redcross", "humanitarian")],
        [("redcross", "redcross", "humanitarian", "redeem:aid_given")],
    ),
    (4, [("cge", "hiv_testing")], [("cge", "cge", "hiv_testing", "redeem:service_provided")]),
    (5, [("narcology", "rehab"), ("church", "rehab")], [("narcology", "rehab", "rehab", "redeem")]),
    (
        6,
        [("employment", "employment_counselling")],
        [
            ("employment", "zhkh", "employment_referral", "cancel"),
            ("employment", "employment", "employment_counselling", "redeem:vacancies_offered"),
        ],
    ),
    (
        7,
        [("tcson", "social_services"), ("tcson", "humanitarian")],
        [("tcson", "tcson", "humanitarian", "redeem:aid_given"), ("tcson", "church", "housing", "issued")],
    ),
    (8, [("hospital", "hiv_testing")], [("hospital", "hospital", "hiv_testing", "redeem:service_provided")]),
    (9, [("na", "psychological")], []),
]

RECENT_FAIR: list[Visitor] = [
    (
        4,
        [("employment", "employment_referral")],
        [("employment", "zhkh", "employment_referral", "redeem:employed")],
    ),
    (5, [("pnd", "psychoneuro")], [("pnd", "pnd", "psychoneuro", "redeem:treatment_started")]),
    (
        6,
        [("employment", "employment_counselling")],
        [("employment", "employment", "employment_counselling", "redeem:registered_jobseeker")],
    ),
    (7, [("hospital", "infectious")], [("hospital", "hospital", "infectious", "redeem:treatment_started")]),
    (
        8,
        [("employment", "employment_referral"), ("employment", "legal")],
        [("employment", "belaruskali", "employment_referral", "issued")],
    ),
    (
        9,
        [("cge", "hiv_testing"), ("hospital", "hiv_testing")],
        [("hospital", "hospital", "hiv_testing", "redeem"), ("cge", "pnd", "psychoneuro", "issued")],
    ),
    (
        10,
        [("redcross", "humanitarian"), ("tcson", "housing")],
        [
            ("redcross", "redcross", "humanitarian", "redeem:aid_given"),
            ("tcson", "tcson", "housing", "issued"),
        ],
    ),
    (
        11,
        [("employment", "employment_counselling")],
        [("employment", "employment", "employment_counselling", "redeem:vacancies_offered")],
    ),
    (12, [("spc", "psychological"), ("na", "rehab")], [("na", "rehab", "rehab", "redeem:treatment_started")]),
    (
        13,
        [("tcson", "documents")],
        [("tcson", "tcson", "documents", "issued"), ("tcson", "employment", "legal", "redeem")],
    ),
    (14, [("narcology", "psychoneuro")], [("narcology", "narcology", "rehab", "issued")]),
]


def demo_logins() -> list[tuple[str, str, str]]:
    """(role, username, password) of every demo user."""
    return [(role, username, password) for role, username, password, _name, _org in LOGINS]


def load_demo(session: Session) -> list[tuple[str, str, str]]:
    """Fill an empty district with demo data (once) and return the demo logins."""
    if session.exec(select(User.id).where(User.username == "organiser")).first() is not None:
        return demo_logins()
    district = _district(session)
    organiser = users.create_user(
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
        user = users.create_user(
            session,
            actor=None,
            username=username,
            password=password,
            role=role,
            district_id=district.id if role in (Role.partner, Role.committee) else None,
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
    schedule.open_fair(session, actor=organiser, fair=fair)
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
        client = people.get(person_index) or _register(session, organiser, PEOPLE[person_index])
        people[person_index] = client
        visits.record_visit(session, actor=organiser, fair=fair, client=client)
        for org_key, direction in consultations:
            visits.record_consultation(
                session, actor=organiser, booth=booths[org_key], fair=fair, client=client, direction=direction
            )
        for booth_key, target_key, direction, fate in issued:
            coupon = coupon_issue.issue_coupon(
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
        coupon_changes.cancel_coupon(
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
        coupon_changes.redeem_coupon(session, actor=partner, coupon=coupon)
    else:
        # The organiser enters the date from the paper stub the receiving organisation sent back.
        actor = organiser
        day = min(coupon.issued_on + timedelta(days=redeem_delay), coupon.expires_on, today)
        coupon_changes.redeem_coupon(session, actor=organiser, coupon=coupon, redeemed_on=day)
    _, _, outcome = fate.partition(":")
    if outcome:
        day = min(coupon.redeemed_on + timedelta(days=outcome_delay), today)
        coupon_changes.record_outcome(session, actor=actor, coupon=coupon, outcome=outcome, day=day)
