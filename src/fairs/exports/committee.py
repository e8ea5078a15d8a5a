"""The committee's workbook: the summary laid out like the report, the tables, definitions; and the
organisers' copy of it with the coupon register (`register`), which the committee never gets.

Every number comes from `committee_tally` (the same as the dashboard and the JSON report); the coupon
register streams from `services.register` into its sheet, written by `exports.streamed` (the rest by
openpyxl in write-only mode), so a region's year of coupons never sits in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from io import BytesIO
from typing import BinaryIO

from openpyxl.styles import Alignment
from openpyxl.workbook import Workbook
from sqlmodel import Session

from fairs.exports import XLSX, Exporter, ExportFile, official, register, signoff, streamed
from fairs.exports.categories import categories_sheet
from fairs.exports.cells import (
    CHANGE_FORMAT,
    HEADER_FONT,
    INTEGER_FORMAT,
    PERCENT_FORMAT,
    WRAP,
    header,
    in_locale,
    styled,
    text,
)
from fairs.exports.cohorts import cohort_sheet
from fairs.exports.nonhire import nonhire_sheet
from fairs.exports.printed import FittedRows
from fairs.exports.sheets import (
    directions_sheet,
    fairs_sheet,
    finish_table,
    new_sheet,
    organisations_sheet,
    register_sheet,
)
from fairs.exports.summary_charts import MONTH_FORMAT, direction_chart, month_chart
from fairs.i18n import N_, _
from fairs.labels import scan_result_label
from fairs.models import User
from fairs.services import report
from fairs.services.report import (
    DEFINITIONS,
    FAIR_DATE_RULE,
    Comparison,
    Letterhead,
    Period,
    Tally,
    TallyScope,
    definition_label,
)

# Labels wrap (the row is made tall enough when written) instead of being cut at the column's edge.
LABEL = Alignment(wrap_text=True)
INDENT = Alignment(wrap_text=True, indent=2)
LEFT = Alignment(horizontal="left")
SUMMARY_WIDTHS = [60, 14, 21, 17]  # C, D: «Проконсультировано», «Перенаправлено» on one line
RATE_CHANGE_FORMAT = "+0.0%;-0.0%;0.0%"


def filename(identifier: str, period: Period) -> str:
    """`committee_2026-01-01_2026-12-31.xlsx`."""
    return f"{identifier}_{period.start.isoformat()}_{period.end.isoformat()}.xlsx"


def _number(ws, value, number_format: str):  # noqa: ANN001, ANN202
    return styled(ws, value, number_format=number_format) if value is not None else None


def _value_row(ws, key: str, tally: Tally, comparison: Comparison, *, indent: bool = False) -> list:  # noqa: ANN001
    """A figure's row: its label, this period, the same period a year earlier and the change."""
    name = styled(ws, definition_label(key), alignment=INDENT if indent else LABEL)
    rate = key == "redemption_rate"
    number_format = PERCENT_FORMAT if rate else INTEGER_FORMAT
    return [
        name,
        _number(ws, getattr(tally, key), number_format),
        _number(ws, comparison.figures[key], number_format),
        _number(ws, comparison.change[key], RATE_CHANGE_FORMAT if rate else CHANGE_FORMAT),
    ]


