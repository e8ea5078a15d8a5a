"""The table sheets of the committee's workbook: by fair, by organisation, by direction, the register.

Every sheet is write-only (rows stream to a temporary file): widths and frozen panes are set before the
first row, the autofilter and print setup before the workbook is saved. The register's rows are not
openpyxl's: `streamed.save` writes them (see there).
"""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from fairs.exports import cells, printed
from fairs.exports.cells import day, header, percent, text
from fairs.exports.streamed import DAY, LABEL, PLACEHOLDER_ROW, TEXT, StreamedSheet
from fairs.i18n import _
from fairs.labels import fair_status_label
from fairs.services.report import DirectionRow, FairRow, OrganisationRow, Tally

NAME = Alignment(wrap_text=True)  # an organisation's or a direction's name: wrapped, never cut in print


def new_sheet(wb: Workbook, title: str, widths: list[float], *, freeze: str | None, landscape: bool = True):  # noqa: ANN201
    """A write-only sheet on A4, fitted to the page width, with its column widths and frozen rows."""
    ws = wb.create_sheet(title)
    for index, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    return ws


def table_header(ws, labels: list[str]) -> list[float]:  # noqa: ANN001
    """The table's bold header as row 1: each column wide enough for its label's longest word, the row
    tall enough for the labels' lines (see `printed`). The columns' widths."""
    cells = header(ws, labels)
    widths = []
    for index, cell in enumerate(cells, 1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = max(dimension.width or 0, printed.word_width(cell))
        widths.append(dimension.width)
    needed = printed.height(cells, widths)
    if needed is not None:
        ws.row_dimensions[1].height = needed
    ws.append(cells)
    return widths


def finish_table(ws, *, columns: int, header_row: int, last_row: int) -> None:  # noqa: ANN001
    """Autofilter over the table and its header rows repeated on every printed page."""
    last = max(last_row, header_row)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(columns)}{last}"
    ws.print_title_rows = f"1:{header_row}"


def _rate(redeemed: int, issued: int) -> float | None:
    return redeemed / issued if issued else None


def fairs_sheet(wb: Workbook, tally: Tally) -> None:
    """One row per fair of the period."""
    labels = [
        _("Fair date"),
        _("District"),
        _("Status"),
        _("Booths"),
        _("Visitors"),
        _("Persons referred"),
        _("Coupons issued"),
        _("Coupons redeemed"),
        _("Redemption rate"),
    ]
    ws = new_sheet(wb, _("By fair"), [13, 28, 14, 10, 11, 13, 12, 12, 12], freeze="A2")
    table_header(ws, labels)
    row: FairRow
    for row in tally.fairs:
        ws.append(
            [
                day(ws, row.date),
                text(ws, row.district),
                text(ws, fair_status_label(row.status)),
                row.booths,
                row.visitors,
                row.persons_referred,
                row.coupons_issued,
                row.coupons_redeemed,
                percent(ws, _rate(row.coupons_redeemed, row.coupons_issued)),
            ]
        )
    finish_table(ws, columns=len(labels), header_row=1, last_row=len(tally.fairs) + 1)


def _outcome_columns(tally: Tally, rows: Iterable[DirectionRow | OrganisationRow]) -> list[str]:
    """Outcome codes that occur in `rows`, in the tally's order of outcomes."""
    present = {code for row in rows for code, n in row.outcomes.items() if n}
    ordered = [code for code in tally.outcome_names if code in present]
    return ordered + sorted(present - set(ordered))


def organisations_sheet(wb: Workbook, tally: Tally) -> None:
    """One row per receiving organisation, with its outcomes."""
    outcomes = _outcome_columns(tally, tally.organisations)
    labels = [
        _("Organisation"),
        _("Coupons received"),
        _("Coupons redeemed"),
        _("Redemption rate"),
        _("Expired unused"),
    ] + [tally.outcome_names.get(code, code) for code in outcomes]
    ws = new_sheet(wb, _("By organisation"), [40, 12, 12, 12, 12] + [14] * len(outcomes), freeze="B2")
    out = printed.FittedRows(ws, table_header(ws, labels), written=1)
    row: OrganisationRow
    for row in tally.organisations:
        out.append(
            [
                cells.styled(ws, row.name, alignment=NAME),
                row.coupons_received,
                row.coupons_redeemed,
                percent(ws, row.redemption_rate),
                row.expired_unused,
                *(row.outcomes.get(code, 0) for code in outcomes),
            ]
        )
    finish_table(ws, columns=len(labels), header_row=1, last_row=len(tally.organisations) + 1)


def directions_sheet(wb: Workbook, tally: Tally) -> None:
    """One row per direction, with its outcomes."""
    outcomes = _outcome_columns(tally, tally.directions)
    labels = [
        _("Direction"),
        _("Persons"),
        _("Persons consulted"),
        _("Coupons issued"),
        _("Coupons redeemed"),
        _("Redemption rate"),
        _("Median days to redemption"),
    ] + [tally.outcome_names.get(code, code) for code in outcomes]
    widths = [40, 10, 13, 12, 12, 12, 14] + [14] * len(outcomes)
    ws = new_sheet(wb, _("By direction"), widths, freeze="B2")
    out = printed.FittedRows(ws, table_header(ws, labels), written=1)
    row: DirectionRow
    for row in tally.directions:
        out.append(
            [
                cells.styled(ws, row.name, alignment=NAME),
                row.persons,
                row.persons_consulted,
                row.coupons_issued,
                row.coupons_redeemed,
                percent(ws, row.redemption_rate),
                cells.styled(ws, row.median_days, number_format=cells.DECIMAL_FORMAT)
                if row.median_days is not None
                else None,
                *(row.outcomes.get(code, 0) for code in outcomes),
            ]
        )
    finish_table(ws, columns=len(labels), header_row=1, last_row=len(tally.directions) + 1)


REGISTER_WIDTHS = [14, 12, 34, 34, 30, 13, 13, 26, 12]
# code, fair date, issuer, receiver, direction, status, redeemed on, outcome, client code
REGISTER_KINDS = [TEXT, DAY, LABEL, LABEL, LABEL, LABEL, DAY, LABEL, TEXT]


def register_sheet(wb: Workbook) -> StreamedSheet:
    """The coupon register's sheet: header, widths, frozen header, print setup, autofilter.

    Its rows (`RegisterRow`s, one per coupon) are written by `streamed.save`, not by openpyxl: the
    hot path of a large export."""
    labels = [
        _("Coupon"),
        _("Fair date"),
        _("Issued by"),
        _("Addressed to"),
        _("Direction"),
        _("Status"),
        _("Redeemed on"),
        _("Outcome"),
        _("Client code"),
    ]
    ws = new_sheet(wb, _("Coupons"), REGISTER_WIDTHS, freeze="A2")
    ws.append(header(ws, labels))
    finish_table(ws, columns=len(labels), header_row=1, last_row=PLACEHOLDER_ROW)
    return StreamedSheet(ws, REGISTER_KINDS)
