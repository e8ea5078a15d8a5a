"""Fairs: the second-Monday schedule, the district's closed days, the planned → open → closed lifecycle and
the office days that coupons issued between fairs are made at."""

from __future__ import annotations

from fairs.services.schedule.calendar import (
    configure_district_defaults,
    district_defaults,
    fair_day,
    holiday_name,
    second_monday,
    set_district_defaults,
    shift_of,
    shifted_from,
)
from fairs.services.schedule.closed_days import (
    add_closed_day,
    closed_days_of,
    list_closed_days,
    remove_closed_day,
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
    not_held,
    open_fair,
    shifts_of,
    today_or_next,
)
from fairs.services.schedule.office_days import (
    ensure_working_day,
    is_office_day,
    office_day_booth_id,
    real_fairs,
)

__all__ = [
    "add_closed_day",
    "closed_days_of",
    "ensure_working_day",
    "is_office_day",
    "office_day_booth_id",
    "real_fairs",
    "holiday_name",
    "list_closed_days",
    "not_held",
    "remove_closed_day",
    "shift_of",
    "shifts_of",
    "today_or_next",
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
