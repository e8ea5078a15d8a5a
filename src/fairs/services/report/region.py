"""The region's report: every district's tally side by side, and the region's totals with each person
counted once across its districts.

A person who moved registers again in the new district under the same client code (the code is built from
stable attributes), so the region's districts hold one `client` row per district for them. A district's
tally counts its own clients; a tally over several districts counts distinct client codes instead (each
record carries its person, `queries.per_person`), so the region's persons are at most the sum of its
districts'.
Coupons, visits, fairs and consultations are records, not persons: the region's are the sum of its
districts'.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from fairs.models import District
from fairs.services.report.results import Period, Tally, TallyScope
from fairs.services.report.snapshot import report_tally
from fairs.services.report.tally import committee_tally

Progress = Callable[[int, int], None]  # (districts done, districts in all)


@dataclass
class RegionReport:
    """The region's totals (persons counted once) and each of its districts' tallies, by district name."""

    total: Tally
    districts: list[Tally]


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
    day (`progress` after each district). One district's submitted month or quarter is its figures as
    submitted (`report_tally`); a region's districts are counted live, so that they add up to its totals."""
    total = report_tally(session, scope=scope, period=period, as_of=as_of, locale=locale)
    scopes = district_scopes(session, scope) if len(scope.district_ids) > 1 else []
    districts = []
    for done, one in enumerate(scopes, start=1):
        districts.append(committee_tally(session, scope=one, period=period, as_of=total.as_of, locale=locale))
        if progress is not None:
            progress(done, len(scopes))
    return RegionReport(total=total, districts=districts)
