"""The report page's chart of persons per month (the geometry is pages.charts')."""

from __future__ import annotations

from babel.dates import format_date

from fairs import i18n
from fairs.api.pages.charts import ColumnChart, column_chart
from fairs.services.report import Tally, definition_label


def month_chart(tally: Tally) -> ColumnChart:
    """Persons consulted and referred per month of the period, with month names in the locale."""
    locale = i18n.current_locale.get()
    one_year = tally.period.start.year == tally.period.end.year
    labels = [
        (
            format_date(row.month, "LLL" if one_year else "MM.yy", locale=locale),
            format_date(row.month, "LLLL y", locale=locale),
        )
        for row in tally.months
    ]
    # int(): PostgreSQL's SUM() comes back as Decimal, which the geometry's float arithmetic refuses.
    series = [
        (definition_label("persons_consulted"), [int(row.persons_consulted) for row in tally.months]),
        (definition_label("persons_referred"), [int(row.persons_referred) for row in tally.months]),
    ]
    return column_chart(labels, series)
