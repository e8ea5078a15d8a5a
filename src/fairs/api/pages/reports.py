"""Page: the committee's report for a period (the tally the workbook shows), for organisers and committee."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlmodel import Session

from fairs import i18n
from fairs.api.deps import PageReportReader, SessionDep, csrf_protect
from fairs.api.pages.charts import ColumnChart, bar_chart, column_chart
from fairs.api.pages.common import Pager, page_number, render, wants_fragment
from fairs.clock import local_today
from fairs.config import get_settings
from fairs.i18n import _
from fairs.models import Role, User
from fairs.services import report
from fairs.services.report import DEFINITIONS_BY_KEY, FAIR_DATE_RULE, Period, Tally, definition_label
from fairs.services.scope import list_districts, visible_district_ids

router = APIRouter(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)

KINDS = ("month", "quarter", "year", "custom")
FIELDS = ("kind", "month", "quarter", "year", "from", "to", "district")
FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_CUSTOM_DAYS = 5 * 366
MONTH_RE = re.compile(r"(\d{4})-(\d{1,2})")
QUARTER_RE = re.compile(r"(\d{4})-?[QqКк]([1-4])")


class PeriodError(ValueError):
    """The period asked for cannot be read; `field` names the input to mark."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
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
        """The period in words, in the current locale."""
        start, end = self.period.start, self.period.end
        if self.kind == "month":
            return format_date(start, "LLLL y", locale=i18n.current_locale.get())
        if self.kind == "quarter":
            return _("Q%(quarter)s %(year)s") % {"quarter": (start.month - 1) // 3 + 1, "year": start.year}
        if self.kind == "year":
            return str(start.year)
        return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"

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
    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise PeriodError(_("The year must be a number from 2000 to 2100."), field)
    return int(text)


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
        if not raw.get("from") or not raw.get("to"):
            raise PeriodError(_("Give both dates of the period."), "from" if not raw.get("from") else "to")
        start, end = _day(raw["from"], "from"), _day(raw["to"], "to")
        if start > end:
            raise PeriodError(_("The period starts after it ends."), "to")
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise PeriodError(_("A period may be at most five years long."), "to")
        return Choice("custom", Period(start, end))
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


def _district_options(session: Session, user: User) -> list:
    """The districts a region-level reader may narrow the report to (none for a district's users)."""
    if user.district_id is not None:
        return []
    visible = set(visible_district_ids(session, user))
    return [district for district in list_districts(session) if district.id in visible]


def _district(text: str, options: list) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) not in {district.id for district in options}:
        raise PeriodError(_("There is no such district in your region."), "district")
    return int(text)


def _month_chart(tally: Tally) -> ColumnChart:
    """Persons consulted and referred per month of the period, with month names in the locale."""
    locale = i18n.current_locale.get()
    one_year = tally.period.start.year == tally.period.end.year
    labels = [
        (
            format_date(row.month, "LLL" if one_year else "MM.yy", locale=locale),
            format_date(row.month, "LLLL y", locale=locale),
        )
        for row in tally.months
    ]
    # int(): PostgreSQL's SUM() comes back as Decimal, which the geometry's float arithmetic refuses.
    series = [
        (definition_label("persons_consulted"), [int(row.persons_consulted) for row in tally.months]),
        (definition_label("persons_referred"), [int(row.persons_referred) for row in tally.months]),
    ]
    return column_chart(labels, series)


def _outcome_codes(tally: Tally) -> list[str]:
    """The outcomes that occurred at any receiving organisation, in the order of the outcome names."""
    seen = {code for row in tally.organisations for code, count in row.outcomes.items() if count}
    return [code for code in tally.outcome_names if code in seen] + sorted(seen - set(tally.outcome_names))


def percent(value: float | None) -> str:
    """A rate as a percentage in the current locale; a dash when there is none."""
    return "—" if value is None else format_percent(value, locale=i18n.current_locale.get())


