"""The suppression rule of the category table (docs/report.md, «Categories»), line by line."""

from __future__ import annotations

from fairs.services.report import CategoryRow, category_table


def _rows(*columns: tuple[int, ...]) -> list[CategoryRow]:
    """Rows from columns of (consulted, referred, served): the last row is the total."""
    codes = [f"c{n}" for n in range(len(columns) - 1)] + ["total"]
    return [CategoryRow(code, code, *values) for code, values in zip(codes, columns, strict=True)]


def _shown(rows: list[CategoryRow], *, suppress: bool = True) -> list[tuple]:
    return [
        (line.persons_consulted, line.persons_referred, line.persons_served)
        for line in category_table(rows, suppress=suppress)
    ]


def test_the_organisers_copy_shows_every_count() -> None:
    rows = _rows((3, 1, 0), (7, 2, 2), (10, 3, 2))
    assert _shown(rows, suppress=False) == [(3, 1, 0), (7, 2, 2), (10, 3, 2)]


def test_one_small_cell_gets_the_smallest_other_cell_as_its_complement() -> None:
    rows = _rows((3, 0, 0), (12, 0, 0), (9, 0, 0), (24, 0, 0))
    assert _shown(rows) == [("< 5", 0, 0), (12, 0, 0), ("x", 0, 0), (24, 0, 0)]


def test_two_small_cells_in_a_column_need_no_complement() -> None:
    rows = _rows((3, 0, 0), (2, 0, 0), (9, 0, 0), (14, 0, 0))
    assert _shown(rows) == [("< 5", 0, 0), ("< 5", 0, 0), (9, 0, 0), (14, 0, 0)]


def test_a_lone_small_cell_with_no_other_cell_hides_the_total() -> None:
    rows = _rows((3, 6, 0), (9, 6, 0))
    assert _shown(rows) == [("< 5", 6, 0), ("x", 6, 0)]


def test_a_small_total_is_hidden_and_needs_no_complement() -> None:
    rows = _rows((3, 0, 0), (0, 0, 0), (3, 0, 0))
    assert _shown(rows) == [("< 5", 0, 0), (0, 0, 0), ("< 5", 0, 0)]


def test_zero_and_five_are_shown() -> None:
    rows = _rows((5, 0, 5), (0, 5, 0), (5, 5, 5))
    assert _shown(rows) == [(5, 0, 5), (0, 5, 0), (5, 5, 5)]
