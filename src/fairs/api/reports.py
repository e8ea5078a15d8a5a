"""The committee's report as JSON: the same tally as the dashboard and the workbook."""

from __future__ import annotations

from datetime import date

from fastapi import Query
from pydantic import BaseModel

from fairs.api.deps import ApiReportReader, SessionDep
from fairs.api.routing import Router
from fairs.services import report
from fairs.services.report import DirectionRow, FairRow, MonthRow, OrganisationRow

router = Router(prefix="/api/v1/reports", tags=["reports"])


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
    persons_referred: int
    directions: list[DirectionRow]
    employment_referred_persons: int
    employed_persons: int
    jobseeker_registered_persons: int
    coupons_issued: int
    coupons_redeemed: int
    redemption_rate: float | None
    overdue_unredeemed: int
    fairs: list[FairRow]
    organisations: list[OrganisationRow]
    months: list[MonthRow]
    outcome_names: dict[str, str]
    failed_scans: dict[str, int]


@router.get("/committee", response_model=CommitteeReportOut)
def committee_report(
    session: SessionDep,
    user: ApiReportReader,
    period_from: str | None = Query(None, alias="from", description="First fair date, YYYY-MM-DD"),
    period_to: str | None = Query(None, alias="to", description="Last fair date, YYYY-MM-DD"),
    district: int | None = Query(None, description="One district of a region committee's scope"),
) -> CommitteeReportOut:
    """The committee's report for fairs dated in [from, to] (organisers and the committee)."""
    period = report.parse_range(period_from, period_to)
    scope = report.report_scope(session, actor=user, district_id=district)
    tally = report.committee_tally(session, scope=scope, period=period)
    return CommitteeReportOut(
        scope=scope.title,
        district_ids=list(scope.district_ids),
        period_from=period.start,
        period_to=period.end,
        as_of=tally.as_of,
        fairs_held=tally.fairs_held,
        fairs_planned=tally.fairs_planned,
        visits=tally.visits,
        persons_consulted=tally.persons_consulted,
        persons_referred=tally.persons_referred,
        directions=tally.directions,
        employment_referred_persons=tally.employment_referred_persons,
        employed_persons=tally.employed_persons,
        jobseeker_registered_persons=tally.jobseeker_registered_persons,
        coupons_issued=tally.coupons_issued,
        coupons_redeemed=tally.coupons_redeemed,
        redemption_rate=tally.redemption_rate,
        overdue_unredeemed=tally.overdue_unredeemed,
        fairs=tally.fairs,
        organisations=tally.organisations,
        months=tally.months,
        outcome_names=tally.outcome_names,
        failed_scans=tally.failed_scans,
    )
