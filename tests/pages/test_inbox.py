"""The /inbox page: tabs with counts, rows as cards, filters without and with htmx, outcomes from the list."""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from fairs.models import Coupon, Outcome
from tests.api import helpers as h
from tests.api.test_inbox import InboxWorld, build_inbox_world

ROW_RE = re.compile(r'<li id="inbox-coupon-\d+" class="inbox-row[^"]*" data-code="([0-9A-Z]+)"')


@pytest.fixture
def world(client, auth, orgs, session) -> InboxWorld:  # noqa: ANN001
    return build_inbox_world(client, auth, orgs, session)


def names(world: InboxWorld, html: str) -> list[str]:
    """The coupons listed on the page, by their names in `world`, in order."""
    by_code = {code: name for name, code in world.codes.items()}
    return [by_code[code] for code in ROW_RE.findall(html)]


def count_of(html: str, state: str) -> int:
    """The number shown on a tab."""
    match = re.search(rf'data-count="{state}">(?:[^<\d]*)(\d+)', html)
    assert match, state
    return int(match.group(1))


def outcome_of(session, code: str) -> str | None:  # noqa: ANN001
    """The outcome code recorded on the coupon, read from the database."""
    coupon = session.exec(select(Coupon).where(Coupon.code == code)).one()
    session.refresh(coupon)
    if coupon.outcome_id is None:
        return None
    return session.get(Outcome, coupon.outcome_id).code


def test_partner_sees_counts_and_each_tab(browser, world):
    b = browser("partner_hospital")
    page = b.get("/inbox")
    assert page.status_code == 200
    assert 'href="/inbox"' in page.text  # in the partner's menu
    assert [count_of(page.text, s) for s in ("expected", "redeemed", "expired")] == [3, 3, 2]
    assert count_of(page.text, "redeemed_without_outcome") == 2
    assert names(world, page.text) == ["R1", "T1", "T2"]
    assert f'href="/c/{world.tokens["R1"]}"' in page.text  # where the Redeem button is
    assert 'data-days-left="10"' in page.text
    assert 'aria-current="page"' in page.text.split('data-state="expected"')[1][:80]
    redeemed = b.get("/inbox?state=redeemed").text
    assert names(world, redeemed) == ["T3", "R2", "T4"]
    assert redeemed.count("inbox-row needs-outcome") == 2
    assert redeemed.count('action="/inbox/coupons/') == 3  # T4's can be corrected, behind a disclosure
    assert names(world, b.get("/inbox?state=expired").text) == ["E2", "E1"]
    assert names(world, b.get("/inbox?state=nonsense").text) == ["R1", "T1", "T2"]


def test_partner_never_sees_another_organisation(browser, world, orgs):
    b = browser("partner_employment")
    page = b.get(f"/inbox?organisation_id={orgs['hospital']}")  # ignored: a partner has one inbox
    assert names(world, page.text) == ["T6"]
    for state in ("redeemed", "expired"):
        html = b.get(f"/inbox?state={state}").text
        assert names(world, html) == []
        assert f'data-empty="{state}"' in html
    for name in ("R1", "T1", "T3", "E1", "T5", "B1"):
        assert world.codes[name] not in page.text


def test_cancelled_are_left_out(browser, world):
    b = browser("partner_hospital")
    for state in ("expected", "redeemed", "expired"):
        assert world.codes["T5"] not in b.get(f"/inbox?state={state}").text


def test_filters_work_without_javascript(browser, world):
    b = browser("partner_hospital")
    # The GET form sends empty values for "all": they are no filter.
    page = b.get("/inbox?state=expected&fair_id=&direction=psychoneuro&code=")
    assert page.status_code == 200
    assert names(world, page.text) == ["T2"]
    assert '<option value="psychoneuro" selected>' in page.text
    assert names(world, b.get(f"/inbox?fair_id={world.fairs['today']}").text) == ["T1", "T2"]
    code = world.codes["T1"]
    assert names(world, b.get(f"/inbox?code={code[:4].lower()}-{code[4:6].lower()}").text) == ["T1"]
    nothing = b.get("/inbox?direction=infectious&fair_id=" + str(world.fairs["today"])).text
    assert names(world, nothing) == []
    assert 'data-empty="filter"' in nothing
    # The fair select offers the fairs with coupons to this organisation, and only those.
    fair_options = re.findall(
        r'<option value="(\d+)"', page.text.split('name="fair_id"')[1].split("</select>")[0]
    )
    assert sorted(map(int, fair_options)) == sorted(world.fairs[k] for k in ("old", "recent", "today"))
    # The tabs keep the filter.
    assert "state=redeemed&amp;direction=psychoneuro" in page.text


