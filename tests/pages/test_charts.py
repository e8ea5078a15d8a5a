"""The report's chart geometry (api/pages/charts.py): pure functions, checked without a database."""

from __future__ import annotations

import pytest

from fairs.api.pages import charts


def test_bar_chart_leaves_out_empty_items_and_scales_to_the_largest() -> None:
    chart = charts.bar_chart([("a", "Alpha", 5), ("b", "Beta", 0), ("c", "Gamma", 10)])
    assert [bar.key for bar in chart.bars] == ["a", "c"]
    assert chart.bars[1].width_pct == charts.BAR_MAX_PCT
    assert chart.bars[0].width_pct == pytest.approx(charts.BAR_MAX_PCT / 2)
    assert [bar.value for bar in chart.bars] == [5, 10]


def test_bars_are_stacked_without_overlap() -> None:
    long_name = "Консультирование по вопросам трудоустройства и профессиональной ориентации"
    chart = charts.bar_chart([("a", long_name, 3), ("b", "Short", 1), ("c", "Third", 2)])
    first, second, third = chart.bars
    assert len(first.lines) == 2  # the long name wraps
    assert first.label_y[0] < first.label_y[1] < first.bar_y
    assert first.bar_y + first.height < second.label_y[0] - charts.BAR_LINE_PX + 4
    assert second.bar_y + second.height < third.label_y[0]
    assert chart.height == third.bar_y + third.height
    for bar in chart.bars:
        assert bar.bar_y < bar.value_y <= bar.bar_y + bar.height


def test_empty_bar_chart() -> None:
    chart = charts.bar_chart([("a", "Alpha", 0)])
    assert chart.bars == [] and chart.height == 0


def test_wrap_label_keeps_short_labels_and_shortens_long_ones() -> None:
    assert charts.wrap_label("HIV testing") == ("HIV testing",)
    lines = charts.wrap_label("word " * 40, width=20, lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…") and all(len(line) <= 20 for line in lines)


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (3, [0, 1, 2, 3]),
        (4, [0, 1, 2, 3, 4]),
        (7, [0, 2, 4, 6, 8]),
        (37, [0, 10, 20, 30, 40]),
        (100, [0, 50, 100]),
        (101, [0, 50, 100, 150]),
        (1234, [0, 500, 1000, 1500]),
    ],
)
def test_axis_ticks_are_round_and_cover_the_top(top: int, expected: list[int]) -> None:
    assert charts.axis_ticks(top) == expected


def test_column_chart_geometry() -> None:
    labels = [("Jan", "January 2026"), ("Feb", "February 2026")]
    chart = charts.column_chart(labels, [("consulted", [4, 10]), ("referred", [2, 0])])
    assert chart.series == ["consulted", "referred"]
    assert chart.top == 10 and [t.value for t in chart.ticks] == [0, 5, 10]
    assert chart.ticks[0].y == chart.plot_bottom and chart.ticks[-1].y == chart.plot_top
    jan, feb = chart.slots
    assert [c.value for c in jan.columns] == [4, 2]
    tallest = feb.columns[0]
    assert tallest.y == chart.plot_top and tallest.height == charts.COLUMN_PLOT_PX
    assert jan.columns[0].height == pytest.approx(charts.COLUMN_PLOT_PX * 0.4)
    assert feb.columns[1].height == 0 and feb.columns[1].y == chart.plot_bottom
    # Columns stay inside their month's slot, side by side, and slots inside the chart.
    assert jan.columns[0].x_pct + jan.columns[0].width_pct == pytest.approx(jan.columns[1].x_pct)
    assert jan.columns[0].x_pct > 0 and jan.columns[1].x_pct + jan.columns[1].width_pct < 50
    assert feb.columns[0].x_pct > 50 and feb.columns[1].x_pct + feb.columns[1].width_pct < 100
    assert (jan.center_pct, feb.center_pct) == (25, 75)
    assert chart.label_y > chart.plot_bottom and chart.height > chart.label_y


def test_column_chart_thins_out_month_labels() -> None:
    labels = [(f"m{i}", f"month {i}") for i in range(36)]
    chart = charts.column_chart(labels, [("consulted", [1] * 36)])
    shown = [slot.label for slot in chart.slots if slot.show_label]
    assert len(shown) <= charts.MAX_MONTH_LABELS and shown[0] == "m0"
    odd = [slot.label for slot in chart.slots if slot.odd]
    assert odd and set(odd) < set(shown)
    twelve = charts.column_chart(labels[:12], [("consulted", [1] * 12)])
    assert all(slot.show_label for slot in twelve.slots)
    assert [slot.odd for slot in twelve.slots][:4] == [False, True, False, True]


def test_column_chart_refuses_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="2 values for 3 slots"):
        charts.column_chart([("a", "a"), ("b", "b"), ("c", "c")], [("s", [1, 2])])


def test_column_chart_of_zeros_has_a_unit_axis() -> None:
    chart = charts.column_chart([("Jan", "January")], [("consulted", [0]), ("referred", [0])])
    assert [t.value for t in chart.ticks] == [0, 1]
    assert all(c.height == 0 for c in chart.slots[0].columns)
