"""The SQL behind services/tallies: a few aggregate passes over coupons and visits, combined in Python.

Every query selects records through the fair they were made at: `fair.district_id IN scope` and
`fair.date BETWEEN start AND end`. Coupon counts leave cancelled coupons out. Nothing here loads
per-record rows into Python, except `overdue`, which returns one page.

Distinct persons are counted the way each database does best: SQLite with COUNT(DISTINCT) over rows
that arrive in group order, PostgreSQL with a nested GROUP BY (hash aggregates, where COUNT(DISTINCT)
would sort). Over a large scope SQLite scans a covering index (migration 0004) in the order of the
GROUP BY; `fair_id + 0` keeps it from seeking by fair instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import BigInteger, Integer, and_, case, cast, distinct, extract, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlalchemy.sql.selectable import CTE, Alias
from sqlmodel import Session

from fairs.models import Booth, Client, Coupon, Direction, District, Fair, Organisation, Outcome, Scan, Visit
from fairs.models.scans import FAILURES
from fairs.services.tally_reading import Plan, Reader

_fair = Fair.__table__.c
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c
_booth = Booth.__table__.c
# Never counted: coupons cancelled (issued in error, or blanks of a pad voided unused) and blanks not bound.
UNCOUNTED = ("cancelled", "blank")


def _counts(status: ColumnElement[str]) -> ColumnElement[bool]:
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
    year is usually one range or a few."""
    if not fair_ids:
        return where
    wanted = set(fair_ids)
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
            Direction.id, Direction.code, Direction.name_ru, Direction.name_en, Direction.is_active
        ).order_by(Direction.sort_order, Direction.id)
    ).all()
    outcomes = session.execute(
        select(Outcome.id, Outcome.code, Outcome.name_ru, Outcome.name_en).order_by(
            Outcome.sort_order, Outcome.id
        )
    ).all()
    organisations = session.execute(select(Organisation.id, Organisation.name)).all()
    pick = 3 if locale == "en" else 2
    return Names(
        directions=[(row[0], row[1], row[pick]) for row in directions],
        direction_names={row[0]: row[pick] for row in directions},
        outcomes={row[1]: row[pick] for row in reversed(outcomes)},
        outcome_codes={row[0]: row[1] for row in outcomes},
        organisations={row[0]: row[1] for row in organisations},
    )


class _Indexed(Alias):
    """SQLite's `coupon AS coupon INDEXED BY <index>`: the plan a large tally needs, whatever the stats."""

    inherit_cache = False  # the index name is not part of Alias's cache key

    def _init(self, selectable: FromClause, name: str | None = None, index: str = "") -> None:
        super()._init(selectable, name=name)
        self.index = index


@compiles(_Indexed)
def _compile_indexed(element: _Indexed, compiler, **kw) -> str:  # noqa: ANN001
    sql = compiler.visit_alias(element, **kw)
    return f"{sql} INDEXED BY {element.index}" if kw.get("asfrom") else sql


def _coupons(plan: Plan, index: str) -> tuple[FromClause, ColumnElement[int]]:
    """The coupon table to read and the fair id to select it by.

    On SQLite the index is named, so the plan never depends on statistics: a large scope scans `index`
    in group order (`fair_id + 0` is no seek key), a small one seeks its fairs in the per-fair index."""
    if plan.postgres:
        return Coupon.__table__, Coupon.__table__.c.fair_id
    if plan.large:
        coupon = _Indexed._construct(Coupon.__table__, name="coupon", index=index)
        return coupon, coupon.c.fair_id + literal(0, literal_execute=True)
    coupon = _Indexed._construct(Coupon.__table__, name="coupon", index="ix_coupon_tally_fair")
    return coupon, coupon.c.fair_id


def _counted(plan: Plan, where: Where, index: str) -> tuple[FromClause, ColumnElement[bool]]:
    """The coupon table to read and the condition for counted coupons (scope, period, not UNCOUNTED)."""
    coupon, fair_id = _coupons(plan, index)
    return coupon, and_(where.made_at_fairs(fair_id), _counts(coupon.c.status))


def _period_fairs(where: Where, months: list[date]) -> CTE:
    """The scope's fairs of the period, each with the position of its month in `months`."""
    first = months[0].year * 12 + months[0].month
    position = extract("year", _fair.date) * 12 + extract("month", _fair.date) - first
    fairs = select(_fair.id.label("id"), cast(position, Integer).label("month")).where(where.fairs())
    return fairs.cte("period_fair").prefix_with("MATERIALIZED")  # worked out once per fair


