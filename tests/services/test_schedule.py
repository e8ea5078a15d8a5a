"""second_monday against an independent computation for every month of a century."""

from __future__ import annotations

import calendar
import datetime as dt

from fairs.services.schedule import second_monday


def reference(year: int, month: int) -> dt.date:
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    mondays = [week[0] for week in weeks if week[0].month == month]
    return mondays[1]


def test_every_month_2000_to_2100():
    for year in range(2000, 2101):
        for month in range(1, 13):
            assert second_monday(year, month) == reference(year, month), (year, month)


def test_months_whose_first_is_a_monday():
    assert dt.date(2026, 6, 1).weekday() == calendar.MONDAY
    assert second_monday(2026, 6) == dt.date(2026, 6, 8)
    assert second_monday(2027, 2) == dt.date(2027, 2, 8)
    assert second_monday(2026, 9) == dt.date(2026, 9, 14)  # 1 September 2026 is a Tuesday
    assert second_monday(2026, 3) == dt.date(2026, 3, 9)  # 1 March 2026 is a Sunday
