"""The cohort table of the committee's report (docs/report.md, «A year later»): the people whose first fair
lies in the scope's districts, by the quarter of that fair; per milestone the checks due and done, and per
finding the persons it held for.

Which cohorts a period shows: those whose checks can fall due in it, the quarters from the one 18 months
before the period's first day to the one 6 months before its last. A check counts as due when its milestone
has come by the period's last day (or the tally's day, if earlier), as done when it is due and was made on or
before that day; its findings count with it. Each person's first fair is read from the person's row
(services/checks/first_fair.py); the checks, kept by the district of the person's first fair, are read by
that district and matched to it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection
from sqlmodel import Session, select

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
    session: Session | Connection, *, district_ids: tuple[int, ...], start: date, end: date, as_of: date
) -> list[CohortRow]:
    """The cohorts of the period [start, end] in the districts, then `total` (docs/report.md)."""
    quarters = cohort_quarters(start, end)
    rows = {quarter: CohortRow(quarter) for quarter in quarters}
    total = CohortRow(TOTAL)
    if not quarters or not district_ids:
        return [*rows.values(), total]
    by = min(end, as_of)
    since = quarter_start(add_months(start, -max(MILESTONES)))
    until = quarter_end(add_months(end, -min(MILESTONES)))
    home = first_fairs(since=since, until=until, district_ids=district_ids)
    # Each person's first fair, kept on the person's row; the checks (few) are matched to it here.
    query = select(home.c.person_id, home.c.first_on)
    first = {person_id: first_on for person_id, first_on in session.execute(query).all()}
    for first_on, persons in Counter(first.values()).items():  # a few fair dates: their milestones once
        for row in (rows[quarter_of(first_on)], total):
            row.persons += persons
            for m in MILESTONES:
                if due_on(first_on, m) <= by:
                    row.due[str(m)] += persons
    kept = (LaterCheck.district_id.in_(district_ids), LaterCheck.checked_on <= by)
    made = select(LaterCheck.person_id, LaterCheck.milestone).where(*kept)
    for person_id, m in session.execute(made).all():
        first_on = first.get(person_id)
        if first_on is not None and due_on(first_on, m) <= by:
            for row in (rows[quarter_of(first_on)], total):
                row.done[str(m)] += 1
    held = made.join(LaterCheckFinding, LaterCheckFinding.check_id == LaterCheck.id)
    for person_id, m, finding in session.execute(held.add_columns(LaterCheckFinding.finding)).all():
        first_on = first.get(person_id)
        if first_on is not None and due_on(first_on, m) <= by and finding in FINDINGS:
            for row in (rows[quarter_of(first_on)], total):
                row.findings[str(m)][finding] += 1
    return [*rows.values(), total]