def _bit_or(plan: Plan, position: ColumnElement[int]) -> ColumnElement[int]:
    """The OR of 1 << position over a group (positions below MASK_BITS)."""
    one = literal(1, literal_execute=True)
    if plan.postgres:
        return func.bit_or(cast(one, BigInteger).op("<<")(position))
    return func.sum(distinct(one.op("<<")(position)))  # distinct powers of two: their sum is their OR


def _with_bit(plan: Plan, mask: ColumnElement[int], position: int) -> ColumnElement[int]:
    """How many rows of a group have bit `position` set in `mask` (read it with `_bit_count`).

    On PostgreSQL a filtered count. On SQLite, which has no FILTER on aggregates, the sum of the masked
    bit: one operation per row instead of a shift and a mask. That sum can pass 2**63, so it is a float
    (`total`), exact here: a count below 2**53 times a power of two."""
    bit = literal(1 << position, literal_execute=True)
    if plan.postgres:
        return func.count().filter(mask.op("&")(bit) != 0)
    return func.total(mask.op("&")(bit))


def _bit_count(plan: Plan, total: object, position: int) -> int:
    """The count from a `_with_bit` aggregate."""
    return int(total) if plan.postgres else int(total) >> position  # type: ignore[call-overload]


def _redeemed(coupon: FromClause) -> ColumnElement:
    return func.coalesce(func.sum(case((coupon.c.status == "redeemed", 1), else_=0)), 0)


@dataclass
class FairCounts:
    """One fair with its counts."""

    fair_id: int
    date: date
    district: str
    status: str
    held: bool
    booths: int = 0
    visitors: int = 0
    persons_referred: int = 0
    coupons_issued: int = 0
    coupons_redeemed: int = 0


def fair_rows(session: Session, where: Where) -> list[FairCounts]:
    """The scope's fairs of the period, by date (counts are filled in by `fill_fair_counts`)."""
    return [
        FairCounts(row.id, row.date, row.name, row.status, row.opened_at is not None)
        for row in session.execute(
            select(_fair.id, _fair.date, _fair.status, _fair.opened_at, District.name)
            .join(District, District.id == _fair.district_id)
            .where(where.fairs())
            .order_by(_fair.date, District.name)
        )
    ]


def booths_per_fair(reader: Reader, where: Where) -> dict[int, int]:
    """Booths at each fair."""
    query = select(_booth.fair_id, func.count()).where(_booth.fair_id.in_(where.fair_ids()))
    return dict(reader.execute(query.group_by(_booth.fair_id)).all())


def visitors_per_fair(reader: Reader, where: Where) -> dict[int, int]:
    """Visits at each fair (a person visits a fair at most once)."""
    query = select(_visit.fair_id, func.count()).where(_visit.fair_id.in_(where.fair_ids()))
    return dict(reader.execute(query.group_by(_visit.fair_id)).all())


def coupons_per_fair(reader: Reader, where: Where, plan: Plan) -> dict[int, tuple[int, int, int]]:
    """Per fair: distinct persons referred, coupons issued, coupons redeemed.

    Read from the per-fair index in (fair, client) order on both databases: each fair's distinct count
    works over a few hundred rows already in order."""
    coupon, counted = _counted(Plan(plan.postgres, large=False), where, "ix_coupon_tally_fair")
    c = coupon.c
    query = select(c.fair_id, func.count(distinct(c.client_id)), func.count(), _redeemed(coupon))
    return {row[0]: tuple(row[1:]) for row in reader.execute(query.where(counted).group_by(c.fair_id))}


def fill_fair_counts(
    fairs: list[FairCounts],
    booths: dict[int, int],
    visitors: dict[int, int],
    coupons: dict[int, tuple[int, int, int]],
) -> None:
    """Put the per-fair counts on the fair rows; a cancelled fair is never held."""
    for row in fairs:
        row.booths = booths.get(row.fair_id, 0)
        row.visitors = visitors.get(row.fair_id, 0)
        row.persons_referred, row.coupons_issued, row.coupons_redeemed = coupons.get(row.fair_id, (0, 0, 0))
        row.held = row.held and row.status != "cancelled"


