"""The committee workbook's sheet «По категориям»: persons consulted, referred and served per category of
person, then persons in no category and all persons.

The numbers are the tally's (`Tally.categories`, the same as the dashboard and the JSON report). The
committee's workbook is the committee's copy: counts from 1 to 4 read «< 5» and their complements «x»
(services/report/suppression.py); the organisers' copy (with the coupon register) shows every count."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from fairs.exports.cells import HEADER_FONT, styled, text
from fairs.exports.sheets import finish_table, new_sheet, table_header
from fairs.i18n import _
from fairs.services import report
from fairs.services.report import CategoryLine, Tally

WIDTHS = [52, 16, 16, 16]


def _value(ws, value: int | str):  # noqa: ANN001, ANN202
    return value if isinstance(value, int) else text(ws, value)


def categories_sheet(wb: Workbook, tally: Tally, *, suppress: bool) -> None:
    """One row per category, then persons in no category and all persons (in bold)."""
    table = report.category_view(tally.categories, suppress=suppress)
    ws = new_sheet(wb, _("By category"), WIDTHS, freeze="B2", landscape=False)
    table_header(ws, [_("Category"), _("Persons consulted"), _("Persons referred"), _("Persons served")])
    line: CategoryLine
    for line in [*table.categories, table.none]:
        ws.append(
            [
                text(ws, line.name),
                _value(ws, line.persons_consulted),
                _value(ws, line.persons_referred),
                _value(ws, line.persons_served),
            ]
        )
    last_row = len(table.categories) + 2  # the header, the categories, «In no category»
    total = table.total
    ws.append(
        [
            styled(ws, total.name, font=HEADER_FONT),
            *(
                styled(ws, value, font=HEADER_FONT)
                for value in (total.persons_consulted, total.persons_referred, total.persons_served)
            ),
        ]
    )
    ws.append([])
    ws.append([text(ws, _("A person in several categories counts in each of them."))])
    if suppress:
        ws.append([text(ws, _("< 5: a count from 1 to 4; x: hidden so that it cannot be worked out."))])
    finish_table(ws, columns=len(WIDTHS), header_row=1, last_row=last_row)
