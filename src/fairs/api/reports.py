"""The committee's report as JSON: the same tally as the dashboard and the workbook."""

from __future__ import annotations

from datetime import date

from fastapi import Query, status
from pydantic import BaseModel, Field
from sqlmodel import Session

from fairs.api.deps import ApiOrganiser, ApiReportReader, ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas.reports import (
    ChangeFigures,
    CommitteeReportOut,
    DirectionFigures,
    PreviousFigures,
    district_figures,
)
from fairs.errors import Invalid
from fairs.i18n import _, checked_locale
from fairs.models import ReportSettings
from fairs.services import report
from fairs.services.report import (
    CategoryTable,
    Comparison,
    Submission,
    TallyScope,
)

router = Router(prefix="/api/v1/reports", tags=["reports"])


def _compared(
    comparison: Comparison, now: CategoryTable, before: CategoryTable
) -> tuple[PreviousFigures, ChangeFigures]:
    """The earlier period's figures and the changes, as the report serves them (`now` and `before`: the
    category tables of both periods as the reader sees them)."""
    directions = comparison.directions.items()
    changes = comparison.direction_change.items()
    previous = PreviousFigures(
        period_from=comparison.period.start,
        period_to=comparison.period.end,
        **comparison.figures,
        directions=[DirectionFigures(code=code, **values) for code, values in directions],
        categories=before.categories,
        category_none=before.none,
        category_total=before.total,
    )
    *by_category, none, total = report.category_changes(now, before)
    change = ChangeFigures(
        **comparison.change,
        directions=[DirectionFigures(code=code, **values) for code, values in changes],
        categories=by_category,
        category_none=none,
        category_total=total,
    )
    return previous, change


@router.get("/committee", response_model=CommitteeReportOut)
def committee_report(
    session: SessionDep,
    user: ApiReportReader,
    period_from: str | None = Query(None, alias="from", description="First fair date, YYYY-MM-DD"),
    period_to: str | None = Query(None, alias="to", description="Last fair date, YYYY-MM-DD"),
    district: int | None = Query(None, description="One district of a region committee's scope"),
    region: int | None = Query(
        None, description="One region of an admin's scope (admins of several regions)"
    ),
    compare: str | None = Query(None, description="`previous_year`: add the same period a year earlier"),
    lang: str | None = Query(None, max_length=20, description="Language of the names: ru, en or be"),
) -> CommitteeReportOut:
    """The committee's report for fairs dated in [from, to] (organisers and the committee); with
    `compare=previous_year`, also the same period a year earlier and the change (400 `bad_compare`);
    names in `lang` (400 `unknown_locale` for a language there is none of); `region` narrows an admin of
    several regions to one (404 `region_not_found`, 400 `empty_region`, 403 `other_region`)."""
    if lang is not None:
        checked_locale(lang)
    if compare not in (None, report.PREVIOUS_YEAR):
        raise Invalid(_("The only comparison is previous_year."), code="bad_compare")
    period = report.parse_range(period_from, period_to)
    scope = report.report_scope(session, actor=user, district_id=district, region_id=region)
    region = report.region_report(session, scope=scope, period=period)  # one district: no `districts`
    tally = region.total
    by_category = report.categories_for(tally, user)
    why = report.nonhire_for(tally, user)
    later = report.cohort_view(tally.cohorts, suppress=not report.sees_rows(user))
    previous, change = (None, None)
    if compare:
        comparison = report.previous_year(session, scope=scope, tally=tally)
        before = report.categories_for(comparison.previous, user)
        previous, change = _compared(comparison, by_category, before)
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
        consultations=tally.consultations,
        persons_consulted_at_booths=tally.persons_consulted_at_booths,
        persons_referred=tally.persons_referred,
        directions=tally.directions,
        employment_referred_persons=tally.employment_referred_persons,
        employed_persons=tally.employed_persons,
        jobseeker_registered_persons=tally.jobseeker_registered_persons,
        expected_persons=tally.expected_persons,
        arrived_persons=tally.arrived_persons,
        coupons_between_fairs=tally.coupons_between_fairs,
        persons_referred_between_fairs=tally.persons_referred_between_fairs,
        peer_recruited_persons=tally.peer_recruited_persons,
        peer_chain_depth=tally.peer_chain_depth,
        peer_incentives=tally.peer_incentives,
        handovers_in=tally.handovers_in,
        handovers_out=tally.handovers_out,
        coupons_issued=tally.coupons_issued,
        coupons_redeemed=tally.coupons_redeemed,
        redemption_rate=tally.redemption_rate,
        overdue_unredeemed=tally.overdue_unredeemed,
        fairs=tally.fairs,
        organisations=tally.organisations,
        months=tally.months,
        outcome_names=tally.outcome_names,
        failed_scans=tally.failed_scans,
        categories=by_category.categories,
        category_none=by_category.none,
        category_total=by_category.total,
        categories_suppressed=by_category.suppressed,
        nonhire_reasons=why.reasons,
        nonhire_total=why.total,
        nonhire=why.rows,
        nonhire_suppressed=why.suppressed,
        cohorts=later.cohorts,
        cohort_total=later.total,
        cohorts_suppressed=later.suppressed,
        districts=[district_figures(one) for one in region.districts],
        compare=compare,
        previous=previous,
        change=change,
        submitted_on=tally.submitted_at.date() if tally.submitted_at else None,
    )