def test_htmx_swaps_the_list_and_refreshes_the_tabs(browser, world):
    b = browser("partner_hospital")
    page = b.get("/inbox")
    form = page.text.split('class="card row inbox-filter"')[1].split(">")[0]
    assert 'hx-get="/inbox"' in form and 'hx-push-url="true"' in form
    assert "keyup changed delay:" in form and "change" in form
    fragment = b.get(f"/inbox?state=expected&direction=hiv_testing&code={world.codes['T1'][:5]}", htmx=True)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'id="inbox-list"' in fragment.text
    assert 'id="inbox-tabs" class="inbox-tabs" aria-label' in fragment.text
    assert 'hx-swap-oob="true"' in fragment.text
    assert names(world, fragment.text) == ["T1"]
    assert "HX-Request" in fragment.headers.get("vary", "")


def test_pages_of_25(browser, auth, orgs, world, client):
    org = auth("organiser")
    person = h.register(client, org, mother="Вера", father="Глеб", birth_year=1990)["id"]
    booth = client.get(f"{h.API}/fairs/{world.fairs['today']}/booths", headers=org).json()[0]
    for _n in range(23):
        h.issue(client, org, booth=booth, client_id=person, org=orgs["hospital"], direction="hiv_testing")
    b = browser("partner_hospital")
    first = b.get("/inbox")
    assert count_of(first.text, "expected") == 26
    assert len(ROW_RE.findall(first.text)) == 25
    assert 'href="/inbox?state=expected&amp;page=2"' in first.text
    second = b.get("/inbox?state=expected&page=2")
    assert len(ROW_RE.findall(second.text)) == 1
    assert 'rel="prev"' in second.text
    assert set(ROW_RE.findall(first.text)).isdisjoint(ROW_RE.findall(second.text))


def test_record_outcome_from_the_list_with_htmx(browser, world, session):
    b = browser("partner_hospital")
    back = "/inbox?state=redeemed"
    response = b.post(
        f"/inbox/coupons/{world.codes['T3']}/outcome",
        {"outcome": "treatment_started", "back": back},
        htmx=True,
    )
    assert response.status_code == 200, response.text
    assert "<html" not in response.text
    assert response.text.strip().startswith('<li id="inbox-coupon-')
    assert f'data-code="{world.codes["T3"]}"' in response.text
    assert "needs-outcome" not in response.text.split(">")[0]
    assert "Начато лечение" in response.text
    assert count_of(response.text, "redeemed_without_outcome") == 1
    assert 'hx-swap-oob="true"' in response.text
    assert outcome_of(session, world.codes["T3"]) == "treatment_started"
    # The one still without an outcome comes first, then the newest redemptions (T4 after T3).
    assert names(world, b.get(back).text) == ["R2", "T4", "T3"]


def test_record_outcome_without_javascript(browser, world, session):
    b = browser("partner_hospital")
    back = f"/inbox?state=redeemed&fair_id={world.fairs['recent']}"
    response = b.post(
        f"/inbox/coupons/{world.codes['R2'].lower()}/outcome", {"outcome": "service_provided", "back": back}
    )
    assert response.status_code == 303
    assert response.headers["location"] == back
    page = b.get(back)
    assert "note-ok" in page.text
    assert "Услуга оказана" in page.text
    assert outcome_of(session, world.codes["R2"]) == "service_provided"
    # Only an inbox address of this site is a place to go back to.
    elsewhere = b.post(
        f"/inbox/coupons/{world.codes['T3']}/outcome",
        {"outcome": "service_provided", "back": "//evil.example/inbox"},
    )
    assert elsewhere.headers["location"] == "/inbox"


