"""The committee's report beside the same period a year earlier: two runs of the one tally, nothing else.

The earlier period is counted as of the same day as the current one (what is recorded now about the fairs
of a year before), by the same rules; the change is the current figure minus the earlier one (for the
redemption rate, the difference of the two rates)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from fairs.services.report.results import Period, Tally, TallyScope
from fairs.services.report.snapshot import report_tally

PREVIOUS_YEAR = "previous_year"  # the one comparison offered (the `compare` parameter's value)

# The summary figures compared, in the order of the report.
SUMMARY_FIGURES = (
    "fairs_held",
    "fairs_planned",
    "visits",
    "persons_consulted",
    "consultations",
    "persons_consulted_at_booths",
    "persons_referred",
    "employment_referred_persons",
    "employed_persons",
    "jobseeker_registered_persons",
    "coupons_issued",
    "coupons_redeemed",
    "redemption_rate",
    "overdue_unredeemed",
)
# Figures compared beside those, outside the region's table of districts: people expected before release.
RELEASE_FIGURES = ("expected_persons", "arrived_persons")
# Figures compared beside those, outside the region's table of districts: coupons between fairs.
BETWEEN_FIGURES = ("coupons_between_fairs", "persons_referred_between_fairs")
# Figures compared beside those, outside the region's table of districts: persons handed over in and out.
HANDOVER_FIGURES = ("handovers_in", "handovers_out")
# And the peer figures (services/peers).
PEER_FIGURES = ("peer_recruited_persons", "peer_chain_depth", "peer_incentives")
# The per-direction figures compared (each a count of distinct persons).
DIRECTION_FIGURES = ("persons", "persons_consulted")

Number = int | float | None


def year_earlier(period: Period) -> Period:
    """The same dates a year earlier; a month's last day stays its last day (29 February → 28)."""

    def back(day: date, *, end: bool) -> date:
        last = calendar.monthrange(day.year - 1, day.month)[1]
        if end and day.day == calendar.monthrange(day.year, day.month)[1]:
            return date(day.year - 1, day.month, last)
        return date(day.year - 1, day.month, min(day.day, last))

    return Period(back(period.start, end=False), back(period.end, end=True))


def _change(current: Number, previous: Number) -> Number:
    if current is None or previous is None:
        return None
    return current - previous


@dataclass
class Comparison:
    """The tally of the same period a year earlier, its summary figures and the change of each."""

    previous: Tally
    figures: dict[str, Number] = field(default_factory=dict)  # figure → a year earlier
    change: dict[str, Number] = field(default_factory=dict)  # figure → current − a year earlier
    directions: dict[str, dict[str, int]] = field(default_factory=dict)  # code → figure → a year earlier
    direction_change: dict[str, dict[str, int]] = field(default_factory=dict)  # code → figure → change

    @property
    def period(self) -> Period:
        """The earlier period."""
        return self.previous.period


def summary_figures(tally: Tally) -> dict[str, Number]:
    """The summary figures of `tally`, by name."""
    return {name: getattr(tally, name) for name in SUMMARY_FIGURES}


def compare_tallies(current: Tally, previous: Tally) -> Comparison:
    """`previous` beside `current`: its figures and the change of each, overall and per direction."""
    compared = (*SUMMARY_FIGURES, *RELEASE_FIGURES, *BETWEEN_FIGURES, *PEER_FIGURES, *HANDOVER_FIGURES)
    now = {name: getattr(current, name) for name in compared}
    then = {name: getattr(previous, name) for name in compared}
    result = Comparison(previous, then, {name: _change(now[name], then[name]) for name in now})
    earlier = {row.code: row for row in previous.directions}
    for row in current.directions:
        before = earlier.get(row.code)
        values = {name: int(getattr(before, name)) if before else 0 for name in DIRECTION_FIGURES}
        result.directions[row.code] = values
        result.direction_change[row.code] = {
            name: int(getattr(row, name)) - values[name] for name in DIRECTION_FIGURES
        }
    return result


def previous_year(
    session: Session, *, scope: TallyScope, tally: Tally, locale: str | None = None
) -> Comparison:
    """`tally` compared with the same period a year earlier (the one tally, run for that period; the
    figures as submitted when that period of one district was submitted)."""
    previous = report_tally(
        session, scope=scope, period=year_earlier(tally.period), as_of=tally.as_of, locale=locale
    )
    return compare_tallies(tally, previous)
