"""The SQL the committee's tally is built from: which records count, and the pieces its passes share.

The passes themselves are in fair_pass (per fair), person_pass (distinct persons, and by category of
person with category_pass), coupon_pass (coupon counts), consultation_pass and the smaller *_pass modules;
tally.py runs them and adds them up in Python.

Every query selects records through the fair they were made at: `fair.district_id IN scope` and
`fair.date BETWEEN start AND end`. Coupon counts leave cancelled coupons out. Nothing loads per-record
rows into Python, except `overdue`, which returns one page.

Distinct persons are counted the way each database does best: SQLite with COUNT(DISTINCT) over rows
that arrive in group order, PostgreSQL with a nested GROUP BY (hash aggregates, where COUNT(DISTINCT)
would sort). Over a large scope SQLite scans a covering index (migration 0004) in the order of the
GROUP BY; `fair_id + 0` keeps it from seeking by fair instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import (
    BigInteger,
    Integer,
    Row,
    and_,
    case,
    cast,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlalchemy.sql.selectable import CTE, Alias, Join, Subquery
from sqlmodel import Session

from fairs.models import Coupon, Direction, Fair, Organisation, Outcome, Visit, local_name
from fairs.services import schedule
from fairs.services.report.reading import Plan

_fair = Fair.__table__.c
# Never counted: coupons cancelled (issued in error, or blanks of a pad voided unused) and blanks not bound.
UNCOUNTED = ("cancelled", "blank")


def counts(status: ColumnElement[str]) -> ColumnElement[bool]:
    # Two plain comparisons: SQLite evaluates them per row faster than NOT IN (…) (~10 % of the country's
    # tally, bench/tally_profile.py).
    return and_(*(status != value for value in UNCOUNTED))


MASK_BITS = 62  # directions with ids 0..61, or 62 months, fit in one BIGINT mask per person


# At most this many id ranges stand for the scope's fairs (`with_fair_runs`); more, and records are
# selected by the list of fair ids.
MAX_FAIR_RUNS = 4


@dataclass(frozen=True)
class Where:
    """Which records count: districts, the fair-date range, and the day that decides expiry.

    `fair_runs`, when known, are the scope's fairs as ranges of fair ids (`with_fair_runs`)."""

    district_ids: tuple[int, ...]
    start: date
    end: date
    as_of: date
    fair_runs: tuple[tuple[int, int], ...] | None = None

    def fairs(self) -> ColumnElement[bool]:
        """The fairs of the scope in the period."""
        return and_(_fair.district_id.in_(self.district_ids), _fair.date.between(self.start, self.end))

    def fair_ids(self) -> Select:
        """The ids of those fairs."""
        return select(_fair.id).where(self.fairs())

    def made_at_fairs(self, fair_id: ColumnElement[int]) -> ColumnElement[bool]:
        """Records whose `fair_id` is one of those fairs: by id ranges when known, else by the id list.

        A scan over a million coupons tests every row: against a list SQLite searches a temporary index
        each time, which cost about a tenth of a second per pass; two comparisons cost next to nothing."""
        if self.fair_runs:
            return or_(*(fair_id.between(first, last) for first, last in self.fair_runs))
        return fair_id.in_(self.fair_ids())


def with_fair_runs(session: Session, where: Where, fair_ids: list[int]) -> Where:
    """`where` with its fairs as at most MAX_FAIR_RUNS ranges of ids, if they make so few.

    A range runs from one of the scope's fairs to another with no other fair's id between them (ids that
    are no fair's match no record). A fair created later has a larger id than every range's end. The
    fairs of a year are mostly created together (a schedule per district), so a country's or a region's
    year is usually one range or a few. The scope's office days (coupons between fairs, never listed as
    fairs) are added to `fair_ids`: their records count too."""
    office_days = select(_fair.id).where(where.fairs(), ~schedule.real_fairs(_fair.kind))
    wanted = set(fair_ids) | set(session.execute(office_days).scalars())
    if not wanted:
        return where
    runs: list[tuple[int, int]] = []
    first = last = None
    every_fair = select(_fair.id).where(_fair.id.between(min(wanted), max(wanted))).order_by(_fair.id)
    for (fair_id,) in session.execute(every_fair):
        if fair_id in wanted:
            first = fair_id if first is None else first
            last = fair_id
            continue
        if first is not None:
            runs.append((first, last))
            first = None
            if len(runs) > MAX_FAIR_RUNS:
                return where
    if first is not None:
        runs.append((first, last))
    return replace(where, fair_runs=tuple(runs)) if len(runs) <= MAX_FAIR_RUNS else where


