"""Fairs: the second-Monday schedule and the planned → open → closed lifecycle."""

from __future__ import annotations

from fairs.services.schedule.calendar import (
    configure_district_defaults,
    district_defaults,
    fair_day,
    second_monday,
    set_district_defaults,
    shifted_from,
)
from fairs.services.schedule.fairs import (
    cancel_fair,
    close_fair,
    create_fair,
    generate_year,
    get_booth,
    get_fair,
    list_fairs,
    move_fair,
    open_fair,
)

__all__ = [
    "cancel_fair",
    "close_fair",
    "configure_district_defaults",
    "create_fair",
    "district_defaults",
    "fair_day",
    "generate_year",
    "get_booth",
    "get_fair",
    "list_fairs",
    "move_fair",
    "open_fair",
    "second_monday",
    "set_district_defaults",
    "shifted_from",
]
