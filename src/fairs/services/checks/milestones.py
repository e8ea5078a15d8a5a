"""The calendar of checks: when a milestone falls due after a first fair, and the quarter of a first fair."""

from __future__ import annotations

import calendar
from datetime import date

from fairs.i18n import _
from fairs.models import MILESTONES


def add_months(day: date, months: int) -> date:
    """`day` moved `months` calendar months (31 August + 6 months = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(first_fair: date, milestone: int) -> date:
    """The day the check at `milestone` months after a first fair on `first_fair` falls due."""
    return add_months(first_fair, milestone)


def due_milestones(first_fair: date, by: date) -> list[int]:
    """The milestones that have fallen due by `by`."""
    return [m for m in MILESTONES if due_on(first_fair, m) <= by]


def quarter_of(day: date) -> str:
    """The quarter `day` lies in, as `2026-Q1`."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_start(day: date) -> date:
    """The first day of the quarter `day` lies in."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: date) -> date:
    """The last day of the quarter `day` lies in."""
    last = 3 * ((day.month - 1) // 3) + 3
    return date(day.year, last, calendar.monthrange(day.year, last)[1])


def finding_names() -> dict[str, str]:
    """The findings' names in the current language, in the fixed order of the list."""
    return {
        "working": _("working"),
        "housed": _("housed"),
        "in_treatment": _("in treatment"),
        "family_contact": _("family contact"),
        "left_region": _("left the region"),
        "lost_contact": _("lost contact"),
        "convicted_again": _("convicted again"),
    }
