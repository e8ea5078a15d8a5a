"""Small-cell suppression of the category table in the committee's copy (docs/report.md, «Categories»).

Categories are sensitive: a count from 1 to 4 could point at a person, so the committee's copy shows it
as «< 5» (primary suppression). A suppressed cell must not be recoverable from a shown total: when a
column has exactly one suppressed cell and its total is shown, the smallest other non-zero cell of that
column is hidden too (zeros included, as «x»), or, when there is none, the total (complementary
suppression). The organisers' own copy shows every count."""

from __future__ import annotations

from dataclasses import dataclass

THRESHOLD = 5
SUPPRESSED = "< 5"  # a count from 1 to 4
COMPLEMENT = "x"  # a count hidden so that a «< 5» of its column cannot be worked out from the total
FIGURES = ("persons_consulted", "persons_referred", "persons_served")  # the table's columns


@dataclass
class CategoryLine:
    """One line of the category table as a reader sees it: a count, or «< 5»."""

    code: str  # a category's code; `none` for persons in no category, `total` for all persons
    name: str
    persons_consulted: int | str
    persons_referred: int | str
    persons_served: int | str


def small(value: int) -> bool:
    """A count that would be shown as «< 5» (zero identifies nobody and is shown)."""
    return 0 < value < THRESHOLD


def suppress_columns(cells: list[list[int]], totals: list[int]) -> tuple[list[list[str]], list[str]]:
    """How each cell and each column total is shown: "" (the count), SUPPRESSED (1–4) or COMPLEMENT.
    Rows have no total shown, so only columns get complementary suppression."""
    hidden = [[SUPPRESSED if small(value) else "" for value in row] for row in cells]
    total_hidden = [SUPPRESSED if small(value) else "" for value in totals]
    for column in range(len(totals)):
        if total_hidden[column]:
            continue  # the total is hidden: nothing to subtract from
        marked = [row for row in range(len(cells)) if hidden[row][column]]
        if len(marked) != 1:
            continue
        others = [(cells[row][column], row) for row in range(len(cells)) if not hidden[row][column]]
        if others:
            hidden[min(others)[1]][column] = COMPLEMENT
        else:
            total_hidden[column] = COMPLEMENT
    return hidden, total_hidden


def shown(value: int, mark: str) -> int | str:
    """The value as the reader sees it: the count, or its mark."""
    return mark or value


def category_table(rows: list, *, suppress: bool) -> list[CategoryLine]:
    """The tally's category rows (the categories, `none`, then `total`) as a reader sees them: every count
    for the organisers' own copy, suppressed for the committee's."""
    cells = [[getattr(row, name) for name in FIGURES] for row in rows]
    if suppress and rows:
        hidden, total_hidden = suppress_columns(cells[:-1], cells[-1])
        hidden.append(total_hidden)
    else:
        hidden = [[""] * len(FIGURES) for _row in rows]
    return [
        CategoryLine(row.code, row.name, *(shown(v, h) for v, h in zip(values, flags, strict=True)))
        for row, values, flags in zip(rows, cells, hidden, strict=True)
    ]


@dataclass
class CategoryTable:
    """The category table for one reader: the categories' lines, then persons in no category, all persons."""

    categories: list[CategoryLine]
    none: CategoryLine
    total: CategoryLine
    suppressed: bool  # the committee's copy: counts of 1–4 (and their complements) shown as «< 5»


def category_view(rows: list, *, suppress: bool) -> CategoryTable:
    """`category_table` split into its parts."""
    lines = category_table(rows, suppress=suppress)
    return CategoryTable(lines[:-2], lines[-2], lines[-1], suppress)


@dataclass
class CategoryChange:
    """One line of the category table's change since the same period a year earlier: the difference of
    each count, or None where either period's count is hidden («< 5», «x»), since the difference and the
    shown count would give the hidden one away."""

    code: str
    name: str
    persons_consulted: int | None
    persons_referred: int | None
    persons_served: int | None


def _difference(now: int | str, before: int | str) -> int | None:
    return now - before if isinstance(now, int) and isinstance(before, int) else None


def category_changes(current: CategoryTable, previous: CategoryTable) -> list[CategoryChange]:
    """Each line of `current` (the categories, `none`, `total`) minus the same line of `previous`, both as
    the same reader sees them (each period suppressed on its own)."""
    changes = []
    for line, before in zip(lines_of(current), lines_before(current, previous), strict=True):
        values = (_difference(getattr(line, name), getattr(before, name)) for name in FIGURES)
        changes.append(CategoryChange(line.code, line.name, *values))
    return changes


def lines_before(current: CategoryTable, previous: CategoryTable) -> list[CategoryLine]:
    """The lines of `previous` in the order of `current`'s, matched by code (a line it lacks reads zero)."""
    earlier = {line.code: line for line in lines_of(previous)}
    return [
        earlier.get(line.code) or CategoryLine(line.code, line.name, 0, 0, 0) for line in lines_of(current)
    ]


def lines_of(table: CategoryTable) -> list[CategoryLine]:
    """Every line of the table in its order: the categories, persons in no category, all persons."""
    return [*table.categories, table.none, table.total]
