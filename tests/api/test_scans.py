"""The scan log: every look-up and redemption by staff is kept with what they were told, refusals included
(they survive the refusal's rollback); organisers read it per coupon and per organisation; failed scans per
reason are in the committee's report."""

from __future__ import annotations

import datetime as dt

from freezegun import freeze_time
from sqlalchemy import text

from tests.api import helpers as h

REASONS = ("unknown", "mistyped", "expired", "cancelled", "other_organisation", "already_redeemed")


def _coupon(client, hdr, scene, orgs, *, to: str = "employment") -> dict:
    booth = scene.employment_booth if to == "employment" else scene.hospital_booth
    direction = "employment_referral" if to == "employment" else "hiv_testing"
    return h.issue(
        client, hdr["organiser"], booth=booth, client_id=scene.client_id, org=orgs[to], direction=direction
    )


def _scans(session) -> list[dict]:
    rows = session.execute(
        text(
            "SELECT s.result, s.via, s.action, s.ref, s.coupon_id, s.district_id, s.organisation_id, "
            "u.username "
            'FROM scan s JOIN "user" u ON u.id = s.user_id ORDER BY s.id'
        )
    )
    return [dict(r._mapping) for r in rows]


def _made_up_code() -> str:
    return "K7QM2XHD" + h.luhn32_check("K7QM2XHD")


def _mistyped_code() -> str:
    good = h.luhn32_check("K7QM2XHD")
    return "K7QM2XHD" + next(ch for ch in h.CROCKFORD if ch != good)


def test_every_result_is_logged_and_refusals_survive(client, hdr, scene, orgs, session, auth):
    partner = hdr["partner_employment"]
    own = _coupon(client, hdr, scene, orgs)
    hospitals = _coupon(client, hdr, scene, orgs, to="hospital")
    cancelled = _coupon(client, hdr, scene, orgs)
    h.expect(h.cancel(client, hdr["organiser"], cancelled["code"]), 200)
    later = _coupon(client, hdr, scene, orgs)

    h.expect(client.get(f"{h.API}/coupons/{own['code']}", headers=partner), 200)  # ok
    h.expect(h.redeem(client, partner, own["token"]), 200)  # redeemed
    h.expect(h.redeem(client, partner, own["code"]), 409, "already_redeemed")
    h.expect(h.redeem(client, partner, _made_up_code()), 404, "unknown_code")
    h.expect(client.get(f"{h.API}/coupons/{_mistyped_code()}", headers=partner), 400, "mistyped_code")
    h.expect(h.redeem(client, partner, cancelled["code"]), 410, "cancelled")
    h.expect(h.redeem(client, partner, hospitals["code"]), 404, "unknown_code")  # logged as another's
    h.expect(h.redeem(client, partner, hospitals["token"]), 403, "other_organisation")
    expires_on = dt.date.fromisoformat(later["expires_on"])
    with freeze_time(dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(9, 0)), tick=True):
        h.expect(h.redeem(client, auth("partner_employment"), later["code"]), 410, "expired")

    scans = _scans(session)
    assert [s["result"] for s in scans] == [
        "ok",
        "redeemed",
        "already_redeemed",
        "unknown",
        "mistyped",
        "cancelled",
        "other_organisation",
        "other_organisation",
        "expired",
    ]
    assert {s["username"] for s in scans} == {"partner_employment"}
    assert {s["organisation_id"] for s in scans} == {orgs["employment"]}
    assert [s["action"] for s in scans[:3]] == ["lookup", "redeem", "redeem"]
    assert [s["via"] for s in scans[:3]] == ["code", "token", "code"]
    by = {i: s for i, s in enumerate(scans)}
    assert by[0]["coupon_id"] == by[1]["coupon_id"] == by[2]["coupon_id"] == own["id"]
    assert by[3]["coupon_id"] is None and by[3]["ref"] == _made_up_code()
    # A mistyped code could be anything typed (a name, even): it is not kept.
    assert by[4]["coupon_id"] is None and by[4]["ref"] == ""
    assert by[6]["coupon_id"] == by[7]["coupon_id"] == hospitals["id"]
    assert by[7]["ref"] == ""  # tokens are never copied into the log
    assert by[8]["coupon_id"] == later["id"]
    # The redemption and its scan row are one transaction; refusals wrote nothing else.
    assert h.count(session, "audit_entry", action="redeem") == 1
    assert h.count(session, "coupon", status="redeemed") == 1