class ReportSettingsIn(BaseModel):
    """What the district's workbook carries besides the numbers; an empty field takes the default."""

    district_genitive: str = Field("", max_length=1000, description="«Солигорского района» for the heading")
    body_name: str = Field("", max_length=1000, description="«УИИ Солигорского РОВД»: author, page header")
    executor_name: str = Field("", max_length=1000)
    executor_position: str = Field("", max_length=1000)
    executor_phone: str = Field("", max_length=1000)
    head_position: str = Field("", max_length=1000, description="«Начальник УИИ Солигорского РОВД»")
    head_name: str = Field("", max_length=1000)


class ReportSettingsOut(ReportSettingsIn):
    """The settings as stored, with the district's name and the district as the heading names it."""

    district_id: int
    district_name: str
    heading_district: str  # district_genitive, or the district's name when it is empty


def settings_out(session: Session, settings: ReportSettings) -> ReportSettingsOut:
    """The API form of a district's report settings."""
    shown = report.letterhead(session, scope=TallyScope((settings.district_id,), ""))
    return ReportSettingsOut(
        **{name: getattr(settings, name) for name in ReportSettingsIn.model_fields},
        district_id=settings.district_id,
        district_name=shown.district_name,
        heading_district=shown.district_genitive,
    )


@router.get("/settings", response_model=ReportSettingsOut)
def get_report_settings(session: SessionDep, user: ApiOrganiser) -> ReportSettingsOut:
    """The report settings of the organiser's district (organisers)."""
    return settings_out(session, report.report_settings(session, actor=user))


@router.put("/settings", response_model=ReportSettingsOut)
def put_report_settings(session: SessionDep, user: ApiOrganiser, body: ReportSettingsIn) -> ReportSettingsOut:
    """Set the report settings of the organiser's district (400 `too_long`, `invalid_phone`; audited)."""
    settings = report.set_report_settings(session, actor=user, values=body.model_dump())
    return settings_out(session, settings)


class SubmissionIn(BaseModel):
    """The period to submit: a quarter `2026-Q4` or a month `2026-11` of the organiser's district."""

    period: str = Field(max_length=20, examples=["2026-Q4"])


class ReopenIn(BaseModel):
    """Why the submitted period is reopened (required)."""

    reason: str = Field("", max_length=1000)


class SubmissionOut(BaseModel):
    """One submission of a period: who and when, the figures as submitted, and whether it was reopened."""

    id: int
    district_id: int
    period: str
    period_from: date
    period_to: date
    current: bool  # not reopened: the period's records are locked
    submitted_on: date
    submitted_by: str
    figures: dict
    reopened_on: date | None
    reopened_by: str | None
    reopen_reason: str | None


def submission_out(shown: Submission) -> SubmissionOut:
    """The API form of a submission."""
    row = shown.row
    return SubmissionOut(
        id=row.id,
        district_id=row.district_id,
        period=row.period,
        period_from=row.starts_on,
        period_to=row.ends_on,
        current=shown.current,
        submitted_on=shown.submitted_on,
        submitted_by=shown.submitted_by,
        figures=row.figures,
        reopened_on=shown.reopened_on,
        reopened_by=shown.reopened_by,
        reopen_reason=row.reopen_reason or None,
    )


@router.get("/submissions", response_model=list[SubmissionOut])
def get_submissions(
    session: SessionDep,
    user: ApiUser,
    period: str | None = Query(None, max_length=20, description="2026-Q4 or 2026-11"),
    district: int | None = Query(None, description="One district of a region committee's scope"),
) -> list[SubmissionOut]:
    """Submitted periods, newest first, reopened ones too (organisers, the committee, admins)."""
    shown = report.list_submissions(session, actor=user, district_id=district, period=period)
    return [submission_out(one) for one in shown]


@router.post("/submissions", response_model=SubmissionOut, status_code=status.HTTP_201_CREATED)
def post_submission(session: SessionDep, user: ApiOrganiser, body: SubmissionIn) -> SubmissionOut:
    """Submit a month or a quarter of the organiser's district: its records are locked (409
    `already_submitted`, `period_not_over`; 400 `invalid_period`; audited)."""
    return submission_out(report.submit_period(session, actor=user, period=body.period))


@router.post("/submissions/{submission_id}/reopen", response_model=SubmissionOut)
def reopen_submission(
    session: SessionDep, user: ApiUser, submission_id: int, body: ReopenIn
) -> SubmissionOut:
    """Reopen a submitted period with a reason (the committee of its district or region, admins; 400
    `reason_required`; 409 `not_submitted`; audited)."""
    return submission_out(
        report.reopen_submission(session, actor=user, submission_id=submission_id, reason=body.reason)
    )
