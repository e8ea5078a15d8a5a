"""The import workbook's format: the template an organiser fills in, and reading a filled one back.

Sheets, headers and kind names are written in Russian (the district's language) with an English header
row under the Russian one; reading accepts either language. A row whose first cell starts with the
example marker (`Пример:` / `Example:`) is the template's example and is skipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from fairs.errors import Invalid
from fairs.i18n import N_, _, in_locale
from fairs.labels import organisation_kind_label
from fairs.models import Direction, Organisation, OrganisationKind

MAX_BYTES = 512 * 1024  # a filled template with hundreds of rows is tens of kilobytes
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # the workbook's XML once unzipped: no zip bombs
MAX_ROWS = 500  # per sheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of a sheet: the key of the parsed row, its header (a msgid) and a note for the header."""

    key: str
    header: str
    note: str
    width: float


ORGANISATIONS_SHEET = N_("Organisations")
ACCOUNTS_SHEET = N_("Staff")
REFERENCE_SHEET = N_("Reference lists")
EXAMPLE = N_("Example:")

ORGANISATION_COLUMNS = (
    Column("name", N_("Name"), N_("Required. Unique in the district."), 40),
    Column("kind", N_("Kind"), N_("Required. Pick from the list (sheet «Reference lists»)."), 24),
    Column(
        "directions",
        N_("Directions"),
        N_("Codes or names of the directions it receives coupons for, comma-separated."),
        40,
    ),
    Column("address", N_("Address"), N_("Up to 300 characters."), 30),
    Column("phone", N_("Phone"), N_("Up to 100 characters."), 18),
    Column("hours", N_("Opening hours"), N_("Up to 200 characters."), 18),
)
ACCOUNT_COLUMNS = (
    Column(
        "login",
        N_("Login"),
        N_("Required. Latin letters, digits and _ . @ - only. A temporary password is made on import."),
        22,
    ),
    Column("full_name", N_("Full name"), N_("Up to 200 characters."), 34),
    Column(
        "organisation",
        N_("Organisation"),
        N_("The name of an organisation from the sheet «Organisations» or already registered."),
        40,
    ),
)
HEADER_FONT = Font(bold=True)
NOTE_FONT = Font(italic=True, color="666666")


def _both(msgid: str) -> set[str]:
    """A msgid in Russian and in English, folded for comparison."""
    result = set()
    for locale in ("ru", "en"):
        with in_locale(locale):
            result.add(fold(_(msgid)))
    return result


def fold(value: str) -> str:
    """`value` for comparison: case-folded, inner spaces collapsed, `ё` read as `е`."""
    return " ".join(value.split()).casefold().replace("ё", "е")


def _append(ws, values: list) -> None:  # noqa: ANN001
    """Append a row; text that a spreadsheet could read as a formula or an error value stays text."""
    ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and (
            cell.value.startswith(FORMULA_STARTS) or cell.value in ERROR_CODES
        ):
            cell.data_type = "s"
            cell.quotePrefix = True


# ----------------------------------------------------------------------------------------------- template


def build_template(directions: list[Direction], organisations: list[Organisation]) -> bytes:
    """The import template (in Russian, with an English header row) as .xlsx bytes."""
    wb = Workbook()
    with in_locale("ru"):
        kinds = [organisation_kind_label(kind.value) for kind in OrganisationKind]
        orgs = _data_sheet(wb.active, _(ORGANISATIONS_SHEET), ORGANISATION_COLUMNS)
        example_dirs = ", ".join(d.code for d in directions[:2])
        orgs.append(
            [_example(_("Territorial centre of social services")), kinds[1], example_dirs, "", "", ""]
        )
        _kind_list(orgs, kinds)
        accounts = _data_sheet(wb.create_sheet(), _(ACCOUNTS_SHEET), ACCOUNT_COLUMNS)
        accounts.append(
            [_example("ivanova.tcson"), _("Ivanova T. S."), _("Territorial centre of social services")]
        )
        _reference(wb.create_sheet(_(REFERENCE_SHEET)), kinds, directions, organisations)
    for ws in (orgs, accounts):
        for cell in ws[3]:
            cell.font = NOTE_FONT
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _example(text: str) -> str:
    return f"{_(EXAMPLE)} {text}"


def _data_sheet(ws, title: str, columns: tuple[Column, ...]):  # noqa: ANN001, ANN202
    ws.title = title
    ws.append([_(c.header) for c in columns])
    with in_locale("en"):
        ws.append([_(c.header) for c in columns])
    for index, column in enumerate(columns, start=1):
        head = ws.cell(row=1, column=index)
        head.font = HEADER_FONT
        head.comment = Comment(f"{_(column.note)}\n\n{_en(column.note)}", "fairs", width=300, height=120)
        ws.cell(row=2, column=index).font = NOTE_FONT
        ws.column_dimensions[head.column_letter].width = column.width
    ws.freeze_panes = "A3"
    return ws


def _en(msgid: str) -> str:
    with in_locale("en"):
        return _(msgid)


