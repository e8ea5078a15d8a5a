"""The SQL behind services/tallies: each function is one aggregate query (GROUP BY, COUNT DISTINCT).

Every query selects records through the fair they were made at: `fair.district_id IN scope` and
`fair.date BETWEEN start AND end`. Coupon counts leave cancelled coupons out. Nothing here loads
per-record rows into Python, except `overdue`, which returns one page.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, case, cast, distinct, func, select
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from fairs.models import Booth, Client, Coupon, Direction, District, Fair, Organisation, Outcome, Visit

_fair = Fair.__table__.c
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c
_booth = Booth.__table__.c


@dataclass(frozen=True)
class Where:
    """Which records count: districts, the fair-date range, and the day that decides expiry."""

    district_ids: tuple[int, ...]
    start: date
    end: date
    as_of: date

    def fairs(self) -> ColumnElement[bool]:
        """The fairs of the scope in the period."""
        return and_(_fair.district_id.in_(self.district_ids), _fair.date.between(self.start, self.end))


@dataclass
class Names:
    """Names in one locale: directions in report order, outcomes by code, organisations by id."""

    directions: list[tuple[int, str, str]]  # (id, code, name)
    direction_names: dict[int, str]
    outcomes: dict[str, str]
    outcome_codes: dict[int, str]
    organisations: dict[int, str]


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


def _coupons(where: Where, *columns: ColumnElement) -> Select:
    """A select over the counted coupons (not cancelled) of the scope's fairs in the period."""
    return (
        select(*columns)
        .select_from(Coupon.__table__.join(Fair.__table__, _fair.id == _coupon.fair_id))
        .where(where.fairs(), _coupon.status != "cancelled")
    )


_REDEEMED = func.sum(case((_coupon.status == "redeemed", 1), else_=0))


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
    """The scope's fairs of the period with booths, visitors and coupons, by date."""
    rows = {
        row.id: FairCounts(row.id, row.date, row.name, row.status, row.opened_at is not None)
        for row in session.execute(
            select(_fair.id, _fair.date, _fair.status, _fair.opened_at, District.name)
            .join(District, District.id == _fair.district_id)
            .where(where.fairs())
            .order_by(_fair.date, District.name)
        )
    }
    booths = select(_booth.fair_id, func.count()).join(Fair.__table__, _fair.id == _booth.fair_id)
    for fair_id, count in session.execute(booths.where(where.fairs()).group_by(_booth.fair_id)):
        rows[fair_id].booths = count
    visits = select(_visit.fair_id, func.count()).join(Fair.__table__, _fair.id == _visit.fair_id)
    for fair_id, count in session.execute(visits.where(where.fairs()).group_by(_visit.fair_id)):
        rows[fair_id].visitors = count
    coupons = _coupons(
        where, _coupon.fair_id, func.count(distinct(_coupon.client_id)), func.count(), _REDEEMED
    ).group_by(_coupon.fair_id)
    for fair_id, persons, issued, redeemed in session.execute(coupons):
        row = rows[fair_id]
        row.persons_referred, row.coupons_issued, row.coupons_redeemed = persons, issued, redeemed or 0
    for row in rows.values():
        row.held = row.held and row.status != "cancelled"
    return list(rows.values())


def persons_consulted(session: Session, where: Where) -> int:
    """Distinct clients with at least one visit."""
    query = (
        select(func.count(distinct(_visit.client_id)))
        .select_from(Visit.__table__.join(Fair.__table__, _fair.id == _visit.fair_id))
        .where(where.fairs())
    )
    return session.execute(query).scalar_one()


@dataclass
class OrganisationCounts:
    """Coupons received by one organisation."""

    received: int = 0
    redeemed: int = 0
    expired: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass
class CouponTotals:
    """Persons and coupons over the whole scope, and per receiving organisation."""

    persons: int
    employed: int
    jobseekers: int
    issued: int = 0
    redeemed: int = 0
    overdue: int = 0
    organisations: dict[int, OrganisationCounts] = field(default_factory=dict)


def _outcome_ids(names: Names, code: str) -> list[int]:
    return [
        outcome_id for outcome_id, outcome_code in names.outcome_codes.items() if outcome_code == code
    ] or [-1]