def test_page_scans_are_logged_once(client, hdr, scene, orgs, session):
    from tests.pages.conftest import Browser

    coupon = _coupon(client, hdr, scene, orgs)
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("partner_employment")
    assert b.get(f"/c/{coupon['token']}").status_code == 200
    done = b.post(f"/coupons/{coupon['code']}/redeem")
    assert done.status_code == 303
    # The screen shown after the redemption is its news, not another scan.
    assert 'data-verdict="redeemed_now"' in b.get(done.headers["location"]).text
    again = b.post(f"/coupons/{coupon['code']}/redeem")
    assert 'data-verdict="already_redeemed"' in b.get(again.headers["location"]).text
    assert b.get("/coupons/" + _made_up_code()).status_code == 404
    assert [s["result"] for s in _scans(session)] == ["ok", "redeemed", "already_redeemed", "unknown"]


def test_organisers_read_the_log_per_coupon_and_per_organisation(client, hdr, scene, orgs, session):
    partner = hdr["partner_employment"]
    coupon = _coupon(client, hdr, scene, orgs)
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    h.expect(h.redeem(client, partner, coupon["code"]), 409)
    h.expect(h.redeem(client, partner, _made_up_code()), 404)
    h.expect(h.redeem(client, hdr["partner_hospital"], coupon["code"]), 404)

    org = hdr["organiser"]
    per_coupon = h.expect(client.get(f"{h.API}/coupons/{coupon['code']}/scans", headers=org), 200)
    assert per_coupon["total"] == 3
    assert [s["result"] for s in per_coupon["items"]] == [
        "other_organisation",
        "already_redeemed",
        "redeemed",
    ]
    assert per_coupon["items"][2]["user"] == "partner_employment"
    assert per_coupon["items"][2]["coupon_code"] == coupon["code"]

    url = f"{h.API}/organisations/{orgs['employment']}/scans"
    everything = h.expect(client.get(url, headers=org), 200)
    assert [s["result"] for s in everything["items"]] == ["unknown", "already_redeemed", "redeemed"]
    failed = h.expect(client.get(url, params={"result": "unknown", "per_page": 1}, headers=org), 200)
    assert failed["total"] == 1 and failed["items"][0]["ref"] == _made_up_code()
    h.expect(client.get(url, params={"result": "nonsense"}, headers=org), 400, "unknown_result")
    # Another district's organiser does not find the organisation; partners and the committee are refused.
    h.expect(client.get(url, headers=hdr["organiser_b"]), 404, "organisation_not_found")
    for who in ("partner_employment", "partner_hospital", "committee", "admin"):
        h.expect(client.get(url, headers=hdr[who]), 403)
        h.expect(client.get(f"{h.API}/coupons/{coupon['code']}/scans", headers=hdr[who]), 403)


def test_scan_pages_for_organisers_only(client, hdr, scene, orgs, session):
    from tests.pages.conftest import Browser

    coupon = _coupon(client, hdr, scene, orgs)
    h.expect(h.redeem(client, hdr["partner_employment"], coupon["code"]), 200)
    h.expect(h.redeem(client, hdr["partner_employment"], _made_up_code()), 404)
    client.base_url = "https://testserver"
    b = Browser(client)
    b.login("organiser")
    page = b.get(f"/organisations/{orgs['employment']}/scans")
    assert page.status_code == 200
    assert page.text.count('data-result="') == 2
    only = b.get(f"/organisations/{orgs['employment']}/scans", params={"result": "unknown"}, htmx=True)
    assert only.status_code == 200 and 'id="scan-list"' in only.text and "<html" not in only.text
    assert only.text.count('data-result="unknown"') == 1 and 'data-result="redeemed"' not in only.text
    screen = b.get(f"/coupons/{coupon['code']}").text
    assert 'id="scan-log"' in screen and 'data-result="redeemed"' in screen
    for who in ("partner_employment", "committee"):
        b.login(who)
        assert b.get(f"/organisations/{orgs['employment']}/scans").status_code == 403
    b.login("partner_employment")
    assert 'id="scan-log"' not in b.get(f"/coupons/{coupon['code']}").text


