"""The report page (/reports): the committee's tally for a period, as organisers and the committee see it."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from fairs import config
from fairs.api.pages.reports import Choice, PeriodError, parse_period
from fairs.models import District, User
from fairs.services import report
from fairs.services.report.results import Period
from tests.api import helpers as h


class Numbers(HTMLParser):
    """The text of the first element carrying each `data-key` (the summary comes before the tables)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = dict(attrs).get("data-key")
        self.stack.append(key if key and key not in self.values else None)
        if key and key not in self.values:
            self.values[key] = ""

    def handle_endtag(self, tag: str) -> None:
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for key in self.stack:
            if key:
                self.values[key] += data


def numbers(html: str) -> dict[str, str]:
    parser = Numbers()
    parser.feed(html)
    return {key: value.strip() for key, value in parser.values.items()}


@dataclass
class History:
    """Two closed fairs of district A (60 and 40 days ago) and one of district B, with visits and coupons."""

    first: dt.date
    second: dt.date
    codes: list[str]
    client_codes: list[str]

    def query(self) -> str:
        return f"from={self.first.isoformat()}&to={self.second.isoformat()}"


@pytest.fixture
def history(client, auth, orgs) -> History:  # noqa: ANN001
    org, org_b = auth("organiser"), auth("organiser_b")
    first, second = h.today() - dt.timedelta(days=60), h.today() - dt.timedelta(days=40)
    fair1 = h.make_open_fair(client, org, day=first)
    fair2 = h.make_open_fair(client, org, day=second)
    employment1 = h.add_booth(client, org, fair=fair1, org=orgs["employment"])
    h.add_booth(client, org, fair=fair1, org=orgs["hospital"])
    employment2 = h.add_booth(client, org, fair=fair2, org=orgs["employment"])
    for fair in (fair1, fair2):
        h.close_fair(client, org, fair=fair)
    p1 = h.register(client, org, mother="Анна", father="Иван")
    p2 = h.register(client, org, mother="Ольга", father="Пётр", sex="F", birth_year=1979)
    p3 = h.register(client, org, mother="Вера", father="Олег", birth_year=1990)
    for fair, person in ((fair1, p1), (fair1, p2), (fair2, p1), (fair2, p3)):
        assert h.visit(client, org, fair=fair, client_id=person["id"]).status_code == 201
    jobs = h.issue(
        client,
        org,
        booth=employment1,
        client_id=p1["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    others = [
        h.issue(
            client, org, booth=employment1, client_id=p2["id"], org=orgs["hospital"], direction="hiv_testing"
        ),
        h.issue(
            client, org, booth=employment2, client_id=p1["id"], org=orgs["hospital"], direction="hiv_testing"
        ),
        h.issue(
            client, org, booth=employment2, client_id=p3["id"], org=orgs["hospital"], direction="infectious"
        ),
    ]
    assert h.redeem(client, org, jobs["code"], redeemed_on=first + dt.timedelta(days=3)).status_code == 200
    assert h.set_outcome(client, org, jobs["code"], outcome="employed").status_code == 200
    # District B: one held fair with one visitor, which only the region's committee sees.
    fair_b = h.make_open_fair(client, org_b, day=first)
    person_b = h.register(client, org_b, mother="Нина", father="Фёдор", sex="F")
    assert h.visit(client, org_b, fair=fair_b, client_id=person_b["id"]).status_code == 201
    h.close_fair(client, org_b, fair=fair_b)
    return History(
        first,
        second,
        [c["code"] for c in others],
        [p1["code"], p2["code"], p3["code"]],
    )


def tally_for(
    session: Session, username: str, period: Period, district_id: int | None = None
) -> report.Tally:
    user = session.exec(select(User).where(User.username == username)).one()
    scope = report.report_scope(session, actor=user, district_id=district_id)
    return report.committee_tally(session, scope=scope, period=period)


def district_id(session: Session, name: str) -> int:
    return session.exec(select(District).where(District.name == name)).one().id


# --- the numbers -------------------------------------------------------------------------------------


def test_organiser_sees_the_tally_and_the_overdue_codes(browser, history: History, session: Session) -> None:
    page = browser("organiser").get(f"/reports?{history.query()}")
    assert page.status_code == 200
    shown = numbers(page.text)
    expected = {
        "fairs_held": "2",
        "persons_consulted": "3",
        "visits": "4",
        "persons_referred": "3",
        "coupons_issued": "4",
        "coupons_redeemed": "1",
        "employment_referred_persons": "1",
        "employed_persons": "1",
    }
    assert {key: shown[key] for key in expected} == expected
    # Not "of them": «employed» counts the employment centre's referrals too, and says so.
    assert "Трудоустроено по направлению к работодателю или в центр занятости (человек)" in page.text
    tally = tally_for(session, "organiser", Period(history.first, history.second))
    for key in ("fairs_planned", "jobseeker_registered_persons", "overdue_unredeemed"):
        assert shown[key] == str(getattr(tally, key)), key
    assert shown["overdue_unredeemed"] == "3"
    assert shown["redemption_rate"].replace("\xa0", " ") == "25 %"
    # Tables: one row per fair, per direction, per receiving organisation.
    assert page.text.count("<tr data-fair=") == 2
    assert page.text.count("<tr data-direction=") == len(tally.directions)
    assert page.text.count("<tr data-organisation=") == len(tally.organisations) == 2
    # The organiser sees the overdue coupons with their codes and client codes.
    for code in history.codes:
        assert f'data-code="{code}"' in page.text
    for client_code in history.client_codes:
        assert client_code in page.text
    assert page.text.count("<tr data-code=") == 3


def test_download_link_carries_the_period_and_language(browser, history: History) -> None:
    b = browser("organiser")
    href = re.search(r'href="([^"]+)"[^>]*data-export', b.get("/reports?month=2026-03").text).group(1)
    url = urlsplit(href.replace("&amp;", "&"))
    assert url.path == "/exports/committee.xlsx"
    assert parse_qs(url.query) == {"from": ["2026-03-01"], "to": ["2026-03-31"], "lang": ["ru"]}
    english = b.get("/reports?quarter=2026-Q1&lang=en").text
    href = re.search(r'href="([^"]+)"[^>]*data-export', english).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(href).query) == {"from": ["2026-01-01"], "to": ["2026-03-31"], "lang": ["en"]}