def days(value: float | None) -> str:
    """A number of days with at most one decimal in the current locale; a dash when there is none."""
    return "—" if value is None else format_decimal(value, "#,##0.#", locale=i18n.current_locale.get())


def _definitions() -> dict[str, tuple[str, str]]:
    return {
        key: (definition_label(key), _(definition.text)) for key, definition in DEFINITIONS_BY_KEY.items()
    }


def _url(params: Mapping[str, str]) -> str:
    query = {k: v for k, v in params.items() if v}
    return "/reports" + ("?" + urlencode(query) if query else "")


def _links(choice: Choice, keep: dict[str, str], locale: str) -> dict[str, str | None]:
    """The neighbouring periods and the workbook of this one (same district and language)."""
    export = {"from": choice.period.start.isoformat(), "to": choice.period.end.isoformat(), "lang": locale}
    if keep["district"]:
        export["district"] = keep["district"]
    before, after = choice.shifted(-1), choice.shifted(1)
    return {
        "export_url": "/exports/committee.xlsx?" + urlencode(export),
        "prev_url": _url({**before.params(), **keep}) if before else None,
        "next_url": _url({**after.params(), **keep}) if after else None,
    }


def _overdue(
    session: Session, user: User, scope: report.TallyScope, tally: Tally, page: int, params: dict[str, str]
) -> tuple[list[report.OverdueCoupon], Pager | None]:
    """A page of the overdue coupons with their codes: for organisers only, never for the committee."""
    if user.role != Role.organiser or not tally.overdue_unredeemed:
        return [], None
    per_page, page = get_settings().page_size, page_number(page)
    rows, total = report.overdue_coupons(
        session, scope=scope, period=tally.period, as_of=tally.as_of, page=page, per_page=per_page
    )
    return rows, Pager(page=page, per_page=per_page, total=total, base="/reports", params=params)


@router.get("/reports")
def report_page(request: Request, session: SessionDep, user: PageReportReader, page: int = 1) -> Response:
    """The committee's report for a period: numbers, charts, tables, overdue coupons and the workbook."""
    raw = {name: request.query_params.get(name, "").strip()[:40] for name in FIELDS}
    lang = request.query_params.get("lang", "")
    lang = lang if lang in i18n.LOCALES else ""
    districts = _district_options(session, user)
    context: dict = {"raw": raw, "districts": districts, "today": local_today(), "lang": lang}
    try:
        choice = parse_period(raw, today=local_today())
        district_id = _district(raw["district"], districts)
    except PeriodError as error:
        context.update(error=error.message, error_field=error.field, tally=None)
        return render(request, "reports.html", context, user=user, block="report", status=400)
    keep = {"district": str(district_id or ""), "lang": lang}
    canonical = _url({**choice.params(), **keep})
    if raw["kind"] and not wants_fragment(request):
        return RedirectResponse(canonical, status_code=303)  # the picker's fields → a short address
    locale = i18n.current_locale.get()
    scope = report.report_scope(session, actor=user, district_id=district_id)
    tally = report.committee_tally(session, scope=scope, period=choice.period, locale=locale)
    overdue, pager = _overdue(session, user, scope, tally, page, {**choice.params(), **keep})
    context.update(
        _links(choice, keep, locale),
        choice=choice,
        tally=tally,
        defs=_definitions(),
        percent=percent,
        days=days,
        fair_date_rule=_(FAIR_DATE_RULE),
        show_codes=user.role == Role.organiser,
        overdue=overdue,
        pager=pager,
        multi_district=len(scope.district_ids) > 1,
        directions_chart=bar_chart([(row.code, row.name, int(row.persons)) for row in tally.directions]),
        months_chart=_month_chart(tally) if tally.months else None,
        outcome_codes=_outcome_codes(tally),
        nothing=not (tally.fairs_held or tally.visits or tally.coupons_issued),
    )
    response = render(request, "reports.html", context, user=user, block="report")
    if wants_fragment(request):
        response.headers["HX-Push-Url"] = canonical
    return response