def _report(client, headers, day: dt.date, **params) -> dict:
    query = {"from": day.isoformat(), "to": day.isoformat(), **params}
    return h.expect(client.get(f"{h.API}/reports/committee", params=query, headers=headers), 200)


def test_failed_scans_in_the_report_by_scan_day_and_district(client, hdr, scene, orgs, session, auth):
    partner = hdr["partner_employment"]
    coupon = _coupon(client, hdr, scene, orgs)
    hospitals = _coupon(client, hdr, scene, orgs, to="hospital")
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    h.expect(h.redeem(client, partner, coupon["code"]), 409)
    h.expect(h.redeem(client, partner, coupon["token"]), 409)
    h.expect(h.redeem(client, partner, _made_up_code()), 404)  # no coupon: the partner's district
    h.expect(h.redeem(client, partner, _mistyped_code()), 400)
    h.expect(h.redeem(client, partner, hospitals["code"]), 404)
    # District B's organiser mistypes and scans a made-up code: district B's, not A's.
    h.expect(h.redeem(client, hdr["organiser_b"], _mistyped_code()), 400)
    h.expect(h.redeem(client, hdr["organiser_b"], coupon["code"]), 404)

    today = h.today()
    zeros = dict.fromkeys(REASONS, 0)
    a = _report(client, hdr["organiser"], today)["failed_scans"]
    assert a == {**zeros, "already_redeemed": 2, "unknown": 1, "mistyped": 1, "other_organisation": 1}
    assert list(a) == list(REASONS)
    b = _report(client, hdr["organiser_b"], today)["failed_scans"]
    assert b == {**zeros, "mistyped": 1, "unknown": 1}
    assert _report(client, hdr["committee"], today)["failed_scans"] == a
    region = hdr["committee_region"]
    both = _report(client, region, today)["failed_scans"]
    assert both == {key: a[key] + b[key] for key in REASONS}
    district_b = session.execute(
        text("SELECT district_id FROM \"user\" WHERE username = 'organiser_b'")
    ).scalar_one()
    assert _report(client, region, today, district=district_b)["failed_scans"] == b
    # Counted by the day of the scan: the day before has none.
    assert _report(client, hdr["organiser"], today - dt.timedelta(days=1))["failed_scans"] == zeros
    # A scan on a later day counts on that day, whatever the fair's date.
    with freeze_time(dt.datetime.combine(today + dt.timedelta(days=2), dt.time(9, 0)), tick=True):
        h.expect(h.redeem(client, auth("partner_employment"), coupon["code"]), 409)
        later = _report(client, auth("organiser"), today + dt.timedelta(days=2))["failed_scans"]
    assert later == {**zeros, "already_redeemed": 1}
    # The dashboard shows the same counts.
    from tests.pages.conftest import Browser

    client.base_url = "https://testserver"
    browser = Browser(client)
    browser.login("organiser")
    page = browser.get(
        "/reports", params={"kind": "custom", "from": today.isoformat(), "to": today.isoformat()}
    )
    assert page.status_code == 200 and 'data-table="failed_scans"' in page.text
    assert '<td class="num" data-key="already_redeemed">2</td>' in page.text
    # And the workbook's summary ends with the same table.
    from tests.exports.conftest import values, workbook

    summary = workbook(
        client.get(
            "/exports/committee.xlsx",
            params={"from": today.isoformat(), "to": today.isoformat(), "lang": "en"},
            headers=hdr["organiser"],
        )
    )["Summary"]
    rows = [row[:2] for row in values(summary)]
    start = rows.index(("Failed scans", "Scans"))
    labels = {
        "unknown": "unknown code",
        "mistyped": "mistyped code",
        "expired": "expired",
        "cancelled": "cancelled",
        "other_organisation": "another organisation's",
        "already_redeemed": "already redeemed",
    }
    assert rows[start + 1 : start + 1 + len(REASONS)] == [(labels[key], a[key]) for key in REASONS]