def summary_sheet(
    wb: Workbook, tally: Tally, letterhead: Letterhead, comparison: Comparison, submitted: str | None = None
) -> None:
    """The report as the committee reads it under its official heading (and `submitted`, the line of a
    submitted period), beside the same period a year earlier and the change, then the rule of dates, the
    months, failed scans and the executor's block; two charts beside it (on screen: the print area is the
    table)."""
    top = 3 if submitted is None else 4  # the table's header row
    ws = new_sheet(wb, _("Summary"), SUMMARY_WIDTHS, freeze=f"A{top + 1}", landscape=False)
    out = FittedRows(ws, SUMMARY_WIDTHS)
    out.append(official.heading_row(ws, letterhead, tally.period, columns=len(SUMMARY_WIDTHS)))
    if submitted is not None:
        out.append([text(ws, submitted)])
    dates = {"start": f"{tally.period.start:%d.%m.%Y}", "end": f"{tally.period.end:%d.%m.%Y}"}
    out.append(
        [
            text(
                ws,
                _("Fairs dated %(start)s–%(end)s; as of %(day)s")
                % {**dates, "day": tally.as_of.strftime("%d.%m.%Y")},
            )
        ]
    )
    earlier = comparison.period
    out.append(
        header(
            ws,
            [
                _("Indicator"),
                _("Number"),
                f"{definition_label('previous_year')} ({earlier.start:%d.%m.%Y}–{earlier.end:%d.%m.%Y})",
                definition_label("change"),
            ],
        )
    )
    rows = [
        _value_row(ws, "fairs_held", tally, comparison),
        _value_row(ws, "persons_consulted", tally, comparison),
        _value_row(ws, "visits", tally, comparison),
        _value_row(ws, "consultations", tally, comparison),
        _value_row(ws, "persons_consulted_at_booths", tally, comparison),
        _value_row(ws, "persons_referred", tally, comparison),
        [styled(ws, definition_label("direction_persons"), alignment=LABEL)],
    ]
    before = comparison.directions
    directions = [d for d in tally.directions if d.persons > 0 or before[d.code]["persons"] > 0]
    first_direction = top + len(rows) + 1
    rows += [
        [
            styled(ws, d.name, alignment=INDENT),
            d.persons,
            before[d.code]["persons"],
            styled(ws, comparison.direction_change[d.code]["persons"], number_format=CHANGE_FORMAT),
        ]
        for d in directions
    ]
    rows += [
        _value_row(ws, "employment_referred_persons", tally, comparison),
        _value_row(ws, "employed_persons", tally, comparison, indent=True),
        _value_row(ws, "jobseeker_registered_persons", tally, comparison),
        _value_row(ws, "expected_persons", tally, comparison),
        _value_row(ws, "arrived_persons", tally, comparison, indent=True),
        _value_row(ws, "coupons_between_fairs", tally, comparison),
        _value_row(ws, "persons_referred_between_fairs", tally, comparison, indent=True),
        _value_row(ws, "peer_recruited_persons", tally, comparison),
        _value_row(ws, "peer_chain_depth", tally, comparison, indent=True),
        _value_row(ws, "peer_incentives", tally, comparison, indent=True),
        _value_row(ws, "handovers_in", tally, comparison),
        _value_row(ws, "handovers_out", tally, comparison),
        _value_row(ws, "coupons_issued", tally, comparison),
        _value_row(ws, "coupons_redeemed", tally, comparison),
        _value_row(ws, "redemption_rate", tally, comparison),
    ]
    for row in rows:
        out.append(row)
    out.append([])
    out.append([styled(ws, _(FAIR_DATE_RULE), alignment=WRAP)])
    out.append([])
    months_header = out.append(
        header(ws, [_("Month"), _("Visits"), _("Persons consulted"), _("Persons referred")])
    )
    for month in tally.months:
        out.append(
            [
                styled(ws, month.month, number_format=MONTH_FORMAT, alignment=LEFT),
                month.visits,
                month.persons_consulted,
                month.persons_referred,
            ]
        )
    # Failed scans of the period, per reason (as on the dashboard; counted by the day of the scan).
    out.append([])
    out.append(header(ws, [definition_label("failed_scans"), _("Scans")]))
    for reason, count in tally.failed_scans.items():
        out.append([styled(ws, scan_result_label(reason), alignment=INDENT), count])
    for row in official.executor_rows(ws, letterhead, tally.as_of):
        out.append(row)
    ws.print_title_rows = f"{top}:{top}"
    ws.print_area = f"A1:D{months_header + len(tally.months) + len(tally.failed_scans) + 7}"
    if directions:
        direction_chart(ws, first_direction, first_direction + len(directions) - 1)
    if tally.months:
        month_chart(ws, months_header, months_header + len(tally.months))