@dataclass
class Names:
    """Names in one locale: directions in report order, outcomes by code, organisations by id."""

    directions: list[tuple[int, str, str]]  # (id, code, name)
    direction_names: dict[int, str]
    outcomes: dict[str, str]
    outcome_codes: dict[int, str]
    organisations: dict[int, str]

    def outcome_ids(self, code: str) -> list[int]:
        """The ids of outcomes with `code` (one per direction that has it); [-1] when none."""
        return [key for key, value in self.outcome_codes.items() if value == code] or [-1]


def names(session: Session, locale: str) -> Names:
    """Directions, outcomes and organisations with their names in `locale` (small tables)."""
    directions = session.execute(
        select(
            Direction.id, Direction.code, Direction.name_ru, Direction.name_en, Direction.name_be
        ).order_by(Direction.sort_order, Direction.id)
    ).all()
    outcomes = session.execute(
        select(Outcome.id, Outcome.code, Outcome.name_ru, Outcome.name_en, Outcome.name_be).order_by(
            Outcome.sort_order, Outcome.id
        )
    ).all()
    organisations = session.execute(select(Organisation.id, Organisation.name)).all()

    def name(row: Row) -> str:
        return local_name(locale, ru=row[2], en=row[3], be=row[4])

    return Names(
        directions=[(row[0], row[1], name(row)) for row in directions],
        direction_names={row[0]: name(row) for row in directions},
        outcomes={row[1]: name(row) for row in reversed(outcomes)},
        outcome_codes={row[0]: row[1] for row in outcomes},
        organisations={row[0]: row[1] for row in organisations},
    )


# SQLite's `INDEXED BY`: the plan a large tally needs, whatever the statistics. An alias made by `indexed`
# is named after its index and registered here, so the compiled form (and the statement cache key, which
# holds the alias name) always goes with one index.
_INDEXED_BY: dict[str, str] = {}


def indexed(table: FromClause, *, index: str) -> Alias:
    """`table AS <index> INDEXED BY <index>` on SQLite (a plain alias elsewhere)."""
    _INDEXED_BY[index] = index
    return table.alias(index)


@compiles(Alias, "sqlite")
def _compile_indexed(element: Alias, compiler, **kw) -> str:  # noqa: ANN001
    sql = compiler.visit_alias(element, **kw)
    index = _INDEXED_BY.get(element.name) if isinstance(element.name, str) else None
    return f"{sql} INDEXED BY {index}" if index and kw.get("asfrom") else sql


class _OrderedJoin(Join):
    """A join SQLite runs in the order written (`CROSS JOIN`): the left side drives."""

    inherit_cache = True


def ordered_join(left: FromClause, right: FromClause, onclause: ColumnElement[bool]) -> Join:
    """`left JOIN right ON onclause`, with `left` read first on SQLite (a plain join elsewhere): for a small
    table whose rows find their records by id, which SQLite would otherwise drive from the records'
    indexes when the small table has no statistics."""
    return _OrderedJoin(left, right, onclause)


@compiles(_OrderedJoin, "sqlite")
def _compile_ordered(element: _OrderedJoin, compiler, **kw) -> str:  # noqa: ANN001
    sql = compiler.visit_join(element, **kw)
    return sql.replace(" JOIN ", " CROSS JOIN ", 1)


def coupon_source(plan: Plan, index: str) -> tuple[FromClause, ColumnElement[int]]:
    """The coupon table to read and the fair id to select it by.

    On SQLite the index is named, so the plan never depends on statistics: a large scope scans `index`
    in group order (`fair_id + 0` is no seek key), a small one seeks its fairs in the per-fair index."""
    if plan.postgres:
        return Coupon.__table__, Coupon.__table__.c.fair_id
    if plan.large:
        coupon = indexed(Coupon.__table__, index=index)
        return coupon, coupon.c.fair_id + literal(0, literal_execute=True)
    coupon = indexed(Coupon.__table__, index="ix_coupon_tally_fair")
    return coupon, coupon.c.fair_id


