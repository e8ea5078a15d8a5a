"""The committee's tally: every number of the report, for districts and a period, counted in SQL.

Every record counts by the date of the fair at which it was made (a coupon redeemed in March for a
February fair counts in February). Dashboard, JSON report and workbook are views of `committee_tally`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

from sqlmodel import Session

from fairs.clock import local_today
from fairs.i18n import current_locale
from fairs.models import OVERDUE_DAYS
from fairs.services import peers, release
from fairs.services.report import between_pass, handover_pass, reading
from fairs.services.report import category_pass as tg
from fairs.services.report import consultation_pass as tq
from fairs.services.report import coupon_pass as tc
from fairs.services.report import fair_pass as tf
from fairs.services.report import nonhire_pass as tn
from fairs.services.report import person_pass as tp
from fairs.services.report import queries as q
from fairs.services.report.cohort_view import cohort_figures
from fairs.services.report.results import (
    DirectionRow,
    FairRow,
    MonthRow,
    OrganisationRow,
    OverdueCoupon,
    Period,
    Tally,
    TallyScope,
)


def expected_figures(session: Session, scope: TallyScope, period: Period) -> dict[str, int]:
    """People expected before release in the scope's districts with a planned release in the period, and
    how many of them have come to a fair (services/release)."""
    expected, arrived = release.expected_and_arrived(
        session, district_ids=list(scope.district_ids), start=period.start, end=period.end
    )
    return {"expected_persons": expected, "arrived_persons": arrived}


def committee_tally(
    session: Session,
    *,
    scope: TallyScope,
    period: Period,
    as_of: date | None = None,
    locale: str | None = None,
) -> Tally:
    """Every number of the committee's report for `scope` and `period` (names in `locale`)."""
    as_of = as_of or local_today()
    locale = locale or current_locale.get()
    where = q.Where(scope.district_ids, period.start, period.end, as_of)
    names = q.names(session, locale)
    fairs = tf.fair_rows(session, where)
    plan = reading.plan_for(session, len(fairs))
    if plan.sqlite_scan:
        where = q.with_fair_runs(session, where, [row.fair_id for row in fairs])
    overdue_before = as_of - timedelta(days=OVERDUE_DAYS)
    months = period.months()
    # Independent passes, longest first (they run side by side for large scopes, two at a time: the two
    # longest start together and the rest fill in behind them).
    persons, groups, booth_talks, consulted, per_fair, days, visitors, booths, nonhire, later = (
        reading.run_plan(
            session,
            plan,
            [
                partial(tp.person_counts, where=where, plan=plan, names=names, months=months),
                partial(tc.coupon_groups, where=where, plan=plan, overdue_before=overdue_before),
                partial(tq.consultation_counts, where=where, plan=plan, names=names),
                partial(tp.visit_persons, where=where, plan=plan, months=months),
                partial(tf.coupons_per_fair, where=where, plan=plan),
                partial(tc.redemption_days, where=where, plan=plan),
                partial(tf.visitors_per_fair, where=where),
                partial(tf.booths_per_fair, where=where),
                partial(
                    tn.nonhire_rows,
                    where=where,
                    plan=plan,
                    names=names,
                    locale=locale,
                    total=tn.total_label(),
                ),
                partial(cohort_figures, scope=scope, period=period, as_of=as_of),
            ],
        )
    )
    tf.fill_fair_counts(fairs, booths, visitors, per_fair)
    totals = tc.coupon_totals(persons, groups, names)
    directions = _direction_rows(totals, days, names, booth_talks)
    return Tally(
        scope=scope,
        period=period,
        as_of=as_of,
        fairs_held=sum(1 for row in fairs if row.held),
        fairs_planned=sum(1 for row in fairs if row.status != "cancelled"),
        visits=int(sum(row.visitors for row in fairs)),
        persons_consulted=int(consulted.persons),
        consultations=booth_talks.consultations,
        persons_consulted_at_booths=booth_talks.persons,
        persons_referred=int(totals.persons),
        coupons_issued=int(totals.issued),
        coupons_redeemed=int(totals.redeemed),
        redemption_rate=_rate(totals.redeemed, totals.issued),
        employment_referred_persons=next(
            (row.persons for row in directions if row.code == "employment_referral"), 0
        ),
        employed_persons=int(totals.employed),
        jobseeker_registered_persons=int(totals.jobseekers),
        overdue_unredeemed=int(totals.overdue),
        directions=directions,
        fairs=[
            FairRow(
                fair_id=row.fair_id,
                date=row.date,
                district=row.district,
                status=row.status,
                booths=int(row.booths),
                visitors=int(row.visitors),
                persons_referred=int(row.persons_referred),
                coupons_issued=int(row.coupons_issued),
                coupons_redeemed=int(row.coupons_redeemed),
            )
            for row in fairs
        ],
        organisations=_organisation_rows(totals, names),
        months=[
            MonthRow(month, int(visits), int(consulted_n), int(referred))
            for month, visits, consulted_n, referred in tf.month_rows(
                months, fairs, consulted.months, persons.months
            )
        ],
        categories=tg.category_rows(session, locale, tg.labels(), consulted.categories, persons.categories),
        nonhire_reasons=nonhire[0],
        nonhire=nonhire[1],
        outcome_names=names.outcomes,
        failed_scans=tc.failed_scans(session, where),
        **expected_figures(session, scope, period),
        **between_pass.between_figures(session, scope, period),
        **peers.report_figures(session, scope, period),
        **handover_pass.handover_figures(session, scope, period),
        cohorts=later,
    )


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _direction_rows(
    totals: tc.CouponTotals,
    days: dict[int, dict[int, int]],
    names: q.Names,
    consulted: tq.ConsultationCounts,
) -> list[DirectionRow]:
    rows = []
    for direction_id, code, name in names.directions:
        persons, issued, redeemed = totals.directions.get(direction_id, (0, 0, 0))
        rows.append(
            DirectionRow(
                code=code,
                name=name,
                persons=int(persons),
                persons_consulted=int(consulted.directions.get(direction_id, 0)),
                coupons_issued=int(issued),
                coupons_redeemed=int(redeemed),
                redemption_rate=_rate(redeemed, issued),
                median_days=tc.median(days.get(direction_id, {})),
                outcomes=totals.direction_outcomes.get(direction_id, {}),
            )
        )
    return rows


