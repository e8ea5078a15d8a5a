"""A year later: the cohort table as a reader sees it (docs/report.md, «A year later»).

The tally counts it (services/checks, `Tally.cohorts`: one row per quarter of first fairs, then `total`).
The committee's copy suppresses small cells as the category table does (services/report/suppression.py): a
count from 1 to 4 reads «< 5», and in a column with exactly one «< 5» under a shown total the smallest other
non-zero count is hidden too («x»). The organisers' own copy shows every count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection
from sqlmodel import Session

from fairs.models import FINDINGS, MILESTONES
from fairs.services import checks
from fairs.services.checks import CohortRow
from fairs.services.report.results import Period, TallyScope
from fairs.services.report.suppression import shown, suppress_columns


def cohort_figures(
    reader: Session | Connection, *, scope: TallyScope, period: Period, as_of: date
) -> list[CohortRow]:
    """The tally's cohort rows for the scope and the period (services/checks), one of the tally's passes."""
    return checks.cohort_rows(
        reader, district_ids=scope.district_ids, start=period.start, end=period.end, as_of=as_of
    )


@dataclass
class CohortMilestone:
    """One milestone of a cohort line: checks due and done, and per finding the persons it held for."""

    months: int
    due: int | str
    done: int | str
    findings: dict[str, int | str]


@dataclass
class CohortLine:
    """One quarter of first fairs (or `total`) as a reader sees it."""

    quarter: str
    persons: int | str
    milestones: list[CohortMilestone]


@dataclass
class CohortTable:
    """The cohorts' lines, the total line, and whether small counts are hidden."""

    cohorts: list[CohortLine]
    total: CohortLine
    suppressed: bool


def _cells(row: CohortRow) -> list[int]:
    values = [row.persons]
    for m in MILESTONES:
        values += [row.due[str(m)], row.done[str(m)], *(row.findings[str(m)][f] for f in FINDINGS)]
    return values


def _line(row: CohortRow, values: list[int | str]) -> CohortLine:
    width = 2 + len(FINDINGS)
    milestones = []
    for index, m in enumerate(MILESTONES):
        part = values[1 + index * width : 1 + (index + 1) * width]
        milestones.append(CohortMilestone(m, part[0], part[1], dict(zip(FINDINGS, part[2:], strict=True))))
    return CohortLine(row.quarter, values[0], milestones)


def cohort_view(rows: list[CohortRow], *, suppress: bool) -> CohortTable:
    """The tally's cohort rows for one reader: every count for organisers, suppressed for the committee."""
    lines = list(rows) or [CohortRow(checks.TOTAL)]
    cells = [_cells(row) for row in lines]
    marks = [[""] * len(cells[0]) for _row in lines]
    if suppress:
        hidden, total_hidden = suppress_columns(cells[:-1], cells[-1])
        marks = [*hidden, total_hidden]
    shown_lines = [
        _line(row, [shown(v, m) for v, m in zip(values, mark, strict=True)])
        for row, values, mark in zip(lines, cells, marks, strict=True)
    ]
    return CohortTable(shown_lines[:-1], shown_lines[-1], suppress)
