"""The cohort table of the committee's report (docs/report.md, «A year later»): the people whose first fair
lies in the scope's districts, by the quarter of that fair; per milestone the checks due and done, and per
finding the persons it held for.

Which cohorts a period shows: those whose checks can fall due in it, the quarters from the one 18 months
before the period's first day to the one 6 months before its last. A check counts as due when its milestone
has come by the period's last day (or the tally's day, if earlier), as done when it is due and was made on or
before that day; its findings count with it. Counted in three grouped SQL statements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, func, select

from fairs.models import FINDINGS, MILESTONES, LaterCheck, LaterCheckFinding
from fairs.services.checks.first_fair import first_fairs
from fairs.services.checks.milestones import add_months, due_on, quarter_end, quarter_of, quarter_start

TOTAL = "total"


@dataclass
class CohortRow:
    """One quarter of first fairs (`2026-Q1`), or `total`: persons; per milestone ("6", "12", "18") checks
    due and done; per milestone and finding, the persons it held for at that check."""

    quarter: str
    persons: int = 0
    due: dict[str, int] = field(default_factory=lambda: {str(m): 0 for m in MILESTONES})
    done: dict[str, int] = field(default_factory=lambda: {str(m): 0 for m in MILESTONES})
    findings: dict[str, dict[str, int]] = field(
        default_factory=lambda: {str(m): dict.fromkeys(FINDINGS, 0) for m in MILESTONES}
    )


def cohort_quarters(start: date, end: date) -> list[str]:
    """The quarters of first fairs whose checks can fall due in [start, end], oldest first."""
    cursor, quarters = quarter_start(add_months(start, -max(MILESTONES))), []
    last = add_months(end, -min(MILESTONES))
    while cursor <= last:
        quarters.append(quarter_of(cursor))
        cursor = add_months(cursor, 3)
    return quarters


def cohort_rows(
    session: Session, *, district_ids: tuple[int, ...], start: date, end: date, as_of: date
) -> list[CohortRow]:
    """The cohorts of the period [start, end] in the districts, then `total` (docs/report.md)."""
    quarters = cohort_quarters(start, end)
    rows = {quarter: CohortRow(quarter) for quarter in quarters}
    total = CohortRow(TOTAL)
    if not quarters or not district_ids:
        return [*rows.values(), total]
    by = min(end, as_of)
    since = quarter_start(add_months(start, -max(MILESTONES)))
    home = first_fairs(since=since, until=quarter_end(add_months(end, -min(MILESTONES))))
    inside = home.c.district_id.in_(district_ids)
    for first_on, persons in session.execute(
        select(home.c.first_on, func.count()).where(inside).group_by(home.c.first_on)
    ).all():
        for row in (rows[quarter_of(first_on)], total):
            row.persons += persons
            for m in MILESTONES:
                if due_on(first_on, m) <= by:
                    row.due[str(m)] += persons
    made = (
        select(home.c.first_on, LaterCheck.milestone, func.count())
        .join(LaterCheck, LaterCheck.person_id == home.c.person_id)
        .where(inside, LaterCheck.checked_on <= by)
    )
    for first_on, m, count in session.execute(made.group_by(home.c.first_on, LaterCheck.milestone)).all():
        if due_on(first_on, m) <= by:
            for row in (rows[quarter_of(first_on)], total):
                row.done[str(m)] += count
    held = made.join(LaterCheckFinding, LaterCheckFinding.check_id == LaterCheck.id).add_columns(
        LaterCheckFinding.finding
    )
    grouped = held.group_by(home.c.first_on, LaterCheck.milestone, LaterCheckFinding.finding)
    for first_on, m, count, finding in session.execute(grouped).all():
        if due_on(first_on, m) <= by and finding in FINDINGS:
            for row in (rows[quarter_of(first_on)], total):
                row.findings[str(m)][finding] += count
    return [*rows.values(), total]
