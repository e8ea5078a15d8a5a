"""Rows tall enough for their wrapped text, so that a sheet prints whole.

A spreadsheet measures a row for its wrapped text only when someone edits it: a written file opened and
printed as it is (LibreOffice, and Excel for rows written without a height) shows one line of each wrapped
cell, the rest cut or drawn over the next row. So a row with wrapped text gets its height when written,
from its words and the widths of its columns (in characters of the default font)."""

from __future__ import annotations

import math

from openpyxl.cell.cell import Cell

LINE_HEIGHT = 15.0  # points: one line of the default 11 pt font
FILL = 1.08  # characters per unit of a column's width that a line holds (measured: 1.13 in LibreOffice)
BOLD_FILL = 0.82  # the same in bold (measured: 0.86)


def _fill(cell: Cell) -> float:
    return BOLD_FILL if cell.font is not None and cell.font.b else FILL


def lines(value: str, width: float, indent: int = 0, fill: float = FILL) -> int:
    """How many lines `value` takes wrapped at word boundaries in a column `width` wide (less `indent`
    characters), a line holding `fill` characters per unit of width."""
    room = max(int(width * fill) - indent, 1)
    count = 0
    for paragraph in value.split("\n"):
        count += 1
        used = 0
        for word in paragraph.split():
            needed = len(word) if used == 0 else used + 1 + len(word)
            if needed <= room:
                used = needed
            else:  # a new line; a word longer than the line takes several
                count += 1 if used else 0
                count += max(math.ceil(len(word) / room) - 1, 0)
                used = len(word) % room or room
    return count


def height(cells: list, widths: list[float]) -> float | None:
    """The height (points) a row needs for its wrapped cells; None when one line will do."""
    needed = 1
    for cell, width in zip(cells, widths, strict=False):
        if isinstance(cell, Cell) and cell.alignment.wrap_text and isinstance(cell.value, str):
            needed = max(needed, lines(cell.value, width, int(cell.alignment.indent or 0), _fill(cell)))
    return needed * LINE_HEIGHT if needed > 1 else None


def word_width(cell: Cell) -> float:
    """The column width that holds the longest word of a text cell on one line (0 for anything else)."""
    if not isinstance(cell.value, str) or not cell.value.split():
        return 0
    return math.ceil(max(len(word) for word in cell.value.split()) / _fill(cell)) + 1


class FittedRows:
    """Appends rows to a write-only sheet, setting the height of each row that wraps (before it is written:
    a write-only sheet writes a row's height with the row)."""

    def __init__(self, ws, widths: list[float], *, written: int = 0) -> None:  # noqa: ANN001
        self.ws, self.widths, self.count = ws, widths, written

    def append(self, cells: list) -> int:
        """Write `cells` as the next row; its number."""
        self.count += 1
        needed = height(cells, self.widths)
        if needed is not None and self.count not in self.ws.row_dimensions:
            self.ws.row_dimensions[self.count].height = needed
        self.ws.append(cells)
        return self.count
