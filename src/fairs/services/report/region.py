"""The region's report: every district's tally side by side, and the region's totals with each person
counted once across its districts.

A person who moved registers again in the new district under the same client code (the code is built from
stable attributes), so the region's districts hold one `client` row per district for them. A district's
tally counts its own clients; a tally over several districts (`counted_once`) counts distinct client codes
instead, so the region's persons are at most the sum of its districts' persons. Coupons, visits, fairs and
consultations are records, not persons: the region's are the sum of its districts'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Integer, case, cast, distinct, extract, func, select
from sqlalchemy.sql import ColumnElement, Select
from sqlmodel import Session

from fairs.models import Booth, Client, Consultation, Coupon, District, Fair, Visit
from fairs.services.report import queries as q
from fairs.services.report.reading import Plan
from fairs.services.report.results import MonthRow, Period, Tally, TallyScope

_fair = Fair.__table__.c
_client = Client.__table__.c
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c
_consultation = Consultation.__table__.c
_booth = Booth.__table__.c

Progress = Callable[[int, int], None]  # (districts done, districts in all)


def _codes(session: Session, base: Select, key: ColumnElement | None = None) -> dict:
    """key → distinct client codes over the rows `base` selects (its FROM joins `client`)."""
    keys = [] if key is None else [key]
    query = base.with_only_columns(*keys, func.count(distinct(_client.code)), maintain_column_froms=True)
    if key is not None:
        query = query.group_by(*keys)
    return {(row[0] if key is not None else None): int(row[-1]) for row in session.execute(query).all()}


def _month(fair_date: ColumnElement[date]) -> ColumnElement[int]:
    """The month of a fair as year * 12 + month (the same on SQLite and PostgreSQL)."""
    return extract("year", fair_date) * 12 + extract("month", fair_date)


def _month_of(first: date) -> int:
    return first.year * 12 + first.month


def counted_once(session: Session, tally: Tally, where: q.Where, names: q.Names, plan: Plan) -> Tally:
    """`tally` over several districts with its persons counted by client code: overall, per direction and
    per month (visits, booth consultations and counted coupons).

    Three passes, one per kind of record, each one group per client code with a mask of its directions or
    months and its outcome flags, as the tally's person pass does per client; directions or months too many
    for a mask are counted per key instead (`_by_key`)."""
    ids = [row[0] for row in names.directions]
    if not all(0 <= direction_id < q.MASK_BITS for direction_id in ids) or len(tally.months) > q.MASK_BITS:
        return _by_key(session, tally, where, names)
    visited, consulted, referred = _sources(where)
    first = _month_of(tally.months[0].month) if tally.months else 0
    position = cast(_month(_fair.date) - first, Integer)
    months = range(len(tally.months))

    def flag(outcome: str) -> ColumnElement[int]:
        return func.max(case((_coupon.outcome_id.in_(names.outcome_ids(outcome)), 1), else_=0))

    def pass_(base: Select, masks: dict, counted: list[tuple[str, int]]) -> dict:
        """Per code: the masks and flags; then how many codes in all, with each flag and each bit."""
        per_code = base.with_only_columns(
            *[column.label(name) for name, column in masks.items()], maintain_column_froms=True
        )
        per_code = per_code.group_by(_client.code).subquery()
        columns = [func.count()]
        for name, bit in counted:
            column = per_code.c[name]
            columns.append(q.with_bit(plan, column, bit) if bit >= 0 else func.coalesce(func.sum(column), 0))
        total, *values = session.execute(select(*columns)).one()
        return {"": int(total)} | {
            f"{name}:{bit}": (q.bit_count(plan, value, bit) if bit >= 0 else int(value))
            for (name, bit), value in zip(counted, values, strict=True)
        }

    seen = pass_(visited, {"m": q.bit_or(plan, position)}, [("m", bit) for bit in months])
    booths = pass_(consulted, {"d": q.bit_or(plan, _consultation.direction_id)}, [("d", i) for i in ids])
    masks = {
        "d": q.bit_or(plan, _coupon.direction_id),
        "m": q.bit_or(plan, position),
        "e": flag("employed"),
        "j": flag("registered_jobseeker"),
    }
    sent = pass_(
        referred, masks, [("d", i) for i in ids] + [("m", bit) for bit in months] + [("e", -1), ("j", -1)]
    )
    directions = [
        replace(row, persons=sent[f"d:{direction_id}"], persons_consulted=booths[f"d:{direction_id}"])
        for row, (direction_id, _code, _name) in zip(tally.directions, names.directions, strict=True)
    ]
    return replace(
        tally,
        persons_consulted=seen[""],
        persons_consulted_at_booths=booths[""],
        persons_referred=sent[""],
        directions=directions,
        employment_referred_persons=next(
            (row.persons for row in directions if row.code == "employment_referral"), 0
        ),
        employed_persons=sent["e:-1"],
        jobseeker_registered_persons=sent["j:-1"],
        months=[
            MonthRow(month.month, month.visits, seen[f"m:{bit}"], sent[f"m:{bit}"])
            for bit, month in enumerate(tally.months)
        ],
    )


def _sources(where: q.Where) -> tuple[Select, Select, Select]:
    """The visits, the booth consultations and the counted coupons of the scope's fairs, each joined to its
    client (for the code)."""
    fairs = _fair.district_id.in_(where.district_ids), _fair.date.between(where.start, where.end)
    visited = (
        select(_client.code)
        .select_from(Visit.__table__.join(Fair.__table__, _fair.id == _visit.fair_id))
        .join(Client.__table__, _client.id == _visit.client_id)
        .where(*fairs)
    )
    consulted = (
        select(_client.code)
        .select_from(Consultation.__table__.join(Booth.__table__, _booth.id == _consultation.booth_id))
        .join(Fair.__table__, _fair.id == _booth.fair_id)
        .join(Client.__table__, _client.id == _consultation.client_id)
        .where(*fairs)
    )
    referred = (
        select(_client.code)
        .select_from(Coupon.__table__.join(Fair.__table__, _fair.id == _coupon.fair_id))
        .join(Client.__table__, _client.id == _coupon.client_id)
        .where(*fairs, q.counts(_coupon.status))
    )
    return visited, consulted, referred


def _by_key(session: Session, tally: Tally, where: q.Where, names: q.Names) -> Tally:
    """`counted_once` by one query per figure and key (distinct client codes per group)."""
    visited, consulted, referred = _sources(where)
    visit_months = _codes(session, visited, _month(_fair.date))
    referred_months = _codes(session, referred, _month(_fair.date))
    at_booths = _codes(session, consulted, _consultation.direction_id)
    per_direction = _codes(session, referred, _coupon.direction_id)
    directions = [
        replace(
            row,
            persons=per_direction.get(direction_id, 0),
            persons_consulted=at_booths.get(direction_id, 0),
        )
        for row, (direction_id, _code, _name) in zip(tally.directions, names.directions, strict=True)
    ]

    def with_outcome(code: str) -> int:
        return _codes(session, referred.where(_coupon.outcome_id.in_(names.outcome_ids(code))))[None]

    return replace(
        tally,
        persons_consulted=_codes(session, visited)[None],
        persons_consulted_at_booths=_codes(session, consulted)[None],
        persons_referred=_codes(session, referred)[None],
        directions=directions,
        employment_referred_persons=next(
            (row.persons for row in directions if row.code == "employment_referral"), 0
        ),
        employed_persons=with_outcome("employed"),
        jobseeker_registered_persons=with_outcome("registered_jobseeker"),
        months=[
            MonthRow(
                month.month,
                month.visits,
                visit_months.get(_month_of(month.month), 0),
                referred_months.get(_month_of(month.month), 0),
            )
            for month in tally.months
        ],
    )


@dataclass
class RegionReport:
    """The region's totals (persons counted once) and each of its districts' tallies, by district name."""

    total: Tally
    districts: list[Tally]

    def persons_in_several(self, key: str) -> int:
        """How many persons of the figure `key` were counted in more than one district (the districts'
        sum minus the region's total)."""
        return sum(getattr(one, key) for one in self.districts) - getattr(self.total, key)


def district_scopes(session: Session, scope: TallyScope) -> list[TallyScope]:
    """One scope per district of `scope`, by district name."""
    rows = session.execute(
        select(District.id, District.name)
        .where(District.id.in_(scope.district_ids))
        .order_by(District.name, District.id)
    ).all()
    return [TallyScope((district_id,), name) for district_id, name in rows]


def region_report(
    session: Session,
    *,
    scope: TallyScope,
    period: Period,
    as_of: date | None = None,
    locale: str | None = None,
    progress: Progress | None = None,
) -> RegionReport:
    """The totals of `scope` and, when it holds several districts, a tally per district, all as of the same
    day (`progress` after each district)."""
    from fairs.services.report.tally import committee_tally  # the tally calls `counted_once`

    total = committee_tally(session, scope=scope, period=period, as_of=as_of, locale=locale)
    scopes = district_scopes(session, scope) if len(scope.district_ids) > 1 else []
    districts = []
    for done, one in enumerate(scopes, start=1):
        districts.append(committee_tally(session, scope=one, period=period, as_of=total.as_of, locale=locale))
        if progress is not None:
            progress(done, len(scopes))
    return RegionReport(total=total, districts=districts)
