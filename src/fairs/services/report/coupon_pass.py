"""The committee's tally in coupons: by receiving organisation, direction and outcome; redemption days;
the overdue list and failed scans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, literal, select
from sqlmodel import Session

from fairs.models import Client, Coupon, Fair, Scan
from fairs.models.scans import FAILURES
from fairs.services.report import queries as q
from fairs.services.report.person_pass import PersonCounts
from fairs.services.report.queries import Names, Where
from fairs.services.report.reading import Plan, Reader

_fair = Fair.__table__.c
_coupon = Coupon.__table__.c


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
    coupon, counted = q.counted(plan, where, "ix_coupon_tally_organisation")
    c = coupon.c

    # Grouped by status too (the index's next column): the status tests move out of the per-row sums,
    # and the expiry and overdue counts are kept only for groups of unused coupons.
    query = (
        select(
            c.organisation_id,
            c.direction_id,
            c.outcome_id,
            c.status,
            func.count(),
            q.count_if(c.expires_on < where.as_of),
            q.count_if(c.issued_on <= overdue_before),
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


def redemption_days(reader: Reader, where: Where, plan: Plan) -> dict[int, dict[int, int]]:
    """Per direction: how many redeemed coupons took each number of days from issue."""
    coupon, fair_id = q.coupon_source(plan, "ix_coupon_tally_days")
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
