"""A year of fairs for a whole country, written straight into a migrated database for bench/export.py.

Shape at scale 1: 6 regions × 20 districts, 12 fairs per district (second Mondays of YEAR, all closed),
15 organisations per district (the demo's 13 and two more employers; the 11 partners have a booth at
every fair),
200,000 clients, about 500,000 visits and 250,000 consultations, 1,000,000 coupons spread unevenly
(the first region holds 17 %: about 170,000). About 60 % of coupons are redeemed a few days after issue,
most with an outcome of their direction, 3 % cancelled, the rest issued (most of them expired by now).
Nine clients in ten are in a category of person (the seeded five) from their registration, a fifth of them in
a second one too, and one in twenty leaves a category during the year (about 260,000 changes).
`scale` multiplies clients and coupons; the geography stays the same.

Rows go in with executemany on SQLite and COPY on PostgreSQL, with explicit ids.
"""

from __future__ import annotations

import random
import secrets
import sqlite3
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import make_url

from fairs.db import make_engine
from fairs.demo.data import ORGANISATIONS, OrgSpec
from fairs.services.clients import refresh_first_fairs
from fairs.services.coupons.codes import ALPHABET, check_symbol
from fairs.services.schedule.calendar import second_monday

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2026
COUPONS, CLIENTS = 1_000_000, 200_000
REGIONS = ["Брестская", "Витебская", "Гомельская", "Гродненская", "Минская", "Могилёвская"]
REGION_SHARES = [0.17, 0.22, 0.19, 0.16, 0.14, 0.12]  # of coupons and clients; the first is measured
DISTRICTS_PER_REGION = 20
OPENS, CLOSES = "09:00:00", "18:00:00"  # every fair's hours, and each district's default
EMPLOYERS = [
    OrgSpec(key, name, "employer", "", "", "", ("employment_referral",), None)
    for key, name in [("plant", "ОАО «Завод металлоконструкций»"), ("farm", "СПК «Заря»")]
]
ORG_SPECS = ORGANISATIONS + EMPLOYERS
DIRECTION_WEIGHTS = {
    "employment_counselling": 14,
    "employment_referral": 10,
    "psychoneuro": 12,
    "social_services": 12,
    "rehab": 7,
    "infectious": 6,
    "hiv_testing": 14,
    "humanitarian": 10,
    "psychological": 6,
    "legal": 4,
    "documents": 4,
    "housing": 3,
}
MOTHERS = ["Анна", "Галина", "Ольга", "Мария", "Татьяна", "Людмила", "Нина", "Светлана", "Валентина", "Елена"]
MOTHERS += ["Раиса", "Зинаида", "Ирина", "Лариса", "Тамара", "Вера", "Надежда", "Жанна", "Юлия", "Оксана"]
FATHERS = ["Иван", "Сергей", "Николай", "Виктор", "Александр", "Пётр", "Владимир", "Михаил", "Юрий"]
FATHERS += ["Геннадий", "Василий", "Олег", "Анатолий", "Дмитрий", "Григорий", "Леонид", "Фёдор", "Павел"]
COLUMNS = {
    "region": "id name retired",
    "district": "id region_id name print_initials retired default_venue default_starts_at default_ends_at "
    "print_locale",
    "organisation": "id district_id name kind address phone hours is_active created_at serves_region",
    "organisationdirection": "organisation_id direction_id",
    "fair": "id district_id date venue starts_at ends_at status opened_at closed_at cancel_reason kind",
    "booth": "id fair_id organisation_id staff",
    "person": "id code",
    "client": "id district_id code person_id base_code sex birth_year created_at",
    "client_category": "id client_id person_id district_id category_id recorded_on held held_until "
    "created_at",
    "visit": "id fair_id client_id person_id created_at back_entered",
    "consultation": "id booth_id client_id person_id direction_id note created_at back_entered",
    "coupon": "id district_id token code fair_id booth_id client_id person_id issuing_organisation_id "
    "organisation_id "
    "direction_id status issued_on expires_on issued_at back_entered redeemed_at redeemed_on outcome_id "
    "outcome_on cancelled_at cancel_reason",
}


def expected_counts(scale: float) -> dict[str, int | None]:
    """Row counts a finished build at `scale` has (None: some, however many)."""
    regions = len(REGIONS)
    return {
        "region": regions,
        "district": regions * DISTRICTS_PER_REGION,
        "fair": regions * DISTRICTS_PER_REGION * 12,
        "client": round(CLIENTS * scale),
        "client_category": None,  # drawn per client: any number above none
        "coupon": round(COUPONS * scale),
    }


