"""Reading a period: the report page's picker (a month, a quarter, a year or two dates) and the API's two
dates follow the same rules (years 2000–2100, at most five years, the start not after the end)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date

from fairs import i18n
from fairs.errors import Invalid
from fairs.i18n import N_, _
from fairs.numbers import whole_number
from fairs.services.report.results import Period

KINDS = ("month", "quarter", "year", "custom")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_PERIOD_DAYS = 5 * 366
MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{1,2})")  # [0-9], not \d: "٢٠٢٦" is not a year here
QUARTER_RE = re.compile(r"([0-9]{4})-?[QqКк]([1-4])")


class PeriodError(Invalid):
    """The period asked for cannot be read (400 `invalid_period`); `field` names the input to mark."""

    code = "invalid_period"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Choice:
    """A period as the picker names it: its kind and its range of fair dates."""

    kind: str
    period: Period

    def params(self) -> dict[str, str]:
        """The canonical query of this period."""
        start, end = self.period.start, self.period.end
        if self.kind == "month":
            return {"month": f"{start:%Y-%m}"}
        if self.kind == "quarter":
            return {"quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}"}
        if self.kind == "year":
            return {"year": str(start.year)}
        return {"from": start.isoformat(), "to": end.isoformat()}

    def title(self) -> str:
        """The period in words, in the current locale (`period_words`)."""
        return period_words(self.period)

    def shifted(self, step: int) -> Choice | None:
        """The previous (-1) or next (+1) period of the same kind and length; None outside the years."""
        start, end = self.period.start, self.period.end
        months = _whole_months(self.period)
        if self.kind == "year":
            new = Period.year(start.year + step) if FIRST_YEAR <= start.year + step <= LAST_YEAR else None
        elif months:
            first = _add_months(start, step * months)
            last = _add_months(first, months - 1)
            new = Period(first, Period.month(last.year, last.month).end)
        else:
            length = end - start + timedelta(days=1)
            new = Period(start + step * length, end + step * length)
        if new is None or not FIRST_YEAR <= new.start.year <= new.end.year <= LAST_YEAR:
            return None
        return Choice(self.kind, new)


# The quarters as a district names them: «IV квартал 2026» (the msgids are the English "Q4 2026").
QUARTER_NAMES = (N_("Q1 %(year)s"), N_("Q2 %(year)s"), N_("Q3 %(year)s"), N_("Q4 %(year)s"))


def period_kind(period: Period) -> str:
    """What the period is: a calendar `month`, `quarter` or `year`, else `custom` (any two dates)."""
    months = _whole_months(period)
    if months == 12 and period.start.month == 1:
        return "year"
    if months == 3 and period.start.month % 3 == 1:
        return "quarter"
    return "month" if months == 1 else "custom"


def period_words(period: Period) -> str:
    """The period as the picker and the workbook name it, in the current locale: «март 2026», «IV квартал
    2026», «2026 год», «01.03.2026 – 15.04.2026» (English: "March 2026", "Q4 2026", "2026")."""
    start, end = period.start, period.end
    kind = period_kind(period)
    if kind == "month":
        return format_date(start, "LLLL y", locale=i18n.current_locale.get())
    if kind == "quarter":
        return _(QUARTER_NAMES[(start.month - 1) // 3]) % {"year": start.year}
    if kind == "year":
        return _("%(year)s") % {"year": start.year}  # Russian: «2026 год»
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


def period_phrase(period: Period) -> str:
    """The period as a heading ends: «за март 2026 г.», «за IV квартал 2026 г.», «за 2026 год», «за период
    с 01.03.2026 по 15.04.2026» (English: "for March 2026", …, "for the period from … to …")."""
    kind = period_kind(period)
    if kind in ("month", "quarter"):
        return _("for %(period)s") % {"period": period_words(period)}  # Russian adds «г.»
    if kind == "year":
        return _("for %(year)s") % {"year": period.start.year}
    return _("for the period from %(start)s to %(end)s") % {
        "start": f"{period.start:%d.%m.%Y}",
        "end": f"{period.end:%d.%m.%Y}",
    }


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(period: Period) -> int:
    """How many calendar months the period covers exactly (0 when it starts or ends inside a month)."""
    start, end = period.start, period.end
    if start.day != 1 or end != Period.month(end.year, end.month).end:
        return 0
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _year(text: str, field: str) -> int:
    year = whole_number(text, max_digits=4)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(_("The year must be a number from 2000 to 2100."), field)
    return year


def _day(text: str, field: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PeriodError(_("A date must look like 2026-01-31."), field) from None
    _year(str(day.year), field)
    return day


def parse_period(raw: Mapping[str, str], *, today: date) -> Choice:
    """The period of the picker's fields (`kind` chooses among them); the current year when none is given."""
    kind = raw.get("kind", "")
    if kind and kind not in KINDS:
        raise PeriodError(_("Choose a month, a quarter, a year or two dates."), "kind")
    if not kind:
        given = [k for k in KINDS if any(raw.get(f) for f in (("from", "to") if k == "custom" else (k,)))]
        if len(given) > 1:
            raise PeriodError(_("Choose one period: a month, a quarter, a year or two dates."), "kind")
        kind = given[0] if given else ""
    if not kind:
        return Choice("year", Period.year(today.year))
    if kind == "custom":
        return Choice("custom", parse_range(raw.get("from"), raw.get("to")))
    text = raw.get(kind, "")
    if kind == "year":
        return Choice("year", Period.year(_year(text, "year")))
    if kind == "month":
        match = MONTH_RE.fullmatch(text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise PeriodError(_("A month must look like 2026-03."), "month")
        return Choice("month", Period.month(_year(match[1], "month"), int(match[2])))
    match = QUARTER_RE.fullmatch(text)
    if not match:
        raise PeriodError(_("A quarter must look like 2026-Q1."), "quarter")
    return Choice("quarter", Period.quarter(_year(match[1], "quarter"), int(match[2])))


def parse_range(start: str | None, end: str | None) -> Period:
    """A period from two ISO dates typed by a person or a program (the API's `from` and `to`)."""
    if not start or not end:
        raise PeriodError(_("Give both dates of the period."), "from" if not start else "to")
    first, last = _day(start.strip(), "from"), _day(end.strip(), "to")
    if first > last:
        raise PeriodError(_("The period starts after it ends."), "to")
    if (last - first).days > MAX_PERIOD_DAYS:
        raise PeriodError(_("A period may be at most five years long."), "to")
    return Period(first, last)
