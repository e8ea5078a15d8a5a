"""Cells of every exported workbook: user text never becomes a formula, XML-illegal characters are dropped.

`text(ws, value)` is the one way text reaches a sheet. Text that a spreadsheet could read as a formula
(a leading `=`, `+`, `-`, `@`, tab or carriage return) is written as a string cell with the quote-prefix
style, the same as a value typed after an apostrophe: shown as it is, never evaluated, and still text if
someone edits the cell. Text that reads as an error value (`#N/A`, `#REF!`, …) is written as text too.
Only openpyxl's public API is used: a cell's `data_type` set after its value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font

from fairs import i18n

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD.MM.YYYY"
PERCENT_FORMAT = "0.0%"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "0.0"
# Named: a bold font without a name prints in another typeface (a serif) in LibreOffice.
FONT_NAME = "Calibri"  # the workbook's default font
HEADER_FONT = Font(name=FONT_NAME, bold=True)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=14)
WRAP = Alignment(wrap_text=True, vertical="top")


NOT_CHARACTERS_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")  # surrogates and non-characters


def clean(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/U+FFFF)."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return NOT_CHARACTERS_RE.sub("", value) if not value.isascii() else value


def is_risky(value: str) -> bool:
    """True when a spreadsheet could read `value` as a formula."""
    return value.startswith(FORMULA_STARTS)


CHANGE_FORMAT = "+#,##0;-#,##0;0"  # a change: a rise with its sign, a fall with a minus


def text(ws, value: str | None) -> str | Cell | None:  # noqa: ANN001
    """A text value for `ws`: cleaned, and quote-prefixed when it looks like a formula."""
    if value is None:
        return None
    value = clean(value)
    risky = value.startswith(FORMULA_STARTS)
    if not risky and value not in ERROR_CODES:
        return value
    cell = WriteOnlyCell(ws, value=value)
    # openpyxl infers the type from the value: "=…" would be a formula, "#N/A" an error. Text it is.
    cell.data_type = "s"
    if risky:
        cell.quotePrefix = True
    return cell


def styled(ws, value, *, number_format: str | None = None, font: Font | None = None, alignment=None):  # noqa: ANN001, ANN201
    """A cell with a style; text goes through `text()` first."""
    if isinstance(value, str):
        value = text(ws, value)
    cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell


def day(ws, value: date | None):  # noqa: ANN001, ANN201
    """A date cell shown dd.mm.yyyy (a real date, sortable and filterable)."""
    if value is None:
        return None
    cell = WriteOnlyCell(ws)
    cell.number_format = DATE_FORMAT
    cell.value = value
    return cell


def percent(ws, value: float | None):  # noqa: ANN001, ANN201
    """A fraction shown as a percentage (empty when there is nothing to divide)."""
    if value is None:
        return None
    return styled(ws, value, number_format=PERCENT_FORMAT)


def header(ws, labels: list[str]) -> list:  # noqa: ANN001
    """A bold header row."""
    return [styled(ws, label, font=HEADER_FONT, alignment=WRAP) for label in labels]


@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """Translate into `locale` inside the block; the caller's locale is restored after it."""
    token = i18n.current_locale.set(locale if locale in i18n.LOCALES else "ru")
    try:
        yield
    finally:
        i18n.current_locale.reset(token)
