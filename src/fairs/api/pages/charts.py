"""Geometry of the report's charts (inline SVG drawn by templates/partials/reports_charts.html).

Pure functions: numbers in, shapes out. Horizontal positions are percentages of the chart's width and
vertical ones are pixels, so the SVG stretches to any screen width while its text keeps its size (no
viewBox scaling that would shrink labels to nothing on a phone).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

BAR_MAX_PCT = 84.0  # the longest bar leaves room on its right for its value label
BAR_LABEL_CHARS = 42  # a direction's name wraps at this many characters…
BAR_LABEL_LINES = 2  # …onto at most this many lines
BAR_LINE_PX = 18
BAR_PX = 16
BAR_GAP_PX = 12

COLUMN_PLOT_PX = 180
COLUMN_TOP_PX = 14  # room for the top tick label
COLUMN_AXIS_PX = 26  # room for the month labels under the plot
COLUMN_GROUP_FILL = 0.7  # the columns of a month fill this share of its slot
MAX_MONTH_LABELS = 12


@dataclass(frozen=True)
class Bar:
    """One row of the horizontal bar chart: its label lines above a bar with the value at its end."""

    key: str
    label: str
    lines: tuple[str, ...]
    value: int
    width_pct: float
    label_y: tuple[float, ...]  # baseline of each label line (px)
    bar_y: float
    value_y: float
    height: float = BAR_PX


@dataclass(frozen=True)
class BarChart:
    """Bars, one per item with a positive value, in the given order."""

    bars: list[Bar]
    height: float


def wrap_label(text: str, *, width: int = BAR_LABEL_CHARS, lines: int = BAR_LABEL_LINES) -> tuple[str, ...]:
    """`text` wrapped on word boundaries into at most `lines` lines (the last one shortened with …)."""
    wrapped = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    if len(wrapped) <= lines:
        return tuple(wrapped)
    kept = wrapped[: lines - 1]
    rest = " ".join(wrapped[lines - 1 :])
    return (*kept, rest[: width - 1].rstrip() + "…")


def bar_chart(items: list[tuple[str, str, int]]) -> BarChart:
    """A horizontal bar chart of `(key, label, value)` items; items with no value are left out."""
    shown = [(key, label, value) for key, label, value in items if value > 0]
    top = max((value for _key, _label, value in shown), default=0)
    bars: list[Bar] = []
    y = 0.0
    for key, label, value in shown:
        lines = wrap_label(label)
        label_y = tuple(y + BAR_LINE_PX * (i + 1) - 4 for i in range(len(lines)))
        bar_y = y + BAR_LINE_PX * len(lines) + 2
        width = round(BAR_MAX_PCT * value / top, 2)
        bars.append(Bar(key, label, lines, value, width, label_y, bar_y, bar_y + BAR_PX - 3))
        y = bar_y + BAR_PX + BAR_GAP_PX
    return BarChart(bars=bars, height=max(y - BAR_GAP_PX, 0))


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10ⁿ) that covers `top` in about `ticks` steps."""
    if top <= ticks:
        return 1
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)  # pragma: no cover  (the loop always returns)


def axis_ticks(top: int, ticks: int = 4) -> list[int]:
    """Tick values from 0 to the first multiple of a round step at or above `top` (at least 0 and 1)."""
    step = nice_step(max(top, 1), ticks)
    count = max(1, math.ceil(max(top, 1) / step))
    return [step * i for i in range(count + 1)]


@dataclass(frozen=True)
class Column:
    """One column: a series' value in one slot."""

    series: int
    value: int
    x_pct: float
    width_pct: float
    y: float
    height: float


@dataclass(frozen=True)
class Tick:
    """A horizontal grid line with its value."""

    value: int
    y: float


@dataclass(frozen=True)
class Slot:
    """One month of the chart: its label under the axis and its columns."""

    label: str
    title: str
    center_pct: float
    columns: list[Column]
    show_label: bool
    odd: bool  # every other shown label, hidden on narrow screens by the stylesheet


@dataclass(frozen=True)
class ColumnChart:
    """Grouped columns per slot with a value axis."""

    slots: list[Slot]
    ticks: list[Tick]
    series: list[str]
    plot_top: float
    plot_bottom: float
    height: float
    label_y: float
    top: int


def column_chart(labels: list[tuple[str, str]], series: list[tuple[str, list[int]]]) -> ColumnChart:
    """Grouped columns: one slot per `(label, title)`, one column per `(name, values)` series in each."""
    count = len(labels)
    for name, values in series:
        if len(values) != count:
            raise ValueError(f"series {name!r} has {len(values)} values for {count} slots")
    top_value = max((v for _name, values in series for v in values), default=0)
    ticks = axis_ticks(top_value)
    scale_top = ticks[-1]
    plot_top, plot_bottom = float(COLUMN_TOP_PX), float(COLUMN_TOP_PX + COLUMN_PLOT_PX)
    slot_pct = 100.0 / count if count else 100.0
    every = max(1, math.ceil(count / MAX_MONTH_LABELS))
    column_pct = slot_pct * COLUMN_GROUP_FILL / max(len(series), 1)
    slots: list[Slot] = []
    for index, (label, title) in enumerate(labels):
        left = index * slot_pct + slot_pct * (1 - COLUMN_GROUP_FILL) / 2
        columns = []
        for number, (_name, values) in enumerate(series):
            height = COLUMN_PLOT_PX * values[index] / scale_top
            columns.append(
                Column(
                    series=number,
                    value=values[index],
                    x_pct=round(left + number * column_pct, 3),
                    width_pct=round(column_pct, 3),
                    y=round(plot_bottom - height, 2),
                    height=round(height, 2),
                )
            )
        shown = index % every == 0
        slots.append(
            Slot(
                label=label,
                title=title,
                center_pct=round(index * slot_pct + slot_pct / 2, 3),
                columns=columns,
                show_label=shown,
                odd=shown and (index // every) % 2 == 1,
            )
        )
    grid = [Tick(value, round(plot_bottom - COLUMN_PLOT_PX * value / scale_top, 2)) for value in ticks]
    return ColumnChart(
        slots=slots,
        ticks=grid,
        series=[name for name, _values in series],
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        height=plot_bottom + COLUMN_AXIS_PX,
        label_y=plot_bottom + COLUMN_AXIS_PX - 8,
        top=scale_top,
    )
