"""The committee workbook's sheet «Через год» (A year later): the cohort table of the checks 6, 12 and 18
months after a person's first fair, one line per cohort (the quarter of the first fair) and milestone, then
the total's three lines (in bold).

The numbers are the tally's (`Tally.cohorts`: the same as the dashboard and the JSON report). The
committee's workbook is the committee's copy: counts from 1 to 4 read «< 5» and their complements «x»
(services/report/cohort_view.py); the organisers' copy shows every count. No note of a check is ever here."""

from __future__ import annotations

from openpyxl.styles import Font
from openpyxl.workbook import Workbook

from fairs.exports.cells import HEADER_FONT, styled, text
from fairs.exports.sheets import finish_table, new_sheet, table_header
from fairs.i18n import _
from fairs.services import checks, report
from fairs.services.report import CohortLine, Tally


def header_labels() -> list[str]:
    """The sheet's (and the dashboard's) column labels, the findings in the fixed order of the list."""
    first = [_("Quarter of the first fair"), _("Persons"), _("Check, months")]
    return [*first, _("Checks due"), _("Checks done"), *checks.finding_names().values()]


def cohort_sheet(wb: Workbook, tally: Tally, *, suppress: bool) -> None:
    """Each cohort's three milestones, then the total's (in bold), and what the table counts."""
    view = report.cohort_view(tally.cohorts, suppress=suppress)
    labels = header_labels()
    ws = new_sheet(wb, _("A year later"), [16, 10, 10, 10, 10] + [12] * (len(labels) - 5), freeze="A2")
    table_header(ws, labels)

    def lines(line: CohortLine, name: str, **font: Font) -> None:
        for index, milestone in enumerate(line.milestones):
            ws.append(
                [
                    styled(ws, name, **font) if index == 0 else None,
                    styled(ws, line.persons, **font) if index == 0 else None,
                    styled(ws, milestone.months, **font),
                    styled(ws, milestone.due, **font),
                    styled(ws, milestone.done, **font),
                    *(styled(ws, value, **font) for value in milestone.findings.values()),
                ]
            )

    for line in view.cohorts:
        lines(line, line.quarter)
    last_row = 1 + 3 * len(view.cohorts)
    lines(view.total, _("All cohorts"), font=HEADER_FONT)
    ws.append([])
    defined = report.DEFINITIONS_BY_KEY["cohorts"]
    ws.append([text(ws, _(defined.text))])
    if suppress:
        ws.append([text(ws, _("< 5: a count from 1 to 4; x: hidden so that it cannot be worked out."))])
    finish_table(ws, columns=len(labels), header_row=1, last_row=last_row)
