"""The committee workbook's sheet «Причины отказа в найме»: why a job fell through. First the rows by
employer, profession and reason (coupons, persons), the table the committee uses to ask for a change of
the list of professions closed to people with a conviction; below it the counts per reason and in all.

The numbers are the tally's (`Tally.nonhire_reasons`, `Tally.nonhire`: the same as the dashboard and the
JSON report). The committee's workbook is the committee's copy: counts from 1 to 4 read «< 5» and their
complements «x» (services/report/nonhire_view.py); the organisers' copy shows every count. Employers'
names and professions were typed by people: they go through `text()` like every other text cell."""

from __future__ import annotations

from openpyxl.workbook import Workbook

from fairs.exports.cells import HEADER_FONT, styled, text
from fairs.exports.sheets import finish_table, new_sheet, table_header
from fairs.i18n import _
from fairs.services import report
from fairs.services.report import Tally

WIDTHS = [40, 32, 36, 12, 12]


def nonhire_sheet(wb: Workbook, tally: Tally, *, suppress: bool) -> None:
    """The rows by employer, profession and reason, then each reason's line and the total (in bold)."""
    view = report.nonhire_view(tally.nonhire_reasons, tally.nonhire, suppress=suppress)
    ws = new_sheet(wb, _("Reasons for not hiring"), WIDTHS, freeze="A2")
    table_header(ws, [_("Employer"), _("Profession"), _("Reason"), _("Coupons"), _("Persons")])
    for row in view.rows:
        ws.append(
            [
                styled(ws, row.employer or "—"),
                styled(ws, row.profession or "—"),
                styled(ws, row.reason_name),
                styled(ws, row.coupons),
                styled(ws, row.persons),
            ]
        )
    last_row = len(view.rows) + 1
    ws.append([])
    bold = {"font": HEADER_FONT}
    ws.append(
        [
            styled(ws, _("Reason"), **bold),
            None,
            None,
            styled(ws, _("Coupons"), **bold),
            styled(ws, _("Persons"), **bold),
        ]
    )
    for line in [*view.reasons, view.total]:
        font = bold if line.code == "total" else {}
        ws.append(
            [
                styled(ws, line.name, **font),
                None,
                None,
                styled(ws, line.coupons, **font),
                styled(ws, line.persons, **font),
            ]
        )
    ws.append([])
    ws.append(
        [
            text(
                ws,
                _(
                    "Coupons whose outcome is «not hired» or «not eligible», by the reason recorded with it; "
                    "a person with several such coupons counts once in each of their reasons and once in all "
                    "reasons."
                ),
            )
        ]
    )
    if suppress:
        ws.append([text(ws, _("< 5: a count from 1 to 4; x: hidden so that it cannot be worked out."))])
    finish_table(ws, columns=len(WIDTHS), header_row=1, last_row=last_row)