def _kind_list(ws, kinds: list[str]) -> None:  # noqa: ANN001
    """A drop-down of the kinds' Russian names on the kind column (B) of the data rows."""
    inline = ",".join(kinds)
    if len(inline) <= 250 and all("," not in k and '"' not in k for k in kinds):
        formula = f'"{inline}"'
    else:  # too long for an inline list: point at the reference sheet's kinds
        formula = f"'{_(REFERENCE_SHEET)}'!$B$3:$B${2 + len(kinds)}"
    rule = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=False)
    rule.add(f"B3:B{MAX_ROWS + 3}")
    ws.add_data_validation(rule)


def _reference(ws, kinds: list[str], directions: list[Direction], organisations: list[Organisation]) -> None:  # noqa: ANN001
    """Kinds and directions with their codes and names; the district's registered organisations."""
    headings = []

    def heading(*titles: str) -> None:
        ws.append(list(titles))
        headings.append(ws.max_row)

    heading(_("Kinds of organisation"))
    heading(_("Code"), _("Name"), _en("Name"))
    for kind, label in zip(OrganisationKind, kinds, strict=True):
        ws.append([kind.value, label, _en_kind(kind.value)])
    ws.append([])
    heading(_("Directions"))
    heading(_("Code"), _("Name"), _en("Name"))
    for d in directions:
        _append(ws, [d.code, d.name_ru, d.name_en])
    ws.append([])
    heading(_("Organisations registered in the district"))
    for org in organisations:
        _append(ws, [org.name])
    for row in headings:
        for cell in ws[row]:
            cell.font = HEADER_FONT
    for letter, width in (("A", 34), ("B", 40), ("C", 40)):
        ws.column_dimensions[letter].width = width


def _en_kind(kind: str) -> str:
    with in_locale("en"):
        return organisation_kind_label(kind)


# ----------------------------------------------------------------------------------------------- reading


def read_upload(stream: BinaryIO | None, filename: str | None) -> dict[str, list[dict]]:
    """The rows of an uploaded file (read no further than the size limit), as `read_workbook`."""
    if stream is None or not filename:
        raise Invalid(_("Choose the filled template (.xlsx) to upload."), code="file_required")
    return read_workbook(stream.read(MAX_BYTES + 1), filename)


def read_workbook(data: bytes, filename: str) -> dict[str, list[dict]]:
    """The rows of a filled template: `{"organisations": [...], "accounts": [...]}`, each row a dict of
    the columns' keys (text as typed, stripped) and `line` (its row number in the sheet).

    A file that is not an .xlsx, too big, unreadable or not the template is refused (400)."""
    if not filename.lower().endswith(".xlsx"):
        raise Invalid(_("Upload the filled template as an Excel file (.xlsx)."), code="not_xlsx")
    if len(data) > MAX_BYTES:
        limit = {"size": MAX_BYTES // 1024}
        raise Invalid(_("The file is too large (at most %(size)d KB).") % limit, code="file_too_large")
    wb = _open(data)
    try:
        by_title = {fold(ws.title): ws for ws in wb.worksheets}
        orgs = next((by_title[t] for t in _both(ORGANISATIONS_SHEET) if t in by_title), None)
        if orgs is None:
            message = _("This is not the import template: it has no sheet «%(sheet)s».")
            with in_locale("ru"):
                sheet = _(ORGANISATIONS_SHEET)
            raise Invalid(message % {"sheet": sheet}, code="not_template")
        accounts = next((by_title[t] for t in _both(ACCOUNTS_SHEET) if t in by_title), None)
        return {
            "organisations": _rows(orgs, ORGANISATION_COLUMNS),
            "accounts": _rows(accounts, ACCOUNT_COLUMNS) if accounts is not None else [],
        }
    finally:
        wb.close()


def _open(data: bytes):  # noqa: ANN202
    unreadable = Invalid(
        _("The file could not be read as an Excel workbook (.xlsx). Save it in Excel format and try again."),
        code="bad_file",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise unreadable
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Invalid:
        raise
    except Exception as exc:  # noqa: BLE001 (a broken file fails inside openpyxl or zipfile in many ways)
        raise unreadable from exc


def _rows(ws, columns: tuple[Column, ...]) -> list[dict]:  # noqa: ANN001
    headers = [_both(c.header) for c in columns]
    examples = tuple(_both(EXAMPLE))
    rows: list[dict] = []
    header_seen = False
    for line, cells in enumerate(ws.iter_rows(max_col=len(columns), values_only=True), start=1):
        values = [_text(v) for v in cells] + [""] * (len(columns) - len(cells))
        if not any(values):
            continue
        if all(fold(v) in h for v, h in zip(values, headers, strict=True)):
            header_seen = True
            continue
        if not header_seen:
            message = _("The sheet «%(sheet)s» is not the template's: its first row is not the header row.")
            raise Invalid(message % {"sheet": ws.title}, code="not_template")
        if fold(values[0]).startswith(examples):
            continue
        if len(rows) >= MAX_ROWS:
            message = _("The sheet «%(sheet)s» has more than %(count)d rows: split it into several files.")
            raise Invalid(message % {"sheet": ws.title, "count": MAX_ROWS}, code="too_many_rows")
        rows.append({"line": line, **{c.key: v for c, v in zip(columns, values, strict=True)}})
    return rows


_SPACES = re.compile(r"[ \t\r\n\u00a0]+")


def _text(value: object) -> str:
    """A cell's value as the text typed (a phone typed as a number loses no digit to a `.0`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return _SPACES.sub(" ", str(value)).strip()
