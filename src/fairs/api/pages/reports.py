"""Page: the committee's report for a period (the tally the workbook shows), for organisers and committee."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from fairs import i18n
from fairs.api.deps import PageOrganiser, PageReportReader, SessionDep, csrf_protect
from fairs.api.pages.charts import bar_chart
from fairs.api.pages.common import (
    Pager,
    flash,
    is_local_path,
    page_number,
    redirect,
    refusal_note,
    render,
    wants_fragment,
)
from fairs.api.pages.region_report import region_context
from fairs.api.pages.report_categories import categories_context
from fairs.api.pages.report_charts import month_chart
from fairs.api.pages.report_numbers import days, percent
from fairs.api.pages.report_places import chosen_place, district_options, region_options
from fairs.api.redirects import header_url
from fairs.api.routing import Router, on_refusal
from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import registry, report
from fairs.services.report import (
    DEFINITIONS_BY_KEY,
    FAIR_DATE_RULE,
    Choice,
    PeriodError,
    Tally,
    definition_label,
    parse_period,
)

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

FIELDS = ("kind", "month", "quarter", "year", "from", "to", "region", "district", "compare")


def _outcome_codes(tally: Tally) -> list[str]:
    """The outcomes that occurred at any receiving organisation, in the order of the outcome names."""
    seen = {code for row in tally.organisations for code, count in row.outcomes.items() if count}
    return [code for code in tally.outcome_names if code in seen] + sorted(seen - set(tally.outcome_names))


def _definitions() -> dict[str, tuple[str, str]]:
    return {
        key: (definition_label(key), _(definition.text)) for key, definition in DEFINITIONS_BY_KEY.items()
    }


def _url(params: Mapping[str, str]) -> str:
    query = {k: v for k, v in params.items() if v}
    return "/reports" + ("?" + urlencode(query) if query else "")


def _links(choice: Choice, keep: dict[str, str], locale: str, *, register: bool) -> dict[str, str | None]:
    """The neighbouring periods and the workbook of this one (same district and language); with
    `register`, also the organisers' copy with the coupon register."""
    export = {"from": choice.period.start.isoformat(), "to": choice.period.end.isoformat(), "lang": locale}
    export |= {name: keep[name] for name in ("region", "district") if keep[name]}
    before, after = choice.shifted(-1), choice.shifted(1)
    return {
        "export_url": "/exports/committee.xlsx?" + urlencode(export),
        "register_url": "/exports/register.xlsx?" + urlencode(export) if register else None,
        "prev_url": _url({**before.params(), **keep}) if before else None,
        "next_url": _url({**after.params(), **keep}) if after else None,
    }


def _overdue(
    session: Session, user: User, scope: report.TallyScope, tally: Tally, page: int, params: dict[str, str]
) -> tuple[list[report.OverdueCoupon], Pager | None]:
    """A page of the overdue coupons with their codes: for organisers only, never for the committee."""
    if not report.sees_rows(user) or not tally.overdue_unredeemed:
        return [], None
    per_page, page = get_settings().page_size, page_number(page)
    rows, total = report.overdue_coupons(
        session, scope=scope, period=tally.period, as_of=tally.as_of, page=page, per_page=per_page
    )
    return rows, Pager(page=page, per_page=per_page, total=total, base="/reports", params=params)


SETTINGS_SLOT = "report-settings"
SIGNOFF_SLOT = "period-signoff"


def _settings_form(session: Session, user: User, typed: dict[str, str] | None) -> dict | None:
    """The report settings section (organisers of a district): what is stored, or what was typed."""
    if user.role != Role.organiser or user.district_id is None:
        return None
    if typed is not None:
        return typed
    stored = report.report_settings(session, actor=user)
    printed = registry.print_locale_of(session, [user.district_id])
    return {name: getattr(stored, name) for name in report.SETTINGS_FIELDS} | {"print_locale": printed}


def _report(
    request: Request,
    session: Session,
    user: User,
    raw: dict[str, str],
    *,
    lang: str = "",
    page: int = 1,
    settings: dict[str, str] | None = None,
    notes: list[dict] | None = None,
    status: int = 200,
    reason: str = "",
) -> Response:
    districts = district_options(session, user)
    regions = region_options(session, districts)
    context: dict = {
        "raw": raw,
        "regions": regions,
        "districts": districts,
        "today": local_today(),
        "lang": lang,
        "settings": _settings_form(session, user, settings),
        "messages": notes or [],
        "signoff_reason": reason,
    }
    try:
        choice = parse_period(raw, today=local_today())
        region_id, district_id = chosen_place(raw, regions, districts)
    except PeriodError as error:
        context.update(error=error.message, error_field=error.field, tally=None)
        return render(request, "reports.html", context, user=user, block="report", status=400)
    compare = raw["compare"] == report.PREVIOUS_YEAR
    keep = {
        "region": str(region_id or ""),
        "district": str(district_id or ""),
        "compare": report.PREVIOUS_YEAR if compare else "",
        "lang": lang,
    }
    canonical = _url({**choice.params(), **keep})
    if raw["kind"] and not wants_fragment(request):
        return RedirectResponse(canonical, status_code=303)  # the picker's fields → a short address
    locale = i18n.current_locale.get()
    scope = report.report_scope(session, actor=user, district_id=district_id, region_id=region_id)
    region = report.region_report(session, scope=scope, period=choice.period, locale=locale)
    tally = region.total
    comparison = report.previous_year(session, scope=scope, tally=tally, locale=locale) if compare else None
    overdue, pager = _overdue(session, user, scope, tally, page, {**choice.params(), **keep})
    context.update(
        _links(
            choice,
            keep,
            registry.workbook_locale(session, scope.district_ids, lang),
            register=report.sees_rows(user),
        ),
        choice=choice,
        here=canonical,
        tally=tally,
        comparison=comparison,
        **categories_context(tally, comparison, user),
        nonhire=report.nonhire_for(tally, user),
        cohorts=report.cohort_view(tally.cohorts, suppress=not report.sees_rows(user)),
        defs=_definitions(),
        percent=percent,
        days=days,
        fair_date_rule=_(FAIR_DATE_RULE),
        show_codes=report.sees_rows(user),
        overdue=overdue,
        pager=pager,
        multi_district=len(scope.district_ids) > 1,
        directions_chart=bar_chart([(row.code, row.name, int(row.persons)) for row in tally.directions]),
        months_chart=month_chart(tally) if tally.months else None,
        outcome_codes=_outcome_codes(tally),
        nothing=not (tally.fairs_held or tally.visits or tally.coupons_issued),
        signoff=report.period_signoff(session, actor=user, scope=scope, choice=choice),
        **region_context(region, choice, locale),
    )
    response = render(request, "reports.html", context, user=user, block="report", status=status)
    if wants_fragment(request):
        response.headers["HX-Push-Url"] = header_url(canonical)
    return response