def _organisation_rows(totals: tc.CouponTotals, names: q.Names) -> list[OrganisationRow]:
    rows = [
        OrganisationRow(
            organisation_id=org_id,
            name=names.organisations.get(org_id, ""),
            coupons_received=int(counts.received),
            coupons_redeemed=int(counts.redeemed),
            redemption_rate=_rate(counts.redeemed, counts.received),
            outcomes=dict(counts.outcomes),
            expired_unused=int(counts.expired),
        )
        for org_id, counts in totals.organisations.items()
    ]
    return sorted(rows, key=lambda row: (-row.coupons_received, row.name))


def overdue_coupons(
    session: Session,
    *,
    scope: TallyScope,
    period: Period,
    as_of: date,
    page: int,
    per_page: int,
) -> tuple[list[OverdueCoupon], int]:
    """A page (`page` from 1, `per_page` rows) of the coupons unredeemed OVERDUE_DAYS after issue as of
    `as_of` (oldest first) and their total."""
    where = q.Where(scope.district_ids, period.start, period.end, as_of)
    names = q.names(session, current_locale.get())
    rows, total = tc.overdue(session, where, as_of - timedelta(days=OVERDUE_DAYS), page, per_page)
    return [
        OverdueCoupon(
            code=row.code,
            client_code=row.client_code,
            fair_date=row.fair_date,
            direction=names.direction_names.get(row.direction_id, ""),
            organisation=names.organisations.get(row.organisation_id, ""),
            days=(as_of - row.issued_on).days,
        )
        for row in rows
    ], total
