"""`clients.cutoff_for`: the first recent day for an age in days, months or years (the end of a shorter month
for a day it lacks), and the ages it refuses (found by the mutation run, docs/testing.md). The expected days
are worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from fairs.errors import Invalid
from fairs.services import clients

UNCLEAR = "Укажите срок числом и буквой d, m или y (дни, месяцы, годы), например 36m."
TOO_FAR = "Этот срок уходит слишком далеко в прошлое."


@pytest.mark.parametrize(
    ("age", "today", "expected"),
    [
        ("1d", date(2026, 3, 31), date(2026, 3, 30)),
        ("90d", date(2026, 3, 31), date(2025, 12, 31)),
        ("1m", date(2026, 3, 31), date(2026, 2, 28)),
        ("1m", date(2024, 3, 31), date(2024, 2, 29)),
        ("1m", date(2026, 3, 1), date(2026, 2, 1)),
        ("2m", date(2026, 7, 31), date(2026, 5, 31)),
        ("13m", date(2026, 1, 15), date(2024, 12, 15)),
        ("36m", date(2026, 3, 31), date(2023, 3, 31)),
        ("3y", date(2026, 3, 31), date(2023, 3, 31)),
        ("1y", date(2024, 2, 29), date(2023, 2, 28)),
        (" 2Y ", date(2026, 6, 10), date(2024, 6, 10)),
        ("1M", date(2026, 6, 10), date(2026, 5, 10)),
        ("2025y", date(2026, 3, 31), date(1, 3, 31)),
    ],
)
def test_cutoff(age, today, expected):
    assert clients.cutoff_for(age, today) == expected


@pytest.mark.parametrize("age", ["", "0d", "0m", "36", "36w", "m", "12345d", "-3m"])
def test_unclear_ages_are_refused(age):
    with pytest.raises(Invalid) as refused:
        clients.cutoff_for(age, date(2026, 3, 31))
    assert (refused.value.code, refused.value.message) == ("invalid_age", UNCLEAR)


@pytest.mark.parametrize("age", ["2026y", "9999y"])
def test_ages_before_year_one_are_refused(age):
    with pytest.raises(Invalid) as refused:
        clients.cutoff_for(age, date(2026, 3, 31))
    assert (refused.value.code, refused.value.message) == ("invalid_age", TOO_FAR)
