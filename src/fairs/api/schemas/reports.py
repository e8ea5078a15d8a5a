"""The committee's report as JSON: its figures, another period's, a region's districts."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from fairs.services import report
from fairs.services.report import (
    CategoryChange,
    CategoryLine,
    CohortLine,
    DirectionRow,
    FairRow,
    MonthRow,
    NonhireDetail,
    NonhireLine,
    OrganisationRow,
)


class DirectionFigures(BaseModel):
    """One direction's compared figures: persons referred and persons consulted at booths."""

    code: str
    persons: int
    persons_consulted: int


class SummaryFigures(BaseModel):
    """The summary figures of the report (the same names as at its top level), for another period or as
    the change since it."""

    model_config = ConfigDict(extra="forbid")

    fairs_held: int
    fairs_planned: int
    visits: int
    persons_consulted: int
    consultations: int
    persons_consulted_at_booths: int
    persons_referred: int
    employment_referred_persons: int
    employed_persons: int
    jobseeker_registered_persons: int
    coupons_issued: int
    coupons_redeemed: int
    redemption_rate: float | None
    overdue_unredeemed: int
    directions: list[DirectionFigures]


class PreviousFigures(SummaryFigures):
    """The same figures for the same period a year earlier, the category table too (as the reader sees it:
    suppressed on its own in the committee's copy)."""

    expected_persons: int
    arrived_persons: int
    coupons_between_fairs: int
    persons_referred_between_fairs: int
    peer_recruited_persons: int
    peer_chain_depth: int
    peer_incentives: int
    handovers_in: int
    handovers_out: int
    period_from: date
    period_to: date
    categories: list[CategoryLine]
    category_none: CategoryLine
    category_total: CategoryLine


class ChangeFigures(SummaryFigures):
    """Each figure minus the one a year earlier; a category count's change is null where either period's
    count is hidden («< 5», «x»)."""

    expected_persons: int
    arrived_persons: int
    coupons_between_fairs: int
    persons_referred_between_fairs: int
    peer_recruited_persons: int
    peer_chain_depth: int
    peer_incentives: int
    handovers_in: int
    handovers_out: int
    categories: list[CategoryChange]
    category_none: CategoryChange
    category_total: CategoryChange


class DistrictFigures(SummaryFigures):
    """One district of a region's report: its own figures (a person who moved counts in each district)."""

    district_id: int
    name: str


def district_figures(tally: report.Tally) -> DistrictFigures:
    return DistrictFigures(  # a district's tally as the region's report serves it
        district_id=tally.scope.district_ids[0],
        name=tally.scope.title,
        **report.summary_figures(tally),
        directions=[
            DirectionFigures(code=row.code, persons=row.persons, persons_consulted=row.persons_consulted)
            for row in tally.directions
        ],
    )


class CommitteeReportOut(BaseModel):
    """The committee's report; every number is defined in docs/report.md. Its rows are the tally's own
    (services/report: DirectionRow, FairRow, OrganisationRow, MonthRow), served as they are."""

    scope: str
    district_ids: list[int]
    period_from: date
    period_to: date
    as_of: date
    fairs_held: int
    fairs_planned: int
    visits: int
    persons_consulted: int
    consultations: int
    persons_consulted_at_booths: int
    persons_referred: int
    directions: list[DirectionRow]
    employment_referred_persons: int
    employed_persons: int
    jobseeker_registered_persons: int
    expected_persons: int = Field(description="people expected after release, planned in the period")
    arrived_persons: int = Field(description="of them, those who came to a fair of the district")
    coupons_between_fairs: int = Field(description="of the coupons issued, those issued between fairs")
    persons_referred_between_fairs: int = Field(description="distinct persons given a coupon between fairs")
    peer_recruited_persons: int = Field(description="people who came to a fair with a peer's invitation")
    peer_chain_depth: int = Field(description="the longest recruiter → recruit chain among them (links)")
    peer_incentives: int = Field(description="incentives handed to recruiters in the period")
    handovers_in: int = Field(
        description="distinct persons handed over to the report's districts from others"
    )
    handovers_out: int = Field(
        description="distinct persons handed over from the report's districts to others"
    )
    coupons_issued: int
    coupons_redeemed: int
    redemption_rate: float | None
    overdue_unredeemed: int
    fairs: list[FairRow]
    organisations: list[OrganisationRow]
    months: list[MonthRow]
    outcome_names: dict[str, str]
    failed_scans: dict[str, int]
    # By category of person (docs/report.md): counts, or "< 5" in the committee's copy.
    categories: list[CategoryLine]
    category_none: CategoryLine  # persons in no category
    category_total: CategoryLine  # all persons
    categories_suppressed: bool
    # Why a job fell through (docs/report.md): per reason, the total, and by employer, profession and reason;
    # counts, or "< 5" / "x" in the committee's copy.
    nonhire_reasons: list[NonhireLine] = []
    nonhire_total: NonhireLine | None = None
    nonhire: list[NonhireDetail] = []
    nonhire_suppressed: bool = False
    # A year later (docs/report.md): the cohorts of first fairs whose checks can fall due in the period, and
    # their total; per milestone checks due and done, persons per finding; "< 5" / "x" for the committee.
    cohorts: list[CohortLine] = []
    cohort_total: CohortLine | None = None
    cohorts_suppressed: bool = False
    districts: list[DistrictFigures] = []  # a region: each district's figures (the totals count persons once)
    compare: str | None = None  # `previous_year` when asked
    previous: PreviousFigures | None = None  # the same period a year earlier
    change: ChangeFigures | None = None  # each figure minus the one a year earlier
    # A submitted month or quarter of one district: the day it was submitted; its figures are those submitted.
    submitted_on: date | None = None
