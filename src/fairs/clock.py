"""Time: stored in UTC, days counted in the district's time zone (a setting)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from fairs.config import get_settings


def local_today() -> date:
    """Today's date in the configured time zone (Europe/Minsk by default)."""
    return datetime.now(UTC).astimezone(ZoneInfo(get_settings().timezone)).date()


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC moment shown in the configured time zone."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(get_settings().timezone))


def local_midnight(day: date) -> datetime:
    """The moment `day` begins in the configured time zone, in UTC (as moments are stored): 1 March in
    Minsk begins at 21:00 UTC on 28 February."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(get_settings().timezone)).astimezone(UTC)
