"""The two charts beside the committee workbook's summary: persons per direction, persons per month."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference

from fairs.i18n import _

MONTH_FORMAT = "MM.YYYY"  # a month cell, and the month axis


def _show_axes(chart: BarChart | LineChart) -> None:
    # openpyxl leaves `delete` unset, which recent Excel versions read as "hide the axis".
    chart.x_axis.delete = False
    chart.y_axis.delete = False


def direction_chart(ws, first: int, last: int) -> None:  # noqa: ANN001
    """Persons referred per direction: bars beside the summary's table (rows `first`..`last`)."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Persons referred by direction")
    chart.legend = None
    chart.y_axis.title = _("Persons")
    chart.x_axis.scaling.orientation = "maxMin"  # the report's order, top to bottom
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 18, max(7.5, 1.0 * (last - first + 1) + 3)
    _show_axes(chart)
    ws.add_chart(chart, "F3")


def month_chart(ws, header_row: int, last: int) -> None:  # noqa: ANN001
    """Persons per month: a line beside the summary's months table."""
    chart = LineChart()
    chart.title = _("Persons per month")
    chart.y_axis.title = _("Persons")
    chart.add_data(
        Reference(ws, min_col=3, max_col=4, min_row=header_row, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last))
    chart.x_axis.number_format = MONTH_FORMAT
    chart.width, chart.height = 18, 8
    _show_axes(chart)
    ws.add_chart(chart, "F22")
