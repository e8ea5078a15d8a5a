"""What the committee's tally is about and what it gives: the period, the scope, the rows and the tally.

services/tallies computes a `Tally`; the dashboard, the JSON report and the workbook read it.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fairs.services.checks import CohortRow


@dataclass(frozen=True)
class Period:
    """An inclusive range of fair dates."""

    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """A calendar month."""
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """A calendar quarter (1–4)."""
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def year(cls, year: int) -> Period:
        """A calendar year."""
        return cls(date(year, 1, 1), date(year, 12, 31))

    def months(self) -> list[date]:
        """The first day of every month the period touches."""
        result, cursor = [], self.start.replace(day=1)
        while cursor <= self.end:
            result.append(cursor)
            cursor = (cursor + timedelta(days=32)).replace(day=1)
        return result


@dataclass(frozen=True)
class TallyScope:
    """The districts counted and the name the report carries (a district, or a region)."""

    district_ids: tuple[int, ...]
    title: str


@dataclass
class DirectionRow:
    """One direction of the report, in its sort order: every direction, retired ones too (a period
    before it was retired still counts its coupons)."""

    code: str
    name: str
    persons: int  # referred: distinct persons with a counted coupon in this direction
    persons_consulted: int  # distinct persons consulted at a booth in this direction
    coupons_issued: int
    coupons_redeemed: int
    redemption_rate: float | None  # redeemed / issued; None when nothing was issued
    median_days: float | None  # issue → redemption, over redeemed coupons
    outcomes: dict[str, int]  # outcome code → coupons with that outcome (only codes that occurred)


@dataclass
class CategoryRow:
    """One category of person in the report (retired ones too), or `none` (persons in no category) or
    `total` (all persons): distinct persons consulted, referred and served (docs/report.md)."""

    code: str
    name: str
    persons_consulted: int
    persons_referred: int
    persons_served: int


@dataclass
class NonhireReasonRow:
    """One reason why a job fell through (retired ones too), or `total`: coupons whose «not hired» or «not
    eligible» outcome has this reason, and distinct persons with such a coupon (docs/report.md)."""

    code: str
    name: str
    coupons: int
    persons: int


@dataclass
class NonhireRow:
    """One (employer, profession, reason) of the «not hired» / «not eligible» outcomes: coupons and
    distinct persons. `organisation_id` when the employer is an organisation of the register (its name
    as it is now), else None and the name typed; `profession` "" when none was given."""

    employer: str
    organisation_id: int | None
    profession: str
    reason: str  # the reason's code
    reason_name: str
    coupons: int
    persons: int


@dataclass
class FairRow:
    """One fair of the period (cancelled ones included, with their status)."""

    fair_id: int
    date: date
    district: str
    status: str
    booths: int
    visitors: int
    persons_referred: int
    coupons_issued: int
    coupons_redeemed: int


@dataclass
class OrganisationRow:
    """One receiving organisation that was sent at least one coupon in the period."""

    organisation_id: int
    name: str
    coupons_received: int
    coupons_redeemed: int
    redemption_rate: float | None
    outcomes: dict[str, int]
    expired_unused: int


@dataclass
class MonthRow:
    """One month of the period, for the per-month chart."""

    month: date
    visits: int
    persons_consulted: int
    persons_referred: int


@dataclass
class Tally:
    """The committee's report for a scope and a period, as of a day (which decides what has expired)."""

    scope: TallyScope
    period: Period
    as_of: date
    fairs_held: int
    fairs_planned: int
    visits: int
    persons_consulted: int  # distinct persons with a visit
    consultations: int  # booth consultations
    persons_consulted_at_booths: int  # distinct persons with a booth consultation
    persons_referred: int
    coupons_issued: int
    coupons_redeemed: int
    redemption_rate: float | None
    employment_referred_persons: int
    employed_persons: int
    jobseeker_registered_persons: int
    overdue_unredeemed: int  # issued ≥ OVERDUE_DAYS before as_of, neither redeemed nor cancelled
    directions: list[DirectionRow] = field(default_factory=list)
    fairs: list[FairRow] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)
    months: list[MonthRow] = field(default_factory=list)
    categories: list[CategoryRow] = field(default_factory=list)  # the categories, then `none` and `total`
    # Why a job fell through: every reason then `total`; the (employer, profession, reason) rows.
    nonhire_reasons: list[NonhireReasonRow] = field(default_factory=list)
    nonhire: list[NonhireRow] = field(default_factory=list)
    outcome_names: dict[str, str] = field(default_factory=dict)  # outcome code → name in the locale
    failed_scans: dict[str, int] = field(default_factory=dict)  # refusal reason → scans (every reason)
    submitted_at: datetime | None = None  # the figures of a submitted period: when it was submitted
    # Before release: people expected (planned release in the period) and, of them, arrived at a fair.
    expected_persons: int = 0
    arrived_persons: int = 0
    # Coupons issued between fairs (from a client's page, services/coupons/between.py) and their persons.
    coupons_between_fairs: int = 0
    persons_referred_between_fairs: int = 0
    # Persons handed over into and out of the scope's districts (services/handover, report/handover_pass.py).
    handovers_in: int = 0
    handovers_out: int = 0
    # Peers bring peers (services/peers): people reached through peers, the deepest chain, incentives.
    peer_recruited_persons: int = 0
    peer_chain_depth: int = 0
    peer_incentives: int = 0
    # A year later: the cohorts of first fairs whose checks can fall due in the period, then `total`.
    cohorts: list[CohortRow] = field(default_factory=list)


@dataclass
class OverdueCoupon:
    """A coupon still unredeemed OVERDUE_DAYS after issue (organisers see its code)."""

    code: str
    client_code: str
    fair_date: date
    direction: str
    organisation: str
    days: int  # since issue, as of the tally's day
