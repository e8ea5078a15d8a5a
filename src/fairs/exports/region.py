"""The region's workbook: a summary with the districts side by side and the region's total, one sheet per
district and one for the region's totals; counts only, as the committee's workbook.

Every number comes from `services.report.region_report` (each district's `committee_tally`, and the
region's, whose persons are counted once across its districts), as on the dashboard and in the JSON report.
A region with many coupons is written in the background, its progress counted by district.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from openpyxl.workbook import Workbook
from sqlmodel import Session

from fairs.exports import XLSX, Exporter, ExportFile, Progress, official, register
from fairs.exports.cells import INTEGER_FORMAT, PERCENT_FORMAT, WRAP, header, in_locale, styled, text
from fairs.exports.committee import INDENT, definitions_sheet, filename
from fairs.exports.sheets import new_sheet
from fairs.i18n import N_, _
from fairs.services import report
from fairs.services.report import Period, RegionReport, Tally, TallyScope, definition_label

SHEET_TITLE_LENGTH = 31  # Excel's limit
UNSAFE_IN_SHEET_TITLES = re.compile(r"[\[\]:*?/\\']+")
FIGURES = report.SUMMARY_FIGURES
ONCE_NOTE = N_(
    "In the region's total a person is counted once, even when registered in several of its districts "
    "(the same client code): the districts' persons may add up to more than the region's."
)


def sheet_title(name: str, taken: set[str]) -> str:
    """`name` as a sheet may be called: without the characters Excel refuses, at most 31 characters, and
    unlike every title in `taken` (which it joins)."""
    base = UNSAFE_IN_SHEET_TITLES.sub(" ", name).strip() or "-"
    title, number = base[:SHEET_TITLE_LENGTH], 1
    while title.casefold() in {one.casefold() for one in taken}:
        number += 1
        suffix = f" ({number})"
        title = base[: SHEET_TITLE_LENGTH - len(suffix)] + suffix
    taken.add(title)
    return title


def _figure(ws, key: str, value) -> object:  # noqa: ANN001
    if value is None:
        return None
    return styled(ws, value, number_format=PERCENT_FORMAT if key == "redemption_rate" else INTEGER_FORMAT)


def _figure_rows(ws, tallies: list[Tally]) -> list[list]:  # noqa: ANN001
    """The summary figures, then persons referred per direction, one column per tally."""
    rows = [
        [text(ws, definition_label(key))] + [_figure(ws, key, getattr(t, key)) for t in tallies]
        for key in FIGURES
    ]
    rows.append([text(ws, definition_label("direction_persons"))])
    shown = {row.code for t in tallies for row in t.directions if row.persons}
    for position, row in enumerate(tallies[-1].directions):
        if row.code in shown:
            values = [t.directions[position].persons for t in tallies]
            rows.append([styled(ws, row.name, alignment=INDENT), *values])
    return rows


def summary_sheet(wb: Workbook, region: RegionReport) -> None:
    """The districts side by side and, last, the region (persons counted once)."""
    columns = [*region.districts, region.total]
    ws = new_sheet(wb, _("Region"), [62] + [16] * len(columns), freeze="B4")
    total = region.total
    ws.append([text(ws, f"{total.scope.title}: {report.period_words(total.period)}")])
    dates = {"start": f"{total.period.start:%d.%m.%Y}", "end": f"{total.period.end:%d.%m.%Y}"}
    day = total.as_of.strftime("%d.%m.%Y")
    ws.append([text(ws, _("Fairs dated %(start)s–%(end)s; as of %(day)s") % {**dates, "day": day})])
    names = [one.scope.title for one in region.districts]
    ws.append(header(ws, [_("Indicator"), *names, _("Region (each person once)")]))
    for row in _figure_rows(ws, columns):
        ws.append(row)
    ws.append([])
    ws.append([styled(ws, _(ONCE_NOTE), alignment=WRAP)])


def tally_sheet(wb: Workbook, tally: Tally, title: str) -> None:
    """One district's (or the region's) figures and its directions."""
    ws = new_sheet(wb, title, [62, 16, 16, 16, 16], freeze="A3", landscape=False)
    ws.append([text(ws, tally.scope.title)])
    ws.append(header(ws, [_("Indicator"), _("Number")]))
    for row in _figure_rows(ws, [tally]):
        ws.append(row)
    ws.append([])
    ws.append(
        header(
            ws,
            [
                _("Direction"),
                definition_label("direction_persons"),
                definition_label("direction_persons_consulted"),
                definition_label("coupons_issued"),
                definition_label("coupons_redeemed"),
            ],
        )
    )
    for row in tally.directions:
        if row.persons or row.persons_consulted or row.coupons_issued:
            ws.append(
                [
                    text(ws, row.name),
                    row.persons,
                    row.persons_consulted,
                    row.coupons_issued,
                    row.coupons_redeemed,
                ]
            )


@register
class RegionWorkbook(Exporter):
    """The region's report as an Excel workbook: a summary of its districts side by side, a sheet per
    district and the region's totals (counts only)."""

    identifier = "region"
    verbose_name = N_("Region report by district (Excel)")
    file_kind = N_("Region")  # the file name's first word

    def rows(self, session: Session, *, scope: TallyScope, period: Period) -> int:
        """The region's coupons (the tallies' work grows with them): a large region goes to the background."""
        return report.register_size(session, scope=scope, period=period)

    def title(self, *, scope: TallyScope, period: Period, locale: str) -> str:
        """`Область_Минская_область_2026.xlsx`."""
        with in_locale(locale):
            return official.file_title(self.file_kind, scope.title, period)

    def render(
        self,
        session: Session,
        *,
        scope: TallyScope,
        period: Period,
        locale: str,
        target: BinaryIO,
        progress: Progress | None = None,
    ) -> ExportFile:
        """Write the region's workbook for `scope` and `period`, labels in `locale`, into `target`."""
        with in_locale(locale):
            total = self.rows(session, scope=scope, period=period) if progress else 0
            districts = len(scope.district_ids)

            def done_districts(done: int, _all: int) -> None:
                if progress is not None:
                    progress(total * done // max(districts, 1), total)

            region = report.region_report(
                session, scope=scope, period=period, locale=locale, progress=done_districts
            )
            if len(scope.district_ids) == 1:  # one district: its sheet is the region's total
                region = RegionReport(total=region.total, districts=[region.total])
            wb = Workbook(write_only=True)
            summary_sheet(wb, region)
            taken = {_("Region"), _("Region total"), _("Definitions")}
            for one in region.districts:
                tally_sheet(wb, one, sheet_title(one.scope.title, taken))
            tally_sheet(wb, region.total, _("Region total"))
            definitions_sheet(wb)
            wb.save(target)
            if progress is not None:
                progress(total, total)
        return ExportFile(
            filename(self.identifier, period), XLSX, self.title(scope=scope, period=period, locale=locale)
        )
