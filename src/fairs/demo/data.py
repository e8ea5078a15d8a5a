"""The demo district's data: the Soligorsk partners, the demo logins, made-up visitors and what they got.

Read by services/demo, which loads it through the service functions. Everything here is invented except
the kinds of organisations, which follow the pilot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fairs.services.accounts import PUBLISHED_DEMO_PASSWORDS

REGION = "Минская область"
DISTRICT = "Солигорский район"
VENUE = "Уголовно-исполнительная инспекция Солигорского РОВД, г. Солигорск, ул. Козлова, 21"

# (role, username, password, full name, organisation key); demo-only passwords, printed by `fairs demo`.
LOGINS: list[tuple[str, str, str, str, str | None]] = [
    ("organiser", "organiser", PUBLISHED_DEMO_PASSWORDS["organiser"], "Кравченко Ольга Николаевна", None),
    ("partner", "partner", PUBLISHED_DEMO_PASSWORDS["partner"], "Савицкая Елена Викторовна", "employment"),
    ("partner", "partner2", PUBLISHED_DEMO_PASSWORDS["partner2"], "Мазуренко Игорь Степанович", "hospital"),
    ("committee", "committee", PUBLISHED_DEMO_PASSWORDS["committee"], "Лысенко Андрей Павлович", None),
    ("admin", "admin", PUBLISHED_DEMO_PASSWORDS["admin"], "Администратор системы", None),
    ("prison_worker", "prison", PUBLISHED_DEMO_PASSWORDS["prison"], "Гайдук Марина Сергеевна", "prison"),
    ("curator", "curator", PUBLISHED_DEMO_PASSWORDS["curator"], "Бондарь Светлана Игоревна", None),
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
        ("infectious", "hiv_testing", "tb_screening", "hepatitis_c"),
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
        ("social_services", "psychological", "family_ties"),
        "педагог-психолог, педагог социальный",
    ),
    OrgSpec(
        "employment",
        "Управление по труду, занятости и социальной защите (центр занятости)",
        "employment",
        "г. Солигорск, ул. Ленина, 35",
        "+375 174 20-00-07",
        WEEKDAYS,
        ("employment_counselling", "employment_referral", "legal", "pension_disability"),
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