def _distinct_clients(
    reader: Reader, plan: Plan, base: Select, client: ColumnElement, key: ColumnElement | None = None
) -> dict:
    """key → (rows, distinct clients) over the rows `base` selects (FROM and WHERE); no key: one group."""
    keys = [] if key is None else [key.label("key")]
    if not plan.postgres:
        query = base.with_only_columns(
            *keys, func.count(), func.count(distinct(client)), maintain_column_froms=True
        )
        if key is not None:
            query = query.group_by(key)
    else:
        inner = base.with_only_columns(*keys, func.count().label("n"), maintain_column_froms=True)
        inner = inner.group_by(*([] if key is None else [key]), client).subquery()
        query = select(*([inner.c.key] if key is not None else []), func.sum(inner.c.n), func.count())
        if key is not None:
            query = query.group_by(inner.c.key)
    rows = reader.execute(query).all()
    if key is None:
        return {None: (int(rows[0][0] or 0), rows[0][1])}
    return {row[0]: (int(row[1]), row[2]) for row in rows}


@dataclass
class VisitPersons:
    """Distinct persons with a visit: in the whole period and per month ('YYYY-MM')."""

    persons: int
    months: dict[str, int]


def visit_persons(reader: Reader, where: Where, plan: Plan, months: list[date]) -> VisitPersons:
    """Distinct persons consulted, in all and per month."""
    if (plan.postgres or plan.large) and len(months) <= MASK_BITS:
        # One group per person with a month mask, instead of one per (month, person): a hash aggregate
        # on PostgreSQL; on SQLite, over a large scope, the (client, fair) index read in person order
        # (no sort of the visits, as each month's count of distinct persons needs).
        fairs = _period_fairs(where, months)
        if plan.postgres:
            visit, fair_id = Visit.__table__, _visit.fair_id
        else:
            visit = _Indexed._construct(Visit.__table__, name="visit", index="ix_visit_client_fair")
            fair_id = visit.c.fair_id + literal(0, literal_execute=True)
        per_person = (
            select(_bit_or(plan, fairs.c.month).label("m"))
            .select_from(visit.join(fairs, fairs.c.id == fair_id))
            .group_by(visit.c.client_id)
            .subquery()
        )
        query = select(func.count(), *[_with_bit(plan, per_person.c.m, i) for i in range(len(months))])
        persons, *per_month = reader.execute(query).one()
        counts = [_bit_count(plan, total, position) for position, total in enumerate(per_month)]
        return VisitPersons(persons, {f"{m:%Y-%m}": n for m, n in zip(months, counts, strict=True)})
    base = select(_visit.client_id).where(_visit.fair_id.in_(where.fair_ids()))
    persons = _distinct_clients(reader, plan, base, _visit.client_id)[None][1]
    base = select(_visit.client_id).join(Fair.__table__, _fair.id == _visit.fair_id).where(where.fairs())
    per_month = _distinct_clients(reader, plan, base, _visit.client_id, _month_key(plan))
    return VisitPersons(persons, {month: count for month, (_visits, count) in per_month.items()})


def _month_key(plan: Plan) -> ColumnElement[str]:
    if plan.postgres:
        return func.to_char(_fair.date, "YYYY-MM")
    return func.substr(_fair.date, 1, 7)  # dates are stored as 'YYYY-MM-DD'; strftime costs more


def referred_per_month(reader: Reader, where: Where, plan: Plan) -> dict[str, int]:
    """Per month ('YYYY-MM'): distinct persons with a counted coupon."""
    base = (
        select(_coupon.client_id)
        .join(Fair.__table__, _fair.id == _coupon.fair_id)
        .where(where.fairs(), _counts(_coupon.status))
    )
    counts = _distinct_clients(reader, plan, base, _coupon.client_id, _month_key(plan))
    return {month: persons for month, (_rows, persons) in counts.items()}


@dataclass
class PersonCounts:
    """Distinct persons referred: in all, employed, registered as job-seekers, and per direction."""

    persons: int = 0
    employed: int = 0
    jobseekers: int = 0
    directions: dict[int, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)  # 'YYYY-MM' → persons