def split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights`, exactly (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    parts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: parts[i] - raw[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def short_code(n: int) -> str:
    """A unique valid coupon code for the n-th coupon (a bijective scramble of n, then the check symbol)."""
    value = (n * 0x9E3779B1 + 0x5BD1E995) % (1 << 40)
    body = "".join(ALPHABET[(value >> shift) & 31] for shift in range(35, -5, -5))
    return body + check_symbol(body)


class Loader:
    """Bulk writer of rows with explicit ids into one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sqlite = url.startswith("sqlite")
        if self.sqlite:
            sqlite3.register_adapter(date, date.isoformat)
            sqlite3.register_adapter(datetime, lambda v: v.strftime("%Y-%m-%d %H:%M:%S.%f"))
            self.conn = sqlite3.connect(make_url(url).database, isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
                self.conn.execute(f"PRAGMA {pragma}")
            self.conn.execute("BEGIN")
        else:
            self.conn = psycopg.connect(libpq_url(url))

    def load(self, table: str, rows: Iterable[tuple]) -> None:
        """Append `rows` (in COLUMNS order) to `table`."""
        columns = COLUMNS[table].split()
        names = ", ".join(f'"{c}"' for c in columns)
        if self.sqlite:
            marks = ", ".join("?" * len(columns))
            self.conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)  # noqa: S608
            return
        with self.conn.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)

    def finish(self) -> None:
        """Commit, move sequences past the explicit ids, refresh planner statistics."""
        if self.sqlite:
            self.conn.execute("COMMIT")
            self.conn.execute("ANALYZE")
            self.conn.execute("PRAGMA journal_mode=WAL")
        else:
            for table in COLUMNS:
                if table != "organisationdirection":
                    self.conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                        f'coalesce((SELECT max(id) FROM "{table}"), 1))'
                    )
            self.conn.commit()
            self.conn.autocommit = True
            self.conn.execute("VACUUM ANALYZE")
        self.conn.close()


def libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as psycopg's connection string."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def existing_counts(url: str) -> dict[str, int] | None:
    """Row counts of the tables `expected_counts` names, or None when there is no built database."""
    try:
        engine = make_engine(url, immediate=False)
        with engine.connect() as conn:
            counts = {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in COLUMNS}  # noqa: S608
        engine.dispose()
        return counts
    except Exception:  # noqa: BLE001  (no file, no database, no tables: all mean "build it")
        return None


def fresh_database(url: str) -> None:
    """Delete the SQLite file, or drop and create the PostgreSQL database (its name must say `bench`)."""
    parsed = make_url(url)
    if url.startswith("sqlite"):
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if "bench" not in parsed.database:
        raise SystemExit(f"refusing to drop database {parsed.database!r}: its name must contain 'bench'")
    admin = libpq_url(str(parsed.set(database="postgres")))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')


def migrate(url: str) -> None:
    """`alembic upgrade head` against `url`."""
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    command.upgrade(cfg, "head")


def seeded_directions(url: str) -> tuple[dict[str, int], dict[int, list[int]], list[int]]:
    """Direction ids by code and outcome ids by direction id, as migration 0001 seeded them, and the ids of
    the categories of person the migrations seeded (the first: released from prison)."""
    engine = make_engine(url, immediate=False)
    with engine.connect() as conn:
        directions = dict(conn.execute(text("SELECT code, id FROM direction")).all())
        outcomes: dict[int, list[int]] = {}
        for direction_id, outcome_id in conn.execute(
            text("SELECT direction_id, id FROM outcome ORDER BY id")
        ):
            outcomes.setdefault(direction_id, []).append(outcome_id)
        categories = list(conn.execute(text("SELECT id FROM category ORDER BY sort_order, id")).scalars())
    engine.dispose()
    return directions, outcomes, categories


class Counter:
    """Next explicit id per table."""

    def __init__(self) -> None:
        self.last: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        self.last[table] = self.last.get(table, 0) + 1
        return self.last[table]


def build_country(url: str, scale: float, *, rebuild: bool = False) -> tuple[dict[str, int], float | None]:
    """Build (or reuse, when its counts match) the country at `url`; counts and seconds spent building."""
    want = expected_counts(scale)
    have = None if rebuild else existing_counts(url)
    if have and all(have[t] > 0 if n is None else have[t] == n for t, n in want.items()):
        migrate(url)  # built by an earlier schema: brought up to the migrations' head (tables added empty)
        return have, None
    started = time.perf_counter()
    fresh_database(url)
    migrate(url)
    directions, outcomes, categories = seeded_directions(url)
    loader, ids, rng = Loader(url), Counter(), random.Random(YEAR)
    persons: dict[str, int] = {}  # client code → person id, over every district
    coupons = split(want["coupon"], REGION_SHARES)
    clients = split(want["client"], REGION_SHARES)
    loader.load("region", [(i + 1, f"{name} область", False) for i, name in enumerate(REGIONS)])
    for region, region_name in enumerate(REGIONS, start=1):
        weights = [rng.lognormvariate(0, 0.6) for _ in range(DISTRICTS_PER_REGION)]
        parts = zip(split(coupons[region - 1], weights), split(clients[region - 1], weights), strict=True)
        for n, (n_coupons, n_clients) in enumerate(parts, start=1):
            district_id = ids("district")
            name = f"{region_name} обл., район {n:02d}"
            loader.load("district", [(district_id, region, name, False, False, "УИИ", OPENS, CLOSES, "ru")])
            district = District(district_id, ids, rng, directions, outcomes, persons)
            district.categories = categories
            for table, rows in district.rows(n_clients, n_coupons):
                loader.load(table, rows)
    loader.finish()
    first_fairs(url)
    return existing_counts(url) or {}, time.perf_counter() - started


def first_fairs(url: str) -> None:
    """Every person's first fair worked out from the visits written above (the services keep it visit by
    visit), then the planner's statistics of `person` again."""
    engine = make_engine(url)
    with engine.begin() as conn:
        refresh_first_fairs(conn)
        conn.exec_driver_sql("ANALYZE person")
    engine.dispose()


class District:
    """One district's organisations, fairs and a year of activity, as rows."""

    def __init__(
        self,
        district_id: int,
        ids: Counter,
        rng: random.Random,
        directions: dict[str, int],
        outcomes: dict[int, list[int]],
        persons: dict[str, int],
    ) -> None:
        self.id, self.ids, self.rng, self.persons = district_id, ids, rng, persons
        self.directions, self.outcomes = directions, outcomes
        self.categories: list[int] = []  # the seeded categories of person, the most common first
        self.receivers: dict[int, list[int]] = {}  # direction id → organisation ids
        self.booths: list[list[tuple[int, int]]] = []  # per fair: (booth id, organisation id)
        self.fairs: list[tuple[int, date, datetime]] = []  # (fair id, date, opened_at)

    def rows(self, n_clients: int, n_coupons: int) -> Iterator[tuple[str, list[tuple]]]:
        """Every table's rows for this district, parents first."""
        yield from self.structure()
        known = len(self.persons)
        clients = self.clients(n_clients)
        yield "person", [(person_id, code) for code, person_id in list(self.persons.items())[known:]]
        yield "client", clients
        yield "client_category", self.client_categories([(c[0], c[3]) for c in clients])
        visits = self.visits([(c[0], c[3]) for c in clients])
        yield "visit", visits
        yield "consultation", self.consultations(visits)
        yield "coupon", self.coupons(visits, n_coupons)

    def structure(self) -> Iterator[tuple[str, list[tuple]]]:
        """Organisations, the directions they receive, fairs and booths."""
        created = datetime(YEAR - 1, 12, 1, 8, tzinfo=UTC)
        orgs, links, with_booth = [], [], []
        for spec in ORG_SPECS:
            org_id = self.ids("organisation")
            orgs.append(
                (org_id, spec.name, spec.kind, spec.address, spec.phone, spec.hours, True, created, False)
            )
            for code in spec.directions:
                links.append((org_id, self.directions[code]))
                self.receivers.setdefault(self.directions[code], []).append(org_id)
            if spec.booth_staff is not None:
                with_booth.append((org_id, spec.booth_staff))
        yield "organisation", [(o[0], self.id, *o[1:]) for o in orgs]
        yield "organisationdirection", links
        fairs, booths = [], []
        for month in range(1, 13):
            day = second_monday(YEAR, month)
            opened = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)  # 09:00 in Minsk
            fair_id = self.ids("fair")
            fairs.append((fair_id, self.id, day, "УИИ", OPENS, CLOSES, "closed", opened))
            self.fairs.append((fair_id, day, opened))
            self.booths.append([])
            for org_id, staff in with_booth:
                booth_id = self.ids("booth")
                booths.append((booth_id, fair_id, org_id, staff))
                self.booths[-1].append((booth_id, org_id))
        yield "fair", [(*f, f[-1] + timedelta(hours=9), "", "fair") for f in fairs]
        yield "booth", booths

    def clients(self, count: int) -> list[tuple]:
        """Clients with plausible codes (АНИВ185), suffixed -2, -3 where two people share one; a code
        another district has already is the same person (a client code is one person everywhere)."""
        rows, seen = [], {}
        created = datetime(YEAR, 1, 1, 6, tzinfo=UTC)
        for _ in range(count):
            sex = self.rng.choice("MMMF")
            year = self.rng.randint(1960, 2004)
            base = f"{self.rng.choice(MOTHERS)[:2]}{self.rng.choice(FATHERS)[:2]}".upper()
            base += f"{1 if sex == 'M' else 2}{year % 100:02d}"
            seen[base] = seen.get(base, 0) + 1
            code = base if seen[base] == 1 else f"{base}-{seen[base]}"
            person_id = self.persons.setdefault(code, len(self.persons) + 1)
            rows.append((self.ids("client"), self.id, code, person_id, base, sex, year, created))
        return rows

    def client_categories(self, clients: list[tuple[int, int]]) -> list[tuple]:
        """Nine in ten clients in a category from registration (most of them released from prison), a fifth
        of those in a second one, one in twenty leaving one during the year. Drawn from a generator of the
        district's own, so the other tables' rows stay what they were before categories were built."""
        rng, rows = random.Random(self.id), []
        registered = date(YEAR, 1, 1)
        for client_id, person_id in clients:
            if rng.random() >= 0.9:
                continue
            first = self.categories[0] if rng.random() < 0.7 else rng.choice(self.categories)
            held = [first]
            if rng.random() < 0.2:
                held.append(rng.choice([c for c in self.categories if c != first]))
            at = datetime(YEAR, 1, 1, 6, tzinfo=UTC)
            left = registered + timedelta(days=rng.randint(30, 330)) if rng.random() < 0.05 else None
            owner = (client_id, person_id, self.id)
            for c in held:  # each held until the client leaves it (the last one, for one in twenty)
                until = left if c == held[-1] else None
                rows.append((self.ids("client_category"), *owner, c, registered, True, until, at))
            if left is not None:
                rows.append((self.ids("client_category"), *owner, held[-1], left, False, None, at))
        return rows

    def visits(self, clients: list[tuple[int, int]]) -> list[tuple]:
        """Each client (id, person id) comes to one fair or several (three on average), once per fair."""
        rows = []
        for client_id, person_id in clients:
            k = min(12, 1 + int(self.rng.expovariate(0.5)))
            for fair in sorted(self.rng.sample(range(12), k)):
                at = self.fairs[fair][2] + timedelta(minutes=self.rng.randrange(540))
                rows.append((self.ids("visit"), self.fairs[fair][0], client_id, person_id, at, False))
        return rows

    def consultations(self, visits: list[tuple]) -> list[tuple]:
        """About half the visits include a consultation at a booth in one of its directions."""
        rows, fair_index = [], {f[0]: i for i, f in enumerate(self.fairs)}
        for _visit_id, fair_id, client_id, person_id, at, _ in visits:
            if self.rng.random() < 0.5:
                booth_id, org_id = self.rng.choice(self.booths[fair_index[fair_id]])
                direction = self.rng.choice([d for d, orgs in self.receivers.items() if org_id in orgs])
                row = (self.ids("consultation"), booth_id, client_id, person_id, direction, "", at, False)
                rows.append(row)
        return rows

    def coupons(self, visits: list[tuple], count: int) -> list[tuple]:
        """`count` coupons issued at random visits: ~60 % redeemed, 3 % cancelled, the rest issued."""
        rng, rows, fair_index = self.rng, [], {f[0]: i for i, f in enumerate(self.fairs)}
        codes = [self.directions[c] for c in DIRECTION_WEIGHTS]
        for visit, direction in zip(
            rng.choices(visits, k=count),
            rng.choices(codes, list(DIRECTION_WEIGHTS.values()), k=count),
            strict=True,
        ):
            _, fair_id, client_id, person_id, at, _ = visit
            fair = fair_index[fair_id]
            org_id = rng.choice(self.receivers[direction])
            own = [b for b in self.booths[fair] if b[1] == org_id]
            booth_id, issuer = own[0] if own and rng.random() < 0.7 else rng.choice(self.booths[fair])
            issued_on = self.fairs[fair][1]
            n = self.ids("coupon")
            row = [n, self.id, secrets.token_urlsafe(24), short_code(n), fair_id, booth_id, client_id]
            row += [person_id, issuer]
            row += [org_id, direction, "issued", issued_on, issued_on + timedelta(days=30), at, False]
            roll = rng.random()
            if roll < 0.03:
                row[11] = "cancelled"
                row += [None, None, None, None, at + timedelta(minutes=5), "Выдан по ошибке"]
            elif roll < 0.63:
                days = min(29, int(rng.expovariate(0.25)))
                redeemed_on = issued_on + timedelta(days=days)
                redeemed_at = datetime(redeemed_on.year, redeemed_on.month, redeemed_on.day, 7, tzinfo=UTC)
                outcome = rng.choice(self.outcomes[direction]) if rng.random() < 0.85 else None
                row[11] = "redeemed"
                row += [redeemed_at, redeemed_on, outcome, redeemed_on if outcome else None, None, ""]
            else:
                row += [None, None, None, None, None, ""]
            rows.append(tuple(row))
        return rows