def visit_source(plan: Plan) -> tuple[FromClause, ColumnElement[int]]:
    """The visit table to read and the fair id to select it by: on SQLite over a large scope the (person,
    fair) index scanned in person order (`fair_id + 0` is no seek key), as `coupon_source`."""
    if plan.sqlite_scan:
        visit = indexed(Visit.__table__, index="ix_visit_person_fair")
        return visit, visit.c.fair_id + literal(0, literal_execute=True)
    return Visit.__table__, Visit.__table__.c.fair_id


def counted(plan: Plan, where: Where, index: str) -> tuple[FromClause, ColumnElement[bool]]:
    """The coupon table to read and the condition for counted coupons (scope, period, not UNCOUNTED)."""
    coupon, fair_id = coupon_source(plan, index)
    return coupon, and_(where.made_at_fairs(fair_id), counts(coupon.c.status))


def by_client(plan: Plan, where: Where) -> bool:
    """Whether a record's person is read as its client rather than the person it carries.

    Every record carries its client's person (migration 0027): one row per client code over every district,
    so a person who moved between districts, with a client row in each, is one. Within one district a
    person has one client (one client per district and code), and a small scope, read by fair, finds the
    client in the indexes it reads (`ix_coupon_tally_fair`, `uq_visit_fair_client`) with no look-up of the
    record; a large one on SQLite scans indexes in person order."""
    return len(where.district_ids) == 1 and not plan.sqlite_scan


def person_key(plan: Plan, where: Where, record: FromClause) -> ColumnElement[int]:
    """The column that tells a record's person (`by_client`); `record` has `client_id` and `person_id`."""
    return record.c.client_id if by_client(plan, where) else record.c.person_id


def per_person(per_record: Select, person: ColumnElement[int]) -> Subquery:
    """`per_record` (labelled aggregates over records) grouped by the records' person (`person_key`), whose
    key is column `person`."""
    return per_record.add_columns(person.label("person")).group_by(person).subquery()


def per_person_once(per_record: Select, person: ColumnElement[int]) -> CTE:
    """`per_person` worked out once, for a query that reads it twice (the totals and the categories)."""
    grouped = per_record.add_columns(person.label("person")).group_by(person)
    return grouped.cte("person_group").prefix_with("MATERIALIZED")


def period_fairs(where: Where, months: list[date]) -> CTE:
    """The scope's fairs of the period, each with the position of its month in `months`."""
    first = months[0].year * 12 + months[0].month
    position = extract("year", _fair.date) * 12 + extract("month", _fair.date) - first
    fairs = select(_fair.id.label("id"), cast(position, Integer).label("month")).where(where.fairs())
    return fairs.cte("period_fair").prefix_with("MATERIALIZED")  # worked out once per fair


def bit_or(plan: Plan, position: ColumnElement[int]) -> ColumnElement[int]:
    """The OR of 1 << position over a group (positions below MASK_BITS)."""
    one = literal(1, literal_execute=True)
    if plan.postgres:
        return func.bit_or(cast(one, BigInteger).op("<<")(position))
    return func.sum(distinct(one.op("<<")(position)))  # distinct powers of two: their sum is their OR


def with_bit(plan: Plan, mask: ColumnElement[int], position: int) -> ColumnElement[int]:
    """How many rows of a group have bit `position` set in `mask` (read it with `bit_count`).

    On PostgreSQL a filtered count. On SQLite, which has no FILTER on aggregates, the sum of the masked
    bit: one operation per row instead of a shift and a mask. That sum can pass 2**63, so it is a float
    (`total`), exact here: a count below 2**53 times a power of two."""
    bit = literal(1 << position, literal_execute=True)
    if plan.postgres:
        return func.count().filter(mask.op("&")(bit) != 0)
    return func.total(mask.op("&")(bit))


def bit_count(plan: Plan, total: object, position: int) -> int:
    """The count from a `with_bit` aggregate."""
    return int(total) if plan.postgres else int(total) >> position  # type: ignore[call-overload]


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows of a group meet `condition` (0 for none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def redeemed_sum(coupon: FromClause) -> ColumnElement:
    return count_if(coupon.c.status == "redeemed")
