"""Why a job fell through, as a reader sees it (docs/report.md, «Why a job fell through»).

The committee's copy suppresses small cells as the category table does (services/report/suppression.py):
a count from 1 to 4 reads «< 5». In the table by reason, a column with exactly one «< 5» under a shown
total hides its smallest other non-zero count too («x»). In the rows by employer, profession and reason,
the rows of one reason add up to that reason's line: within each reason the same complementary rule
applies against the reason's line. Employers and professions stay readable (they are what the committee
asks about); only the counts are hidden. The organisers' own copy shows every count."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from fairs.services.report.results import NonhireReasonRow, NonhireRow
from fairs.services.report.suppression import shown, suppress_columns

FIGURES = ("coupons", "persons")


@dataclass
class NonhireLine:
    """One reason (or `total`) as a reader sees it: counts, or «< 5» / «x»."""

    code: str
    name: str
    coupons: int | str
    persons: int | str


@dataclass
class NonhireDetail:
    """One (employer, profession, reason) row as a reader sees it."""

    employer: str
    profession: str
    reason: str
    reason_name: str
    coupons: int | str
    persons: int | str


@dataclass
class NonhireTable:
    """The reasons' lines, the total line and the rows by employer, profession and reason."""

    reasons: list[NonhireLine]
    total: NonhireLine
    rows: list[NonhireDetail]
    suppressed: bool


def _cells(rows: list) -> list[list[int]]:
    return [[getattr(row, name) for name in FIGURES] for row in rows]


def nonhire_view(reasons: list[NonhireReasonRow], rows: list[NonhireRow], *, suppress: bool) -> NonhireTable:
    """The tally's figures for one reader: every count for the organisers, suppressed for the committee."""
    lines = list(reasons) or [NonhireReasonRow("total", "", 0, 0)]
    cells = _cells(lines)
    blank = [""] * len(FIGURES)
    marks = [list(blank) for _line in lines]
    detail_marks = {id(row): list(blank) for row in rows}
    if suppress:
        hidden, total_hidden = suppress_columns(cells[:-1], cells[-1])
        marks = [*hidden, total_hidden]
        for _code, group in groupby(sorted(rows, key=lambda row: row.reason), key=lambda row: row.reason):
            members = list(group)
            inner, _ = suppress_columns(_cells(members), [sum(c) for c in zip(*_cells(members), strict=True)])
            detail_marks.update((id(row), mark) for row, mark in zip(members, inner, strict=True))
    shown_lines = [
        NonhireLine(line.code, line.name, *(shown(v, m) for v, m in zip(values, mark, strict=True)))
        for line, values, mark in zip(lines, cells, marks, strict=True)
    ]
    details = [
        NonhireDetail(
            row.employer,
            row.profession,
            row.reason,
            row.reason_name,
            *(shown(getattr(row, name), m) for name, m in zip(FIGURES, detail_marks[id(row)], strict=True)),
        )
        for row in rows
    ]
    return NonhireTable(shown_lines[:-1], shown_lines[-1], details, suppress)
