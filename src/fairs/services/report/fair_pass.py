"""The committee's tally per fair and per month: the scope's fairs, their booths, visitors and coupons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import distinct, func, select
from sqlmodel import Session

from fairs.models import Booth, District, Fair, Visit
from fairs.services import schedule
from fairs.services.report import queries as q
from fairs.services.report.queries import Where
from fairs.services.report.reading import Plan, Reader

_fair = Fair.__table__.c
_visit = Visit.__table__.c
_booth = Booth.__table__.c


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
    """The scope's fairs of the period, by date (counts are filled in by `fill_fair_counts`); office days
    (coupons between fairs) are no fairs and are left out."""
    return [
        FairCounts(row.id, row.date, row.name, row.status, row.opened_at is not None)
        for row in session.execute(
            select(_fair.id, _fair.date, _fair.status, _fair.opened_at, District.name)
            .join(District, District.id == _fair.district_id)
            .where(where.fairs(), schedule.real_fairs(_fair.kind))
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
    coupon, counted = q.counted(Plan(plan.postgres, large=False), where, "ix_coupon_tally_fair")
    c = coupon.c
    query = select(c.fair_id, func.count(distinct(c.client_id)), func.count(), q.redeemed_sum(coupon))
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
