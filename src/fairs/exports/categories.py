"""The committee workbook's sheet «По категориям»: persons consulted, referred and served per category of
person, then persons in no category and all persons; beside them the same counts for the same period a
year earlier and the change.

The numbers are the tally's (`Tally.categories`, the same as the dashboard and the JSON report). The
committee's workbook is the committee's copy: counts from 1 to 4 read «< 5» and their complements «x»
(services/report/suppression.py), each period's table on its own, and a change is left blank where
either count is hidden; the organisers' copy (with the coupon register) shows every count."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from fairs.exports.cells import CHANGE_FORMAT, HEADER_FONT, styled, text
from fairs.exports.sheets import finish_table, new_sheet, table_header
from fairs.i18n import _
from fairs.services import report
from fairs.services.report import CategoryChange, CategoryLine, Comparison, Tally, definition_label

WIDTHS = [44, *[14] * 9]


def _figures() -> list[str]:
    return [_("Persons consulted"), _("Persons referred"), _("Persons served")]


def _cells(ws, now: CategoryLine, before: CategoryLine, change: CategoryChange, *, bold: bool) -> list:  # noqa: ANN001
    font = {"font": HEADER_FONT} if bold else {}
    counts = [getattr(line, name) for line in (now, before) for name in report.CATEGORY_FIGURES]
    changes = [getattr(change, name) for name in report.CATEGORY_FIGURES]
    return [
        styled(ws, now.name, **font),
        *(styled(ws, value, **font) for value in counts),  # a «< 5» or «x» goes through text() too
        *(styled(ws, value, number_format=CHANGE_FORMAT, **font) for value in changes),
    ]


def categories_sheet(wb: Workbook, tally: Tally, comparison: Comparison, *, suppress: bool) -> None:
    """One row per category, then persons in no category and all persons (in bold); each with its counts,
    the counts a year earlier and the change."""
    now = report.category_view(tally.categories, suppress=suppress)
    before = report.category_view(comparison.previous.categories, suppress=suppress)
    rows = zip(
        report.lines_of(now),
        report.lines_before(now, before),
        report.category_changes(now, before),
        strict=True,
    )
    ws = new_sheet(wb, _("By category"), WIDTHS, freeze="B2")
    figures = _figures()
    table_header(
        ws,
        [
            _("Category"),
            *figures,
            *(_("%(figure)s, a year earlier") % {"figure": name} for name in figures),
            *(_("%(figure)s, change") % {"figure": name} for name in figures),
        ],
    )
    for line, before_line, change in rows:
        ws.append(_cells(ws, line, before_line, change, bold=line.code == "total"))
    last_row = len(now.categories) + 2  # the header, the categories, «In no category»
    ws.append([])
    span = comparison.period
    ws.append(
        [
            text(
                ws,
                f"{definition_label('previous_year')}: {span.start:%d.%m.%Y}–{span.end:%d.%m.%Y}",
            )
        ]
    )
    ws.append([text(ws, _("A person in several categories counts in each of them."))])
    if suppress:
        ws.append([text(ws, _("< 5: a count from 1 to 4; x: hidden so that it cannot be worked out."))])
    finish_table(ws, columns=len(WIDTHS), header_row=1, last_row=last_row)
