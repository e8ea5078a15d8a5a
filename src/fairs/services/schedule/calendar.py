"""The calendar of fairs: Belarus's days off, the district's default venue and hours, and the date guards.

A fair falls on the second Monday of the month unless that day is a public holiday or a day off in Belarus
(the `holidays` package: fixed holidays, Radunitsa, days off moved by the government); then it falls on the
next working day (Monday to Friday, not a day off). A district adds its own closed days (`closed_day`,
services/schedule/closed_days.py), skipped the same way. Nothing is stored about the shift: `shift_of`
recomputes it (with the holiday's name or the closed day's reason), so a fair generated on the next working
day of a holiday Monday shows where it came from and why.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, time, timedelta
from functools import cache

import holidays
from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import District, Fair, User
from fairs.services import audit
from fairs.services.scope import ensure_organiser_of, home_district

COUNTRY = "BY"
# How far ahead a fair may be moved.
MAX_YEARS_AHEAD = 2
# The holidays package's language for each locale of the app.
HOLIDAY_LANGUAGES = {"ru": "ru", "en": "en_US", "be": "be"}
# A district's closed days: date → reason.
ClosedDays = Mapping[date, str]
NO_CLOSED_DAYS: ClosedDays = {}


def second_monday(year: int, month: int) -> date:
    """The second Monday of a month."""
    first = date(year, month, 1)
    offset = (calendar.MONDAY - first.weekday()) % 7
    return date(year, month, 1 + offset + 7)


@cache
def _days_off(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(COUNTRY, years=year).keys())


@cache
def _holiday_names(year: int, language: str) -> dict[date, str]:
    return dict(holidays.country_holidays(COUNTRY, years=year, language=language))


def holiday_name(day: date) -> str | None:
    """The public holiday's name in the request's language, if `day` is one in Belarus."""
    if day not in _days_off(day.year):
        return None
    language = HOLIDAY_LANGUAGES.get(current_locale.get(), "en_US")
    return _holiday_names(day.year, language).get(day) or _("a public holiday")


def is_working_day(day: date, closed: ClosedDays = NO_CLOSED_DAYS) -> bool:
    """Monday to Friday, not a public holiday or day off in Belarus, not one of the district's closed days."""
    return day.weekday() < 5 and day not in _days_off(day.year) and day not in closed


def fair_day(year: int, month: int, closed: ClosedDays = NO_CLOSED_DAYS) -> date:
    """The day of the month's fair: the second Monday, or the next working day when that is a holiday or a
    closed day of the district."""
    day = second_monday(year, month)
    while not is_working_day(day, closed):
        day += timedelta(days=1)
    return day


def shift_of(fair: Fair, closed: ClosedDays = NO_CLOSED_DAYS) -> tuple[date, str] | None:
    """The second Monday the schedule moved a fair off, and why (the holiday's name or the closed day's
    reason), if it did."""
    monday = second_monday(fair.date.year, fair.date.month)
    if (
        fair.date != monday
        and not is_working_day(monday, closed)
        and fair.date == fair_day(fair.date.year, fair.date.month, closed)
    ):
        return monday, _day_off_reason(monday, closed)
    return None


def _day_off_reason(day: date, closed: ClosedDays) -> str:
    if day in closed:
        return closed[day]
    return holiday_name(day) or _("a day off")


def shifted_from(fair: Fair, closed: ClosedDays = NO_CLOSED_DAYS) -> date | None:
    """The holiday (or closed) second Monday a fair was moved off by the schedule, if it was."""
    shift = shift_of(fair, closed)
    return shift[0] if shift else None


def ensure_open_day(day: date, closed: ClosedDays, *, confirm: bool) -> None:
    """A fair planned or moved onto a public holiday or one of the district's closed days needs `confirm`."""
    if confirm:
        return
    if day in closed:
        raise Conflict(
            _("%(day)s is a closed day of the district (%(reason)s): confirm to hold a fair on it.")
            % {"day": day.strftime("%d.%m.%Y"), "reason": closed[day]},
            code="closed_day",
            reason=closed[day],
        )
    name = holiday_name(day)
    if name is not None:
        raise Conflict(
            _("%(day)s is a public holiday (%(name)s): confirm to hold a fair on it.")
            % {"day": day.strftime("%d.%m.%Y"), "name": name},
            code="public_holiday",
            holiday=name,
        )


def ensure_hours(starts_at: time, ends_at: time) -> None:
    """A fair (or a district's default hours) must end after it starts."""
    if ends_at <= starts_at:
        raise Invalid(_("The fair must end after it starts."), code="bad_hours")


def district_defaults(session: Session, *, actor: User) -> District:
    """The actor's district, with its default venue and hours for new fairs."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    return session.get(District, district_id)


def set_district_defaults(
    session: Session, *, actor: User, venue: str, starts_at: time, ends_at: time
) -> District:
    """Set the venue and hours that new fairs of the actor's district get."""
    return _store_defaults(
        session,
        actor=actor,
        district=district_defaults(session, actor=actor),
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
    )


def configure_district_defaults(
    session: Session, *, district_id: int, venue: str, starts_at: time, ends_at: time
) -> District:
    """The same for a named district, by the system (`fairs setup`: no account exists yet to act)."""
    district = session.get(District, district_id)
    if district is None:
        raise NotFound(_("No such district."), code="district_not_found")
    return _store_defaults(
        session, actor=None, district=district, venue=venue, starts_at=starts_at, ends_at=ends_at
    )


def _store_defaults(
    session: Session, *, actor: User | None, district: District, venue: str, starts_at: time, ends_at: time
) -> District:
    ensure_hours(starts_at, ends_at)
    district.default_venue = venue.strip()[:300]
    district.default_starts_at = starts_at
    district.default_ends_at = ends_at
    session.add(district)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="district",
        entity_id=district.id,
        district_id=district.id,
        details={"venue": district.default_venue, "hours": f"{starts_at:%H:%M}-{ends_at:%H:%M}"},
    )
    return district


def ensure_can_open(fair: Fair, *, confirm: bool) -> None:
    """A future fair waits for its day; a fair of a past day opens only when the organiser confirms it."""
    today = local_today()
    if fair.date > today:
        raise Conflict(_("A fair cannot be opened before its day."), code="fair_not_yet")
    if fair.date != today and not confirm:
        raise Conflict(
            _("This fair is dated %(day)s, not today: confirm that you are opening it.")
            % {"day": fair.date.strftime("%d.%m.%Y")},
            code="confirm_other_day",
        )


def ensure_movable_to(day: date) -> None:
    """A fair moves to today or a later day, at most two years ahead."""
    today = local_today()
    if day < today:
        raise Invalid(_("A fair cannot be moved into the past."), code="date_in_past")
    try:
        limit = today.replace(year=today.year + MAX_YEARS_AHEAD)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year + MAX_YEARS_AHEAD, day=28)
    if day > limit:
        raise Invalid(_("A fair cannot be moved more than two years ahead."), code="date_too_far")
