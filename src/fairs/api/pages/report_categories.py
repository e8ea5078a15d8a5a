"""The dashboard's table by category of person: the reader's copy of it and, when the page compares, the
same table a year earlier and each line's change (services/report/suppression.py)."""

from __future__ import annotations

from fairs.models import User
from fairs.services import report


def categories_context(tally: report.Tally, comparison: report.Comparison | None, user: User) -> dict:
    """`categories` (the table as `user` reads it); `categories_before` and `category_change` (by line
    code) when the page compares, else None."""
    now = report.categories_for(tally, user)
    if comparison is None:
        return {"categories": now, "categories_before": None, "category_change": None}
    before = report.categories_for(comparison.previous, user)
    return {
        "categories": now,
        "categories_before": {line.code: line for line in report.lines_before(now, before)},
        "category_change": {line.code: line for line in report.category_changes(now, before)},
    }