def test_refusals(browser, world, session, client):
    b = browser("partner_hospital")
    # Without the CSRF token nothing is recorded.
    no_csrf = client.post(
        f"/inbox/coupons/{world.codes['T3']}/outcome",
        data={"outcome": "service_provided"},
        follow_redirects=False,
    )
    assert no_csrf.status_code == 403
    assert outcome_of(session, world.codes["T3"]) is None
    # Not redeemed yet: the row stays, the refusal shows above the list.
    refused = b.post(
        f"/inbox/coupons/{world.codes['T1']}/outcome", {"outcome": "service_provided"}, htmx=True
    )
    assert refused.status_code == 409
    assert refused.headers["hx-reswap"] == "none"
    assert 'id="inbox-messages"' in refused.text and "note-error" in refused.text
    plain = b.post(f"/inbox/coupons/{world.codes['T1']}/outcome", {"outcome": "nonsense", "back": "/inbox"})
    assert plain.status_code == 303
    assert "note-error" in b.get("/inbox").text
    # Another organisation's coupon.
    other = browser("partner_employment")
    resp = other.post(
        f"/inbox/coupons/{world.codes['T3']}/outcome", {"outcome": "service_provided"}, htmx=True
    )
    assert resp.status_code == 403
    assert outcome_of(session, world.codes["T3"]) is None


@pytest.mark.parametrize("username", ["committee", "admin"])
def test_committee_and_admin_get_403(browser, username):
    b = browser(username)
    assert b.get("/inbox").status_code == 403
    assert b.post("/inbox/coupons/K7QM2XHD9/outcome", {"outcome": "employed"}).status_code == 403


def test_organiser_picks_an_organisation_of_the_district(browser, world, orgs):
    b = browser("organiser")
    picker = b.get("/inbox")
    assert picker.status_code == 200
    assert 'data-empty="organisation"' in picker.text
    assert f'<option value="{orgs["hospital"]}"' in picker.text
    assert "Слуцк" not in picker.text
    page = b.get(f"/inbox?organisation_id={orgs['hospital']}&state=redeemed")
    assert names(world, page.text) == ["T3", "R2", "T4"]
    assert f'name="organisation_id" value="{orgs["hospital"]}"' in page.text
    assert f"organisation_id={orgs['hospital']}" in page.text.split('id="inbox-tabs"')[1].split("</nav>")[0]
    other = browser("organiser_b")
    assert other.get(f"/inbox?organisation_id={orgs['hospital']}").status_code == 404
    own = other.get(f"/inbox?organisation_id={world.org_b}")
    assert names(world, own.text) == ["B1"]


def test_english_labels(browser, world):
    b = browser("partner_hospital")
    page = b.get("/inbox?lang=en").text
    for label in (
        "Inbox",
        "Expected",
        "Redeemed",
        "Expired unused",
        "All fairs",
        "All directions",
        "10 days left",
    ):
        assert label in page, label
    redeemed = b.get("/inbox?state=redeemed&lang=en").text
    assert "outcome missing: 2" in redeemed
    assert "What came of the referral?" in redeemed
    assert "Service provided" in redeemed
    # A filter no coupon of the world matches (codes are random: one once began with ZZZZ).
    nothing = next(f for f in ("ZZZZ", "YYYY", "XXXX") if not any(f in c for c in world.codes.values()))
    assert "Nothing matches the filter." in b.get(f"/inbox?state=expired&code={nothing}&lang=en").text
    empty = browser("partner_employment").get("/inbox?state=expired&lang=en").text
    assert "No coupons expired unused." in empty


def test_outcomes_that_take_a_reason_lead_to_the_coupon_page(browser, world):
    """«Not eligible» (like «not hired») needs a reason, an employer and a profession, which the inbox's
    one-click buttons cannot ask for: it is a link to the coupon's page, where the form asks for them."""
    page = browser("partner_hospital").get("/inbox?state=redeemed").text
    assert 'value="not_eligible"' not in page and 'value="not_hired"' not in page
    links = re.findall(
        r'<a href="(/c/[^"]+)" class="btn btn-outcome btn-outcome-reason[^"]*"[^>]*>([^<]+)</a>', page
    )
    assert links and all(text.endswith("…") for _href, text in links)
    assert 'value="treatment_started"' in page  # the others are still one click