def person_counts(reader: Reader, where: Where, plan: Plan, names: Names, months: list[date]) -> PersonCounts:
    """One pass over each person's counted coupons: flags per person (employed, job-seeker, one per
    direction and one per month of the period), then how many persons have each flag."""
    coupon, fair_id = _coupons(plan, "ix_coupon_tally_client")
    c = coupon.c
    fairs = _period_fairs(where, months)
    ids = [row[0] for row in names.directions]
    by_direction = all(0 <= direction_id < MASK_BITS for direction_id in ids)
    by_month = len(months) <= MASK_BITS
    zero = literal(0, literal_execute=True)

    def flag(code: str) -> ColumnElement[int]:
        return func.max(case((c.outcome_id.in_(names.outcome_ids(code)), 1), else_=0))

    per_person = (
        select(
            flag("employed").label("e"),
            flag("registered_jobseeker").label("j"),
            (_bit_or(plan, c.direction_id) if by_direction else zero).label("d"),
            (_bit_or(plan, fairs.c.month) if by_month else zero).label("m"),
        )
        .select_from(coupon.join(fairs, fairs.c.id == fair_id))
        .where(_counts(c.status))
        .group_by(c.client_id)
        .subquery()
    )
    p = per_person.c
    direction_ids = ids if by_direction else []
    positions = range(len(months)) if by_month else range(0)
    query = select(
        func.count(),
        func.coalesce(func.sum(p.e), 0),
        func.coalesce(func.sum(p.j), 0),
        *[_with_bit(plan, p.d, direction_id) for direction_id in direction_ids],
        *[_with_bit(plan, p.m, position) for position in positions],
    )
    persons, employed, jobseekers, *flags = reader.execute(query).one()
    result = PersonCounts(persons, employed, jobseekers)
    result.directions.update(
        (direction_id, _bit_count(plan, total, direction_id))
        for direction_id, total in zip(direction_ids, flags[: len(direction_ids)], strict=True)
    )
    result.months.update(
        (f"{months[position]:%Y-%m}", _bit_count(plan, total, position))
        for position, total in zip(positions, flags[len(direction_ids) :], strict=True)
    )
    if not by_direction:
        result.directions.update(_direction_persons(reader, where, plan))
    if not by_month:
        result.months.update(referred_per_month(reader, where, plan))
    return result


def _direction_persons(reader: Reader, where: Where, plan: Plan) -> dict[int, int]:
    """Per direction: distinct persons (for direction ids too large for a mask)."""
    coupon, counted = _counted(plan, where, "ix_coupon_tally_client")
    pairs = select(coupon.c.direction_id).where(counted).group_by(coupon.c.client_id, coupon.c.direction_id)
    pairs = pairs.subquery()
    return dict(
        reader.execute(select(pairs.c.direction_id, func.count()).group_by(pairs.c.direction_id)).all()
    )


@dataclass
class CouponGroup:
    """Counted coupons of one receiving organisation, direction and outcome (None: no outcome yet)."""

    organisation_id: int
    direction_id: int
    outcome_id: int | None
    issued: int
    redeemed: int
    expired: int  # neither redeemed nor cancelled, validity ended before as_of
    overdue: int  # neither redeemed nor cancelled, issued on or before the overdue day


def coupon_groups(reader: Reader, where: Where, plan: Plan, overdue_before: date) -> list[CouponGroup]:
    """Counted coupons by receiving organisation, direction and outcome: every additive coupon count."""
    coupon, counted = _counted(plan, where, "ix_coupon_tally_organisation")
    c = coupon.c

    def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    # Grouped by status too (the index's next column): the status tests move out of the per-row sums,
    # and the expiry and overdue counts are kept only for groups of unused coupons.
    query = (
        select(
            c.organisation_id,
            c.direction_id,
            c.outcome_id,
            c.status,
            func.count(),
            count_if(c.expires_on < where.as_of),
            count_if(c.issued_on <= overdue_before),
        )
        .where(counted)
        .group_by(c.organisation_id, c.direction_id, c.outcome_id, c.status)
    )
    rows = reader.execute(query)
    return [
        CouponGroup(
            organisation_id,
            direction_id,
            outcome_id,
            issued=count,
            redeemed=count if status == "redeemed" else 0,
            expired=expired if status == "issued" else 0,
            overdue=overdue if status == "issued" else 0,
        )
        for organisation_id, direction_id, outcome_id, status, count, expired, overdue in rows
    ]


@dataclass
class OrganisationCounts:
    """Coupons received by one organisation."""

    received: int = 0
    redeemed: int = 0
    expired: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class CouponTotals:
    """Persons and coupons over the whole scope, per receiving organisation and per direction."""

    persons: int
    employed: int
    jobseekers: int
    issued: int = 0
    redeemed: int = 0
    overdue: int = 0
    organisations: dict[int, OrganisationCounts] = field(default_factory=dict)
    directions: dict[int, tuple[int, int, int]] = field(default_factory=dict)  # persons, issued, redeemed
    direction_outcomes: dict[int, dict[str, int]] = field(default_factory=dict)