def coupon_totals(session: Session, where: Where, names: Names, overdue_before: date) -> CouponTotals:
    """Distinct persons referred, employed and registered as job-seekers; coupons per organisation."""
    employed = _outcome_ids(names, "employed")
    jobseeker = _outcome_ids(names, "registered_jobseeker")
    persons, employed_persons, jobseekers = session.execute(
        _coupons(
            where,
            func.count(distinct(_coupon.client_id)),
            func.count(distinct(case((_coupon.outcome_id.in_(employed), _coupon.client_id)))),
            func.count(distinct(case((_coupon.outcome_id.in_(jobseeker), _coupon.client_id)))),
        )
    ).one()
    totals = CouponTotals(persons, employed_persons, jobseekers)
    unused = _coupon.status == "issued"
    grouped = _coupons(
        where,
        _coupon.organisation_id,
        _coupon.outcome_id,
        func.count(),
        _REDEEMED,
        func.sum(case((and_(unused, _coupon.expires_on < where.as_of), 1), else_=0)),
        func.sum(case((and_(unused, _coupon.issued_on <= overdue_before), 1), else_=0)),
    ).group_by(_coupon.organisation_id, _coupon.outcome_id)
    for org_id, outcome_id, count, redeemed, expired, overdue in session.execute(grouped):
        counts = totals.organisations.setdefault(org_id, OrganisationCounts())
        counts.received += count
        counts.redeemed += redeemed or 0
        counts.expired += expired or 0
        if outcome_id is not None:
            counts.outcomes[names.outcome_codes[outcome_id]] += count
        totals.issued += count
        totals.redeemed += redeemed or 0
        totals.overdue += overdue or 0
    return totals


def direction_counts(session: Session, where: Where) -> dict[int, tuple[int, int, int]]:
    """Per direction: distinct persons, coupons issued, coupons redeemed."""
    query = _coupons(
        where, _coupon.direction_id, func.count(distinct(_coupon.client_id)), func.count(), _REDEEMED
    ).group_by(_coupon.direction_id)
    return {row[0]: (row[1], row[2], row[3] or 0) for row in session.execute(query)}


def outcome_counts(session: Session, where: Where, names: Names) -> dict[int, dict[str, int]]:
    """Per direction: coupons by outcome code."""
    query = (
        _coupons(where, _coupon.direction_id, _coupon.outcome_id, func.count())
        .where(_coupon.outcome_id.is_not(None))
        .group_by(_coupon.direction_id, _coupon.outcome_id)
    )
    result: dict[int, dict[str, int]] = defaultdict(dict)
    for direction_id, outcome_id, count in session.execute(query):
        result[direction_id][names.outcome_codes[outcome_id]] = count
    return result


def _days_between(session: Session, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    if session.get_bind().dialect.name == "sqlite":
        return cast(func.julianday(end) - func.julianday(start), Integer)
    return end - start


def redemption_days(session: Session, where: Where) -> dict[int, dict[int, int]]:
    """Per direction: how many redeemed coupons took each number of days from issue."""
    days = _days_between(session, _coupon.issued_on, _coupon.redeemed_on).label("days")
    query = (
        _coupons(where, _coupon.direction_id, days, func.count())
        .where(_coupon.status == "redeemed", _coupon.redeemed_on.is_not(None))
        .group_by(_coupon.direction_id, days)
    )
    result: dict[int, dict[int, int]] = defaultdict(dict)
    for direction_id, day_count, count in session.execute(query):
        result[direction_id][int(day_count)] = count
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


def _month_key(session: Session) -> ColumnElement[str]:
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m", _fair.date)
    return func.to_char(_fair.date, "YYYY-MM")


def month_rows(session: Session, where: Where, months: list[date]) -> list[tuple[date, int, int, int]]:
    """Per month of the period: visits, distinct persons consulted, distinct persons referred."""
    key = _month_key(session).label("month")
    visits = (
        select(key, func.count(), func.count(distinct(_visit.client_id)))
        .select_from(Visit.__table__.join(Fair.__table__, _fair.id == _visit.fair_id))
        .where(where.fairs())
        .group_by(key)
    )
    by_month = {row[0]: (row[1], row[2]) for row in session.execute(visits)}
    referred = dict(
        session.execute(_coupons(where, key, func.count(distinct(_coupon.client_id))).group_by(key)).all()
    )
    rows = []
    for month in months:
        label = f"{month:%Y-%m}"
        visit_count, consulted = by_month.get(label, (0, 0))
        rows.append((month, visit_count, consulted, referred.get(label, 0)))
    return rows


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
