"""The committee's workbook prints whole as it is opened: a label of Сводка, a table's heading, an
organisation's or a direction's name longer than its column wraps in a row tall enough for its lines (no
spreadsheet re-measures the rows of a file it only opens and prints), a heading's words are never split
(its column is wide enough for the longest), and bold text names the workbook's font (without a name
LibreOffice prints it in a serif)."""

from __future__ import annotations

import math
from datetime import timedelta

from tests.api import helpers as h
from tests.exports.conftest import workbook

URL = "/exports/committee.xlsx"
LINE = 15  # points: one line of the default 11 pt font
WIDEST = 1.15  # characters per unit of column width, at most (LibreOffice's substitute fonts: 1.1)
BOLD = 0.9  # the same in bold (bold letters are wider: 0.86)
TABLES = ("По ярмаркам", "По организациям", "По направлениям", "По категориям")


def _printed_cells(ws):  # noqa: ANN001, ANN202
    """(cell, its column's width, the width it may spill into: its own and that of the empty cells to its
    right) of every text cell in the print area of `ws` (columns A–D), the merged heading left out."""
    widths = [ws.column_dimensions[letter].width for letter in "ABCD"]
    for row in ws.iter_rows(min_row=2, max_col=4):
        for index, cell in enumerate(row):
            if isinstance(cell.value, str):
                free = next((i for i in range(index + 1, 4) if row[i].value is not None), 4)
                yield cell, widths[index], sum(widths[index:free])


def test_summary_labels_wrap_in_rows_tall_enough(client, auth, history) -> None:  # noqa: ANN001
    period = {"from": (h.today() - timedelta(days=364)).isoformat(), "to": h.today().isoformat()}
    wb = workbook(client.get(URL, params=period, headers=auth("committee")))
    summary = wb["Сводка"]
    wrapped = 0
    for cell, width, span in _printed_cells(summary):
        if not cell.alignment.wrap_text:  # one line, spilling over empty cells only
            assert len(cell.value) <= span, (cell.coordinate, cell.value, span)
            continue
        if len(cell.value) > width:
            wrapped += 1
        room = width * WIDEST - (cell.alignment.indent or 0)
        needed = math.ceil(len(cell.value) / room) * LINE
        height = summary.row_dimensions[cell.row].height or LINE
        assert height >= needed, (cell.coordinate, cell.value, height, needed)
    # The header «за аналогичный период прошлого года (…)», the employment lines, the rule of dates.
    assert wrapped >= 4, wrapped
    rule = next(c for c, _w, _s in _printed_cells(summary) if c.value.startswith("Каждая запись учитывается"))
    assert summary.row_dimensions[rule.row].height >= 3 * LINE

    # The tables' headers: every word of a label whole on a line, the row tall enough for the label's lines.
    for title in TABLES:
        ws = wb[title]
        for cell in ws[1]:
            width = ws.column_dimensions[cell.column_letter].width
            assert cell.font.b and cell.alignment.wrap_text, (title, cell.coordinate)
            longest = max(len(word) for word in cell.value.split())
            assert longest <= width * BOLD, (title, cell.value, width)
            needed = math.ceil(len(cell.value) / (width * WIDEST)) * LINE
            assert (ws.row_dimensions[1].height or LINE) >= needed, (title, cell.value, width)

    # The names of organisations and directions: wrapped in rows tall enough, never cut at the next number.
    names = 0
    for title in ("По организациям", "По направлениям"):
        ws = wb[title]
        width = ws.column_dimensions["A"].width
        for (cell,) in ws.iter_rows(min_row=2, max_col=1):
            if isinstance(cell.value, str) and len(cell.value) > width:
                names += 1
                assert cell.alignment.wrap_text, (title, cell.value)
                needed = math.ceil(len(cell.value) / (width * WIDEST)) * LINE
                assert (ws.row_dimensions[cell.row].height or LINE) >= needed, (title, cell.value)
    assert names, "no name longer than its column in the history"

    for ws in (summary, wb["Определения"]):
        bold = [c for row in ws.iter_rows() for c in row if c.value is not None and c.font.b]
        assert bold, ws.title
        assert {c.font.name for c in bold} == {"Calibri"}, ws.title