@router.get("/reports")
def report_page(request: Request, session: SessionDep, user: PageReportReader, page: int = 1) -> Response:
    """The committee's report for a period: numbers, charts, tables, overdue coupons and the workbook."""
    raw = {name: request.query_params.get(name, "").strip()[:40] for name in FIELDS}
    lang = request.query_params.get("lang", "")
    return _report(request, session, user, raw, lang=lang if lang in i18n.LOCALES else "", page=page)


@router.post("/reports/settings")
def save_report_settings(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    district_genitive: Annotated[str, Form(max_length=1000)] = "",
    body_name: Annotated[str, Form(max_length=1000)] = "",
    executor_name: Annotated[str, Form(max_length=1000)] = "",
    executor_position: Annotated[str, Form(max_length=1000)] = "",
    executor_phone: Annotated[str, Form(max_length=1000)] = "",
    head_position: Annotated[str, Form(max_length=1000)] = "",
    head_name: Annotated[str, Form(max_length=1000)] = "",
    print_locale: Annotated[str, Form(max_length=20)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Save what the district's workbook carries besides the numbers (heading, executor, signature) and the
    language of its coupons and workbook."""
    typed = {
        "district_genitive": district_genitive,
        "body_name": body_name,
        "executor_name": executor_name,
        "executor_phone": executor_phone,
        "executor_position": executor_position,
        "head_position": head_position,
        "head_name": head_name,
        "print_locale": print_locale,
    }
    target = back if back.startswith("/reports") and is_local_path(back) else "/reports"
    raw = {name: "" for name in FIELDS}

    def refused(error: DomainError) -> Response:
        notes = [refusal_note(error, SETTINGS_SLOT)]
        return _report(request, session, user, raw, settings=typed, notes=notes, status=error.status)

    on_refusal(refused)
    report.set_report_settings(session, actor=user, values=typed)
    if print_locale:
        registry.set_print_locale(session, actor=user, locale=print_locale)
    flash(request, _("The report's heading and signatures are saved."), where=SETTINGS_SLOT)
    return redirect(request, target + "#" + SETTINGS_SLOT)


def _signoff_answer(request: Request, session: Session, user: User, form: dict[str, str]) -> str:
    """A refusal shows the form's period (`2026-Q4`, `2026-11`) again with the message and what was typed
    in the sign-off section; returns where a success goes back to."""
    raw = dict.fromkeys(FIELDS, "") | {"district": form.get("district", "")}
    raw["quarter" if "Q" in form["period"].upper() else "month"] = form["period"].strip()

    def refused(error: DomainError) -> Response:
        notes = [refusal_note(error, SIGNOFF_SLOT)]
        return _report(
            request, session, user, raw, notes=notes, status=error.status, reason=form.get("reason", "")
        )

    on_refusal(refused)
    back = form["back"]
    return (back if back.startswith("/reports") and is_local_path(back) else "/reports") + "#" + SIGNOFF_SLOT


@router.post("/reports/submissions")
def submit_period(
    request: Request,
    session: SessionDep,
    user: PageOrganiser,
    period: Annotated[str, Form(max_length=20)] = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Submit the shown month or quarter to the committee (the form's checkbox confirms it)."""
    target = _signoff_answer(request, session, user, {"period": period, "back": back})
    if confirm != "yes":
        raise DomainError(_("Tick the box to confirm the submission."), code="confirm_required")
    report.submit_period(session, actor=user, period=period)
    flash(request, _("The period is submitted to the committee: its records are locked."), where=SIGNOFF_SLOT)
    return redirect(request, target)


@router.post("/reports/submissions/{submission_id}/reopen")
def reopen_period(
    request: Request,
    session: SessionDep,
    user: PageReportReader,
    submission_id: int,
    reason: Annotated[str, Form(max_length=1000)] = "",
    period: Annotated[str, Form(max_length=20)] = "",
    district: Annotated[str, Form(max_length=20)] = "",
    back: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """The committee reopens a submitted period with a reason (its records can be changed again)."""
    form = {"period": period, "district": district, "reason": reason, "back": back}
    target = _signoff_answer(request, session, user, form)
    report.reopen_submission(session, actor=user, submission_id=submission_id, reason=reason)
    flash(request, _("The period is reopened: its records can be changed again."), where=SIGNOFF_SLOT)
    return redirect(request, target)
