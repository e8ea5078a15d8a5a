"""The committee's tally in persons: distinct persons consulted and referred, overall, per direction and
per month.

Records are grouped by the person they carry (one per client code over every district, `queries.per_person`);
each count is of distinct persons (services/report/queries explains how each database counts them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import case, distinct, func, literal, select
from sqlalchemy.sql import ColumnElement, Select

from fairs.models import Coupon, Fair, Visit
from fairs.services.report import queries as q
from fairs.services.report.queries import Names, Where
from fairs.services.report.reading import Plan, Reader

_fair = Fair.__table__.c
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c


def _distinct_clients(
    reader: Reader, plan: Plan, base: Select, person: ColumnElement, key: ColumnElement | None = None
) -> dict:
    """key → (rows, distinct persons) over the rows `base` selects (FROM and WHERE); no key: one group."""
    keys = [] if key is None else [key.label("key")]
    if not plan.postgres:
        query = base.with_only_columns(
            *keys, func.count(), func.count(distinct(person)), maintain_column_froms=True
        )
        if key is not None:
            query = query.group_by(key)
    else:
        inner = base.with_only_columns(*keys, func.count().label("n"), maintain_column_froms=True)
        inner = inner.group_by(*([] if key is None else [key]), person).subquery()
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
    if (plan.postgres or plan.large) and len(months) <= q.MASK_BITS:
        # One group per person with a month mask, instead of one per (month, person): a hash aggregate
        # on PostgreSQL; on SQLite, over a large scope, the (client, fair) index read in person order
        # (no sort of the visits, as each month's count of distinct persons needs).
        fairs = q.period_fairs(where, months)
        visit, fair_id = q.visit_source(plan)
        per_visit = select(q.bit_or(plan, fairs.c.month).label("m"))
        per_visit = per_visit.select_from(visit.join(fairs, fairs.c.id == fair_id))
        positions = range(len(months))
        per_person = q.per_person(per_visit, q.person_key(plan, where, visit))
        query = select(func.count(), *[q.with_bit(plan, per_person.c.m, i) for i in positions])
        persons, *per_month = reader.execute(query).one()
        counts = [q.bit_count(plan, total, position) for position, total in enumerate(per_month)]
        return VisitPersons(persons, {f"{m:%Y-%m}": n for m, n in zip(months, counts, strict=True)})
    person = q.person_key(plan, where, Visit.__table__)
    base = select(person).select_from(Visit.__table__).where(_visit.fair_id.in_(where.fair_ids()))
    persons = _distinct_clients(reader, plan, base, person)[None][1]
    made = Visit.__table__.join(Fair.__table__, _fair.id == _visit.fair_id)
    base = select(person).select_from(made).where(where.fairs())
    per_month = _distinct_clients(reader, plan, base, person, _month_key(plan))
    return VisitPersons(persons, {month: count for month, (_visits, count) in per_month.items()})


def _month_key(plan: Plan) -> ColumnElement[str]:
    if plan.postgres:
        return func.to_char(_fair.date, "YYYY-MM")
    return func.substr(_fair.date, 1, 7)  # dates are stored as 'YYYY-MM-DD'; strftime costs more


def referred_per_month(reader: Reader, where: Where, plan: Plan) -> dict[str, int]:
    """Per month ('YYYY-MM'): distinct persons with a counted coupon."""
    made = Coupon.__table__.join(Fair.__table__, _fair.id == _coupon.fair_id)
    person = q.person_key(plan, where, Coupon.__table__)
    base = select(person).select_from(made).where(where.fairs(), q.counts(_coupon.status))
    counts = _distinct_clients(reader, plan, base, person, _month_key(plan))
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
    coupon, fair_id = q.coupon_source(plan, "ix_coupon_tally_person")
    c = coupon.c
    fairs = q.period_fairs(where, months)
    ids = [row[0] for row in names.directions]
    by_direction = all(0 <= direction_id < q.MASK_BITS for direction_id in ids)
    by_month = len(months) <= q.MASK_BITS
    zero = literal(0, literal_execute=True)

    def flag(code: str) -> ColumnElement[int]:
        return func.max(case((c.outcome_id.in_(names.outcome_ids(code)), 1), else_=0))

    direction_ids = ids if by_direction else []
    positions = range(len(months)) if by_month else range(0)
    per_coupon = (
        select(
            flag("employed").label("e"),
            flag("registered_jobseeker").label("j"),
            (q.bit_or(plan, c.direction_id) if by_direction else zero).label("d"),
            (q.bit_or(plan, fairs.c.month) if by_month else zero).label("m"),
        )
        .select_from(coupon.join(fairs, fairs.c.id == fair_id))
        .where(q.counts(c.status))
    )
    p = q.per_person(per_coupon, q.person_key(plan, where, coupon)).c
    query = select(
        func.count(),
        func.coalesce(func.sum(p.e), 0),
        func.coalesce(func.sum(p.j), 0),
        *[q.with_bit(plan, p.d, direction_id) for direction_id in direction_ids],
        *[q.with_bit(plan, p.m, position) for position in positions],
    )
    persons, employed, jobseekers, *flags = reader.execute(query).one()
    result = PersonCounts(persons, employed, jobseekers)
    result.directions.update(
        (direction_id, q.bit_count(plan, total, direction_id))
        for direction_id, total in zip(direction_ids, flags[: len(direction_ids)], strict=True)
    )
    result.months.update(
        (f"{months[position]:%Y-%m}", q.bit_count(plan, total, position))
        for position, total in zip(positions, flags[len(direction_ids) :], strict=True)
    )
    if not by_direction:
        result.directions.update(_direction_persons(reader, where, plan))
    if not by_month:
        result.months.update(referred_per_month(reader, where, plan))
    return result


def _direction_persons(reader: Reader, where: Where, plan: Plan) -> dict[int, int]:
    """Per direction: distinct persons (for direction ids too large for a mask)."""
    coupon, counted = q.counted(plan, where, "ix_coupon_tally_person")
    pairs = select(coupon.c.direction_id).select_from(coupon).where(counted)
    pairs = pairs.group_by(q.person_key(plan, where, coupon), coupon.c.direction_id)
    pairs = pairs.subquery()
    return dict(
        reader.execute(select(pairs.c.direction_id, func.count()).group_by(pairs.c.direction_id)).all()
    )
