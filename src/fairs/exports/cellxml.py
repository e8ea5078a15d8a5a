"""SpreadsheetML cells and rows as text, for sheets written without openpyxl (see `exports.streamed`).

Text is what `cells.text` makes of it: XML-illegal characters dropped, formula-looking text a string with
the quote-prefix style (shown as typed, never evaluated); Excel's limit of 32,767 characters applies, as
in openpyxl. Dates are serial numbers with the date style. Text that repeats (names, states, outcomes)
is made once and stored once, in the shared-string table; other text is an inline string.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from operator import call

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from fairs.exports.cells import FORMULA_STARTS, clean, is_risky

MAX_TEXT = 32_767  # characters in a cell (Excel's limit; openpyxl truncates the same way)
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TEXT, LABEL, DAY = "text", "label", "day"  # column kinds: unique text, repeating text, a date


def escape(value: str) -> str:
    """`value` as XML character data (a carriage return kept as a reference, so it survives reading)."""
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


def _safe(value: str | None) -> str | None:
    """`value` cleaned and cut to a cell's length; None when nothing is left."""
    if value is None:
        return None
    return clean(value)[:MAX_TEXT] or None


def _t(value: str) -> str:
    """A `<t>` element holding `value` (spaces at its ends kept, as openpyxl does)."""
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and stripped != value else ""
    return f"<t{space}>{escape(value)}</t>"


# Text without any character that needs a look (controls, markup, non-characters) and not starting with
# a formula sign or a space, nor ending with a space: written as it is.
_NEEDS_LOOK = re.compile("[\x00-\x1f&<>\ud800-\udfff\ufffe\uffff]")
_LOOK_FIRST = (*FORMULA_STARTS, " ", "\n")


def text_fragment(value: str | None, quoted_style: int) -> str:
    """The rest of a `<c r="..."` element holding `value` as an inline string."""
    if (
        value
        and len(value) <= MAX_TEXT
        and not value.startswith(_LOOK_FIRST)
        and value[-1] not in " \t\n\r"
        and _NEEDS_LOOK.search(value) is None
    ):
        return f' t="inlineStr"><is><t>{value}</t></is></c>'
    value = _safe(value)
    if value is None:
        return "/>"
    style = f' s="{quoted_style}"' if is_risky(value) else ""
    return f' t="inlineStr"{style}><is>{_t(value)}</is></c>'


def day_fragment(value: date | None, date_style: int) -> str:
    """The rest of a `<c r="..."` element holding `value` as a date serial number with the date style."""
    if value is None:
        return "/>"
    return f' s="{date_style}"><v>{to_excel(value):g}</v></c>'


class SharedStrings:
    """The workbook's shared-string table (xl/sharedStrings.xml): repeating text is stored once."""

    PART = "xl/sharedStrings.xml"
    CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

    def __init__(self) -> None:
        self.index: dict[str, int] = {}  # text → its place in the table

    def __len__(self) -> int:
        return len(self.index)

    def fragment(self, value: str | None, quoted_style: int) -> str:
        """The rest of a `<c r="..."` element referring to `value` (added to the table)."""
        value = _safe(value)
        if value is None:
            return "/>"
        number = self.index.setdefault(value, len(self.index))
        style = f' s="{quoted_style}"' if is_risky(value) else ""
        return f'{style} t="s"><v>{number}</v></c>'

    def xml(self) -> bytes:
        """The table part (`count`, the number of cells using it, is optional and left out)."""
        items = "".join(f"<si>{_t(value)}</si>" for value in self.index)
        return f'<sst xmlns="{MAIN_NS}" uniqueCount="{len(self.index)}">{items}</sst>'.encode()


class RowWriter:
    """Turns rows of values into `<row>` elements; repeating values become cached fragments.

    `kinds` says what each column holds: TEXT, text that rarely repeats (made for every cell); LABEL,
    text that repeats (made once, kept in `strings`); DAY, a date or None. The styles are indexes into
    the workbook's cell styles: the date format and the quote prefix."""

    def __init__(
        self, kinds: Sequence[str], strings: SharedStrings, *, date_style: int, quoted_style: int
    ) -> None:
        letters = [get_column_letter(i) for i in range(1, len(kinds) + 1)]
        cells = "".join(f'<c r="{letter}{{0}}"{{{i}}}' for i, letter in enumerate(letters, 1))
        self.template = '<row r="{0}">' + cells + "</row>"
        quoted, dated = quoted_style, date_style
        makers = {
            TEXT: lambda v: text_fragment(v, quoted),
            LABEL: lambda v: strings.fragment(v, quoted),
            DAY: lambda v: day_fragment(v, dated),
        }
        # One callable per column, value → fragment: repeating kinds look the value up in their cache
        # (computed on the first miss), unique text is made each time.
        self.columns = [
            makers[TEXT] if kind == TEXT else _Fragments(makers[kind]).__getitem__ for kind in kinds
        ]

    def row(self, number: int, values: Sequence) -> str:
        """The `<row>` element of sheet row `number`."""
        return self.template.format(number, *map(call, self.columns, values))


class _Fragments(dict):
    """value → fragment, made by `make` the first time a value is asked for."""

    def __init__(self, make: Callable[[object], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, value: object) -> str:
        self[value] = fragment = self.make(value)
        return fragment
