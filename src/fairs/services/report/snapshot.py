"""The figures of a submitted period: the whole tally kept with the submission, and read back wherever the
report shows exactly that month or quarter of that district (the JSON report, the dashboard, the workbook,
and the same period a year earlier beside another).

Why keep them: a record counts in the period of its fair (docs/report.md), so a coupon of a submitted
February redeemed in March changes February's live count although February's own records are locked. The
committee reads back what it was sent; the live count comes back when the period is reopened, and the next
submission keeps it.

The tally is kept as JSON (counts, codes of directions, outcomes and categories, ids of organisations and
fairs: no code of a person or a coupon) and named again in the reader's language when read. A submission
made before the figures were kept (no `tally`) is counted live. A field added to `Tally` or its rows needs
a value for the tallies kept before it (a migration, or a default here).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import date

from sqlmodel import Session, select

from fairs.clock import to_local
from fairs.i18n import current_locale
from fairs.models import Category, NonhireReason, PeriodSubmission, local_name
from fairs.services import peers
from fairs.services.report import category_pass as tg
from fairs.services.report import nonhire_pass as tn
from fairs.services.report import queries as q
from fairs.services.report.between_pass import between_figures
from fairs.services.report.cohort_view import cohort_figures
from fairs.services.report.handover_pass import handover_figures
from fairs.services.report.results import (
    CategoryRow,
    CohortRow,
    DirectionRow,
    FairRow,
    MonthRow,
    NonhireReasonRow,
    NonhireRow,
    OrganisationRow,
    Period,
    Tally,
    TallyScope,
)
from fairs.services.report.tally import committee_tally, expected_figures

ROWS = {
    "directions": DirectionRow,
    "fairs": FairRow,
    "organisations": OrganisationRow,
    "months": MonthRow,
    "categories": CategoryRow,
    "nonhire_reasons": NonhireReasonRow,
    "nonhire": NonhireRow,
    "cohorts": CohortRow,
}
NOT_KEPT = ("scope", "period", "submitted_at")  # the submission's own columns say these


def kept(tally: Tally) -> dict:
    """`tally` as the submission keeps it (JSON: dates as ISO text)."""
    data = {key: value for key, value in asdict(tally).items() if key not in NOT_KEPT}
    return json.loads(json.dumps(data, default=date.isoformat))


def report_tally(
    session: Session,
    *,
    scope: TallyScope,
    period: Period,
    as_of: date | None = None,
    locale: str | None = None,
) -> Tally:
    """The tally the report shows: the figures as submitted when `scope` is one district and `period` is
    exactly a month or quarter of it that is submitted now (not reopened); else counted as of `as_of`."""
    row = _submitted(session, scope, period) if len(scope.district_ids) == 1 else None
    if row is None:
        return committee_tally(session, scope=scope, period=period, as_of=as_of, locale=locale)
    return restored(session, row, scope=scope, locale=locale or current_locale.get())


def restored(session: Session, row: PeriodSubmission, *, scope: TallyScope, locale: str) -> Tally:
    """The tally kept with `row`, its directions, outcomes, organisations and categories named in `locale`
    as they are named now (none of them is ever deleted: they are retired)."""
    data = dict(row.tally)
    names = q.names(session, locale)
    if "nonhire_reasons" not in data:  # kept before these figures existed: counted now (docs/report.md)
        as_of = date.fromisoformat(data["as_of"])
        span = {"start": row.starts_on, "end": row.ends_on, "as_of": as_of, "locale": locale}
        reasons, rows = tn.live_rows(session, district_ids=scope.district_ids, **span)
        data["nonhire_reasons"], data["nonhire"] = (
            [asdict(one) for one in reasons],
            [asdict(one) for one in rows],
        )
    if "expected_persons" not in data:  # kept before these figures existed: counted now
        data.update(expected_figures(session, scope, Period(row.starts_on, row.ends_on)))
    if "coupons_between_fairs" not in data:  # kept before these figures existed: counted now
        data.update(between_figures(session, scope, Period(row.starts_on, row.ends_on)))
    if "peer_recruited_persons" not in data:  # kept before the peer figures existed: counted now
        data.update(peers.report_figures(session, scope, Period(row.starts_on, row.ends_on)))
    if "handovers_in" not in data:  # kept before the handover figures existed: counted now
        data.update(handover_figures(session, scope, Period(row.starts_on, row.ends_on)))
    if "cohorts" not in data:  # kept before the cohort table existed: counted now, as of the day kept
        kept_on = date.fromisoformat(data["as_of"])
        rows = cohort_figures(session, scope=scope, period=Period(row.starts_on, row.ends_on), as_of=kept_on)
        data["cohorts"] = [asdict(one) for one in rows]
    by_code = {code: name for _id, code, name in names.directions}
    renamed = {
        "directions": lambda one: {**one, "name": by_code[one["code"]]},
        "organisations": lambda one: {**one, "name": names.organisations[one["organisation_id"]]},
        "categories": _category_names(session, locale),
        "fairs": lambda one: {**one, "date": date.fromisoformat(one["date"])},
        "months": lambda one: {**one, "month": date.fromisoformat(one["month"])},
        **_nonhire_names(session, locale, names),
        "cohorts": lambda one: one,
    }
    for key, kind in ROWS.items():
        data[key] = [kind(**renamed[key](one)) for one in data[key]]
    outcomes = data["outcome_names"]
    data["outcome_names"] = {code: names.outcomes[code] for code in outcomes}
    data["as_of"] = date.fromisoformat(data["as_of"])
    simple = {one.name for one in fields(Tally)} - set(NOT_KEPT)
    return Tally(
        scope=scope,
        period=Period(row.starts_on, row.ends_on),
        submitted_at=to_local(row.submitted_at),
        **{key: value for key, value in data.items() if key in simple},
    )


def _category_names(session: Session, locale: str) -> Callable[[dict], dict]:
    rows = session.execute(select(Category.code, Category.name_ru, Category.name_en, Category.name_be)).all()
    none, total = tg.labels()
    names = {code: local_name(locale, ru=ru, en=en, be=be) for code, ru, en, be in rows}
    names.update(none=none, total=total)
    return lambda one: {**one, "name": names[one["code"]]}


def _nonhire_names(session: Session, locale: str, names: q.Names) -> dict[str, Callable[[dict], dict]]:
    rows = session.execute(
        select(NonhireReason.code, NonhireReason.name_ru, NonhireReason.name_en, NonhireReason.name_be)
    ).all()
    reasons = {code: local_name(locale, ru=ru, en=en, be=be) for code, ru, en, be in rows}
    reasons["total"] = tn.total_label()

    def employer(one: dict) -> str:  # an organisation of the register is named as it is now
        organisation_id = one["organisation_id"]
        return one["employer"] if organisation_id is None else names.organisations[organisation_id]

    return {
        "nonhire_reasons": lambda one: {**one, "name": reasons[one["code"]]},
        "nonhire": lambda one: {**one, "reason_name": reasons[one["reason"]], "employer": employer(one)},
    }


def _submitted(session: Session, scope: TallyScope, period: Period) -> PeriodSubmission | None:
    return session.exec(
        select(PeriodSubmission).where(
            PeriodSubmission.district_id == scope.district_ids[0],
            PeriodSubmission.starts_on == period.start,
            PeriodSubmission.ends_on == period.end,
            PeriodSubmission.reopened_at.is_(None),
            PeriodSubmission.tally.is_not(None),
        )
    ).first()