def definitions_sheet(wb: Workbook) -> None:
    """What every number means, and which period a record counts in."""
    widths = [40, 100]
    ws = new_sheet(wb, _("Definitions"), widths, freeze="A2", landscape=False)
    out = FittedRows(ws, widths)
    out.append(header(ws, [_("Indicator"), _("Definition")]))
    for definition in DEFINITIONS:
        name, meaning = definition.translated()
        out.append([styled(ws, name, font=HEADER_FONT, alignment=WRAP), styled(ws, meaning, alignment=WRAP)])
    out.append(
        [
            styled(ws, _("Date of a record"), font=HEADER_FONT, alignment=WRAP),
            styled(ws, _(FAIR_DATE_RULE), alignment=WRAP),
        ]
    )
    finish_table(ws, columns=2, header_row=1, last_row=len(DEFINITIONS) + 2)


def _discard(wb: Workbook) -> None:
    """Close and delete the temporary files of an unfinished write-only workbook (a server lives long).

    Saving is the public way to close every sheet and remove its temporary file; what it writes (the
    sheets written so far, a few rows each) goes nowhere. A workbook already saved has none left."""
    with suppress(Exception):
        wb.save(BytesIO())


@register
class CommitteeWorkbook(Exporter):
    """The executive committee's report as an Excel workbook: counts only, no row of any coupon or person."""

    identifier = "committee"
    verbose_name = N_("Committee report (Excel)")
    with_register = False  # the coupon register's sheet (codes, client codes): organisers' copy only
    file_kind = N_("Fairs")  # the file name's first word

    def render(
        self,
        session: Session,
        *,
        scope: TallyScope,
        period: Period,
        locale: str,
        target: BinaryIO,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExportFile:
        """Write the workbook for `scope` and `period`, labels in `locale`, into `target`."""
        with in_locale(locale):
            tally = report.report_tally(session, scope=scope, period=period, locale=locale)
            comparison = report.previous_year(session, scope=scope, tally=tally, locale=locale)
            letterhead = report.letterhead(session, scope=scope)
            title = official.file_title(self.file_kind, letterhead.district_name, period)
            done = ExportFile(filename(self.identifier, period), XLSX, title)
            wb = Workbook(write_only=True)
            try:
                official.properties(wb, letterhead, period)
                submitted = signoff.submitted_line(session, scope=scope, period=period)
                summary_sheet(wb, tally, letterhead, comparison, submitted)
                fairs_sheet(wb, tally)
                organisations_sheet(wb, tally)
                directions_sheet(wb, tally)
                # The committee's copy (suppressed) unless this is the organisers' workbook with the register.
                categories_sheet(wb, tally, comparison, suppress=not self.with_register)
                nonhire_sheet(wb, tally, suppress=not self.with_register)
                cohort_sheet(wb, tally, suppress=not self.with_register)
                if not self.with_register:
                    definitions_sheet(wb)
                    official.page_furniture(wb, letterhead, period)
                    wb.save(target)
                    return done
                total = report.register_size(session, scope=scope, period=period) if progress else 0
                coupons = register_sheet(wb)
                definitions_sheet(wb)
                official.page_furniture(wb, letterhead, period)
                rows = report.register_rows(
                    session, scope=scope, period=period, locale=locale, as_of=tally.as_of
                )
                streamed.save(wb, target, coupons, rows, total=total, progress=progress)
            except BaseException:
                _discard(wb)
                raise
        return done

    def title(self, *, scope: TallyScope, period: Period, locale: str) -> str:
        """`Ярмарки_Солигорский_район_IV_квартал_2026.xlsx` (the district's name as it is, or the region's).

        The same as `render` gives (the scope's title is the district's name)."""
        with in_locale(locale):
            return official.file_title(self.file_kind, scope.title, period)


@register
class RegisterWorkbook(CommitteeWorkbook):
    """The organisers' copy: the committee's workbook with the coupon register (one row per coupon, its
    short code, outcome and client code), for organisers only (`services.report.sees_rows`)."""

    identifier = "register"
    verbose_name = N_("Report with the coupon register (Excel)")
    with_register = True
    file_kind = N_("Fairs and coupons")

    def ensure_reader(self, actor: User) -> None:
        """Organisers only: the register is row-level data."""
        report.ensure_row_reader(actor)

    def rows(self, session: Session, *, scope: TallyScope, period: Period) -> int:
        """The register's length."""
        return report.register_size(session, scope=scope, period=period)
