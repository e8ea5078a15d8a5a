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
from fairs.services.report import category_pass as tg
from fairs.services.report import queries as q
from fairs.services.report.queries import Names, Where
from fairs.services.report.reading import Plan, Reader

_fair = Fair.__table__.c
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c
_ZERO = literal(0, literal_execute=True)


def _distinct_persons(
    reader: Reader, plan: Plan, base: Select, person: ColumnElement, key: ColumnElement | None = None
) -> dict:
    """key → distinct persons over the rows `base` selects (FROM and WHERE); no key: one group, key None."""
    keys = [] if key is None else [key.label("key")]
    if not plan.postgres:
        query = base.with_only_columns(*keys, func.count(distinct(person)), maintain_column_froms=True)
        if key is not None:
            query = query.group_by(key)
    else:
        inner = base.with_only_columns(*keys, person, maintain_column_froms=True)
        inner = inner.group_by(*([] if key is None else [key]), person).subquery()
        query = select(*([inner.c.key] if key is not None else []), func.count()).select_from(inner)
        if key is not None:
            query = query.group_by(inner.c.key)
    rows = reader.execute(query).all()
    if key is None:
        return {None: rows[0][0]}
    return {row[0]: row[1] for row in rows}


@dataclass
class VisitPersons:
    """Distinct persons with a visit: in the whole period, per month ('YYYY-MM') and per category of
    person (category key → persons, `category_pass.NONE` and `TOTAL` included)."""

    persons: int
    months: dict[str, int]
    categories: dict[int, int] = field(default_factory=dict)


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
        per_person = q.per_person_once(per_visit, q.person_key(plan, where, visit))
        bits = [q.with_bit(plan, per_person.c.m, i) for i in positions]
        (persons, *per_month), categories = tg.count_with_categories(reader, per_person, where, plan, bits)
        counts = [q.bit_count(plan, total, position) for position, total in enumerate(per_month)]
        months_counts = {f"{m:%Y-%m}": n for m, n in zip(months, counts, strict=True)}
        return VisitPersons(persons, months_counts, {key: n for key, (n,) in categories.items()})
    person = q.person_key(plan, where, Visit.__table__)
    base = select(person).select_from(Visit.__table__).where(_visit.fair_id.in_(where.fair_ids()))
    persons = _distinct_persons(reader, plan, base, person)[None]
    made = Visit.__table__.join(Fair.__table__, _fair.id == _visit.fair_id)
    base = select(person).select_from(made).where(where.fairs())
    per_month = _distinct_persons(reader, plan, base, person, _month_key(plan))
    categories = {**tg.consulted_by_category(reader, where, plan), tg.TOTAL: persons}
    return VisitPersons(persons, per_month, categories)


def _month_key(plan: Plan) -> ColumnElement[str]:
    if plan.postgres:
        return func.to_char(_fair.date, "YYYY-MM")
    return func.substr(_fair.date, 1, 7)  # dates are stored as 'YYYY-MM-DD'; strftime costs more


def referred_per_month(reader: Reader, where: Where, plan: Plan) -> dict[str, int]:
    """Per month ('YYYY-MM'): distinct persons with a counted coupon."""
    made = Coupon.__table__.join(Fair.__table__, _fair.id == _coupon.fair_id)
    person = q.person_key(plan, where, Coupon.__table__)
    base = select(person).select_from(made).where(where.fairs(), q.counts(_coupon.status))
    return _distinct_persons(reader, plan, base, person, _month_key(plan))


@dataclass
class PersonCounts:
    """Distinct persons referred: in all, employed, registered as job-seekers, per direction, per month
    and per category of person (category key → (persons referred, persons served), `category_pass.NONE`
    and `TOTAL` included)."""

    persons: int = 0
    employed: int = 0
    jobseekers: int = 0
    directions: dict[int, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)  # 'YYYY-MM' → persons
    categories: dict[int, tuple[int, int]] = field(default_factory=dict)


def person_counts(reader: Reader, where: Where, plan: Plan, names: Names, months: list[date]) -> PersonCounts:
    """One pass over each person's counted coupons: flags per person (employed, job-seeker, served, one per
    direction and one per month of the period), then how many persons have each flag, in all and (referred
    and served) per category of person."""
    coupon, fair_id = q.coupon_source(plan, "ix_coupon_tally_person")
    c = coupon.c
    fairs = q.period_fairs(where, months)
    ids = [row[0] for row in names.directions]
    by_direction = all(0 <= direction_id < q.MASK_BITS for direction_id in ids)
    by_month = len(months) <= q.MASK_BITS

    def flag(code: str) -> ColumnElement[int]:
        return func.max(case((c.outcome_id.in_(names.outcome_ids(code)), 1), else_=0))

    direction_ids = ids if by_direction else []
    positions = range(len(months)) if by_month else range(0)
    per_coupon = (
        select(
            flag("employed").label("e"),
            flag("registered_jobseeker").label("j"),
            (q.bit_or(plan, c.direction_id) if by_direction else _ZERO).label("d"),
            (q.bit_or(plan, fairs.c.month) if by_month else _ZERO).label("m"),
            func.max(case((c.status == "redeemed", 1), else_=0)).label("s"),
        )
        .select_from(coupon.join(fairs, fairs.c.id == fair_id))
        .where(q.counts(c.status))
    )
    per_person = q.per_person_once(per_coupon, q.person_key(plan, where, coupon))
    p = per_person.c
    bits = [q.with_bit(plan, p.d, direction_id) for direction_id in direction_ids]
    bits += [q.with_bit(plan, p.m, position) for position in positions]
    served = func.coalesce(func.sum(p.s), 0)
    totals = [served, func.coalesce(func.sum(p.e), 0), func.coalesce(func.sum(p.j), 0), *bits]
    total, categories = tg.count_with_categories(reader, per_person, where, plan, totals, [p.s])
    persons, _served, employed, jobseekers, *flags = total
    result = PersonCounts(persons, employed, jobseekers)
    result.categories = categories
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