def test_committee_sees_counts_but_never_codes(browser, history: History) -> None:
    page = browser("committee").get(f"/reports?{history.query()}")
    assert page.status_code == 200
    shown = numbers(page.text)
    assert shown["overdue_unredeemed"] == shown["overdue_count"] == "3"
    assert shown["persons_referred"] == "3"
    assert "data-code=" not in page.text
    for code in history.codes:
        assert code not in page.text
    for client_code in history.client_codes:
        assert client_code not in page.text


def test_overdue_list_is_paginated(browser, history: History, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAIRS_PAGE_SIZE", "2")
    config.get_settings.cache_clear()
    b = browser("organiser")
    first = b.get(f"/reports?{history.query()}").text
    assert first.count("<tr data-code=") == 2
    next_url = re.search(r'<a class="btn btn-secondary" href="([^"]+)" rel="next">[^<]*</a>\s*</nav>', first)
    assert next_url and "page=2" in next_url.group(1)
    second = b.get(next_url.group(1).replace("&amp;", "&")).text
    assert second.count("<tr data-code=") == 1
    shown = {
        re.search(r'data-code="(\w+)"', row).group(1) for row in re.findall(r"<tr data-code=[^>]+>", first)
    }
    shown |= {
        re.search(r'data-code="(\w+)"', row).group(1) for row in re.findall(r"<tr data-code=[^>]+>", second)
    }
    assert shown == set(history.codes)


def test_region_committee_reads_all_districts_or_one(browser, history: History, session: Session) -> None:
    b = browser("committee_region")
    a, b_id = district_id(session, "Солигорский район"), district_id(session, "Слуцкий район")
    everything = b.get(f"/reports?{history.query()}")
    assert everything.status_code == 200
    assert numbers(everything.text)["fairs_held"] == "3"
    assert numbers(everything.text)["persons_consulted"] == "4"
    assert f'<option value="{a}"' in everything.text and f'<option value="{b_id}"' in everything.text
    assert "Слуцкий район</td>" in everything.text  # the district column of the fairs table
    only_a = b.get(f"/reports?{history.query()}&district={a}")
    assert numbers(only_a.text)["fairs_held"] == "2"
    assert f'<option value="{a}" selected>' in only_a.text
    assert f"district={a}" in re.search(r'href="([^"]+)"[^>]*data-export', only_a.text).group(1)
    assert "data-code=" not in only_a.text
    unknown = b.get(f"/reports?{history.query()}&district=999999")
    assert unknown.status_code == 400 and "note-error" in unknown.text


def test_district_users_have_no_district_choice(browser, history: History) -> None:
    for username in ("organiser", "committee"):
        page = browser(username).get(f"/reports?{history.query()}")
        assert 'name="district"' not in page.text
        assert numbers(page.text)["fairs_held"] == "2"  # district B's fair is not theirs


def test_partners_are_refused(browser) -> None:
    for username in ("partner_employment", "partner_hospital"):
        page = browser(username).get("/reports")
        assert page.status_code == 403 and 'class="card error-page"' in page.text


def test_nav_links_to_the_report_for_readers_only(browser) -> None:
    assert 'href="/reports"' in browser("organiser").get("/fairs").text
    assert 'href="/reports"' in browser("committee").get("/fairs").text
    assert 'href="/reports"' in browser("admin").get("/admin/districts").text
    assert 'href="/reports"' not in browser("partner_employment").get("/fairs").text


# --- charts and states --------------------------------------------------------------------------------


def test_charts_have_one_bar_per_direction_with_persons(browser, history: History, session: Session) -> None:
    page = browser("organiser").get(f"/reports?{history.query()}").text
    tally = tally_for(session, "organiser", Period(history.first, history.second))
    with_persons = {row.code: row.persons for row in tally.directions if row.persons}
    assert with_persons == {"employment_referral": 1, "hiv_testing": 2, "infectious": 1}
    directions = re.search(r'<svg class="chart chart-bars".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in directions and "<title" in directions
    bars = dict(re.findall(r'<g class="bar" data-direction="(\w+)" data-value="(\d+)">', directions))
    assert bars == {code: str(persons) for code, persons in with_persons.items()}
    columns = re.search(r'<svg class="chart chart-columns".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in columns
    assert columns.count('<g class="slot"') == len(Period(history.first, history.second).months())
    consulted = [int(v) for v in re.findall(r'class="column column-0"[^>]*data-value="(\d+)"', columns)]
    referred = [int(v) for v in re.findall(r'class="column column-1"[^>]*data-value="(\d+)"', columns)]
    assert consulted == [row.persons_consulted for row in tally.months]
    assert referred == [row.persons_referred for row in tally.months]
    assert sum(consulted) >= 3  # distinct persons per month


def test_empty_period_says_so(browser) -> None:
    page = browser("committee").get("/reports?year=2001")
    assert page.status_code == 200
    assert "data-empty" in page.text
    assert 'data-key="persons_referred"' not in page.text and "<svg" not in page.text


def test_english_labels(browser, history: History) -> None:
    page = browser("committee").get(f"/reports?{history.query()}&lang=en").text
    assert '<html lang="en">' in page
    assert "Persons referred to services" in page and "Unredeemed after 14 days" in page
    assert 'name="lang" value="en"' in page  # the picker keeps the language
    assert "lang=en" in re.search(r'href="([^"]+)" rel="prev"', page).group(1)


# --- the picker ---------------------------------------------------------------------------------------


def test_htmx_gets_the_fragment_with_the_canonical_address(browser) -> None:
    b = browser("organiser")
    fragment = b.get("/reports?kind=month&month=2026-03&quarter=2026-Q1&year=2026&from=&to=", htmx=True)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text and fragment.text.lstrip().startswith('<div id="report"')
    assert fragment.headers["hx-push-url"] == "/reports?month=2026-03"
    assert "HX-Request" in fragment.headers["vary"]
    plain = b.get("/reports?kind=quarter&month=2026-03&quarter=2026-q2&year=2026", follow_redirects=False)
    assert plain.status_code == 303 and plain.headers["location"] == "/reports?quarter=2026-Q2"
    assert "<html" in b.get("/reports?quarter=2026-Q2").text


@pytest.mark.parametrize(
    ("query", "title", "start", "end"),
    [
        ("month=2026-03", "март 2026", "2026-03-01", "2026-03-31"),
        ("quarter=2025-Q4", "IV квартал 2025", "2025-10-01", "2025-12-31"),
        ("year=2024", "2024 год", "2024-01-01", "2024-12-31"),
        ("from=2025-11-15&to=2026-02-10", "15.11.2025 – 10.02.2026", "2025-11-15", "2026-02-10"),
    ],
)
def test_period_in_the_address(browser, query: str, title: str | None, start: str, end: str) -> None:
    page = browser("committee").get(f"/reports?{query}")
    assert page.status_code == 200
    href = re.search(r'href="([^"]+)"[^>]*data-export', page.text).group(1).replace("&amp;", "&")
    params = parse_qs(urlsplit(href).query)
    assert (params["from"], params["to"]) == ([start], [end])
    if title:
        assert f'data-key="period">{title}<' in page.text


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ("month=2026-13", 'value="2026-13"'),
        ("month=March", 'value="March"'),
        ("quarter=2026-Q5", 'value="2026-Q5"'),
        ("year=19", 'value="19"'),
        ("from=2026-06-30&to=2026-01-01", 'value="2026-06-30"'),
        ("from=2026-02-30&to=2026-03-01", 'value="2026-02-30"'),
        ("from=2026-01-01", 'value="2026-01-01"'),
        ("month=2026-03&year=2026", 'value="2026-03"'),
        ("kind=week&year=2026", 'value="2026"'),
        ("kind=custom&from=2010-01-01&to=2026-01-01", 'value="2010-01-01"'),
    ],
)
def test_bad_period_is_a_readable_400(browser, query: str, kept: str) -> None:
    page = browser("organiser").get(f"/reports?{query}")
    assert page.status_code == 400
    assert 'class="note note-error"' in page.text and 'aria-invalid="true"' in page.text
    assert kept in page.text  # what was typed is kept
    assert "data-key=" not in page.text


TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("raw", "kind", "start", "end"),
    [
        ({}, "year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        ({"month": "2026-02"}, "month", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        ({"month": "2024-2"}, "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ({"quarter": "2026-Q1"}, "quarter", dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        ({"quarter": "2026q3"}, "quarter", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        ({"year": "2025"}, "year", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ({"from": "2025-12-01", "to": "2026-01-31"}, "custom", dt.date(2025, 12, 1), dt.date(2026, 1, 31)),
        (
            {"kind": "month", "month": "2026-05", "year": "2020", "quarter": "x"},
            "month",
            dt.date(2026, 5, 1),
            None,
        ),
        ({"kind": "custom", "from": "2026-03-03", "to": "2026-03-03", "month": "bad"}, "custom", None, None),
    ],
)
def test_parse_period(raw: dict, kind: str, start: dt.date | None, end: dt.date | None) -> None:
    choice = parse_period(raw, today=TODAY)
    assert choice.kind == kind
    if start:
        assert choice.period.start == start
    if end:
        assert choice.period.end == end


@pytest.mark.parametrize(
    "raw",
    [
        {"month": "2026-00"},
        {"quarter": "2026-Q0"},
        {"year": "1999"},
        {"year": "2026", "quarter": "2026-Q1"},
        {"from": "2026-01-01"},
        {"kind": "custom", "to": "2026-01-01"},
        {"kind": "month"},
        {"kind": "decade"},
        {"from": "2026-01-02", "to": "2026-01-01"},
        {"from": "2020-01-01", "to": "2026-01-01"},
    ],
)
def test_parse_period_refuses(raw: dict) -> None:
    with pytest.raises(PeriodError) as refused:
        parse_period(raw, today=TODAY)
    assert refused.value.message and refused.value.field in ("kind", "month", "quarter", "year", "from", "to")


def test_neighbouring_periods_cross_years() -> None:
    def shifted(choice: Choice, step: int) -> dict[str, str]:
        neighbour = choice.shifted(step)
        assert neighbour is not None
        return neighbour.params()

    assert shifted(Choice("month", Period.month(2026, 1)), -1) == {"month": "2025-12"}
    assert shifted(Choice("month", Period.month(2025, 12)), 1) == {"month": "2026-01"}
    assert shifted(Choice("quarter", Period.quarter(2026, 1)), -1) == {"quarter": "2025-Q4"}
    assert shifted(Choice("quarter", Period.quarter(2025, 4)), 1) == {"quarter": "2026-Q1"}
    assert shifted(Choice("year", Period.year(2026)), 1) == {"year": "2027"}
    # Whole months move by their number of months; other ranges by their number of days.
    half = Choice("custom", Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    assert shifted(half, -1) == {"from": "2025-07-01", "to": "2025-12-31"}
    assert shifted(half, 1) == {"from": "2026-07-01", "to": "2026-12-31"}
    week = Choice("custom", Period(dt.date(2025, 12, 29), dt.date(2026, 1, 4)))
    assert shifted(week, 1) == {"from": "2026-01-05", "to": "2026-01-11"}
    assert Choice("year", Period.year(2100)).shifted(1) is None


def test_prev_and_next_links(browser) -> None:
    page = browser("committee").get("/reports?month=2026-01").text
    assert 'href="/reports?month=2025-12" rel="prev"' in page
    assert 'href="/reports?month=2026-02" rel="next"' in page