def coupon_totals(persons: PersonCounts, groups: list[CouponGroup], names: Names) -> CouponTotals:
    """The coupon groups and person counts added up by organisation, by direction and in all."""
    totals = CouponTotals(persons.persons, persons.employed, persons.jobseekers)
    issued: dict[int, int] = defaultdict(int)
    redeemed: dict[int, int] = defaultdict(int)
    outcomes: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group in groups:
        counts = totals.organisations.setdefault(group.organisation_id, OrganisationCounts())
        counts.received += group.issued
        counts.redeemed += group.redeemed
        counts.expired += group.expired
        if group.outcome_id is not None:
            code = names.outcome_codes[group.outcome_id]
            counts.outcomes[code] += group.issued
            outcomes[group.direction_id][code] += group.issued
        issued[group.direction_id] += group.issued
        redeemed[group.direction_id] += group.redeemed
        totals.issued += group.issued
        totals.redeemed += group.redeemed
        totals.overdue += group.overdue
    for direction_id in set(issued) | set(persons.directions):
        totals.directions[direction_id] = (
            persons.directions.get(direction_id, 0),
            issued.get(direction_id, 0),
            redeemed.get(direction_id, 0),
        )
    totals.direction_outcomes = {key: dict(value) for key, value in outcomes.items()}
    return totals


def month_rows(
    months: list[date], fairs: list[FairCounts], consulted: dict[str, int], referred: dict[str, int]
) -> list[tuple[date, int, int, int]]:
    """Per month of the period: visits, distinct persons consulted, distinct persons referred."""
    visits: dict[str, int] = defaultdict(int)
    for fair in fairs:
        visits[f"{fair.date:%Y-%m}"] += fair.visitors
    return [
        (month, visits[label], consulted.get(label, 0), referred.get(label, 0))
        for month in months
        for label in [f"{month:%Y-%m}"]
    ]


def redemption_days(reader: Reader, where: Where, plan: Plan) -> dict[int, dict[int, int]]:
    """Per direction: how many redeemed coupons took each number of days from issue."""
    coupon, fair_id = _coupons(plan, "ix_coupon_tally_days")
    c = coupon.c
    # Grouped by the two dates (in index order), the days are worked out here: few distinct pairs.
    # A literal, not a parameter, and no other test of status: SQLite then reads the partial index
    # (redeemed coupons only) alone.
    redeemed = c.status == literal("redeemed", literal_execute=True)
    query = (
        select(c.direction_id, c.issued_on, c.redeemed_on, func.count())
        .where(where.made_at_fairs(fair_id), redeemed, c.redeemed_on.is_not(None))
        .group_by(c.direction_id, c.issued_on, c.redeemed_on)
    )
    result: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for direction_id, issued_on, redeemed_on, count in reader.execute(query):
        result[direction_id][(redeemed_on - issued_on).days] += count
    return result


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as value → how many times it occurs."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def nth(n: int) -> int:  # the n-th value (0-based) of the sorted sample
        seen = 0
        for value, count in ordered:
            seen += count
            if n < seen:
                return value
        raise IndexError(n)

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


@dataclass
class OverdueRow:
    """One unredeemed coupon, without names."""

    code: str
    client_code: str
    fair_date: date
    issued_on: date
    expires_on: date
    direction_id: int
    organisation_id: int


def overdue(
    session: Session, where: Where, issued_before: date, page: int, per_page: int
) -> tuple[list, int]:
    """A page of coupons neither redeemed nor cancelled, issued on or before `issued_before`."""
    base = (
        select(
            _coupon.code,
            Client.code,
            _fair.date,
            _coupon.issued_on,
            _coupon.expires_on,
            _coupon.direction_id,
            _coupon.organisation_id,
        )
        .select_from(
            Coupon.__table__.join(Fair.__table__, _fair.id == _coupon.fair_id).join(
                Client, Client.id == _coupon.client_id
            )
        )
        .where(where.fairs(), _coupon.status == "issued", _coupon.issued_on <= issued_before)
    )
    total = session.execute(select(func.count()).select_from(base.subquery())).scalar_one()
    rows = session.execute(
        base.order_by(_coupon.issued_on, _coupon.id).offset((max(page, 1) - 1) * per_page).limit(per_page)
    ).all()
    return [OverdueRow(*row) for row in rows], total


def failed_scans(session: Session, where: Where) -> dict[str, int]:
    """Refused scans per reason, every reason present: by the scan's day (in the configured time zone) and
    district (the coupon's, or the scanner's when no coupon was found), not by a fair's date."""
    scan = Scan.__table__.c
    rows = session.execute(
        select(scan.result, func.count())
        .where(
            scan.district_id.in_(where.district_ids),
            scan.scanned_on.between(where.start, where.end),
            scan.result.in_([reason.value for reason in FAILURES]),
        )
        .group_by(scan.result)
    ).all()
    counts = {result: int(count) for result, count in rows}
    return {reason.value: counts.get(reason.value, 0) for reason in FAILURES}
