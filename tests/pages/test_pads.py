"""Pads of blank coupons on the pages: print a pad, bind a blank at the booth or from a stub, void."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import text

from fairs.services.coupons.codes import format_short_code
from tests.api import helpers as h

FULL_NAME = "Блинова Зоя Петровна"
PHONE = "+375 29 555-77-11"


@pytest.fixture
def fair_day(client, auth, orgs):  # noqa: ANN001, ANN201
    """An open fair today with the employment centre's booth and a client with personal fields."""
    org = auth("organiser")
    fair = h.make_open_fair(client, org)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    person = h.register(client, org, full_name=FULL_NAME, phone=PHONE)
    return {"fair": fair, "booth": booth, "client": person, "orgs": orgs}


def _make_pad(b, fair: dict, booth: dict, count: int) -> str:  # noqa: ANN001
    """Create a pad through the form; returns the address of its sheet."""
    made = b.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": str(count)})
    assert made.status_code == 303, made.text
    assert re.fullmatch(r"/pads/\d+", made.headers["location"])
    return made.headers["location"]


def _codes_on(html: str) -> list[str]:
    return re.findall(r'<dd class="short-code">([0-9A-Z-]+)</dd>', html)


def test_print_a_pad_four_to_a_sheet_without_personal_data(browser, fair_day) -> None:
    b = browser("organiser")
    fair, booth = fair_day["fair"], fair_day["booth"]
    form = b.get(f"/fairs/{fair['id']}/booths/{booth['id']}/pad")
    assert form.status_code == 200 and 'name="count"' in form.text and 'value="20"' in form.text
    sheet_url = _make_pad(b, fair, booth, 6)
    sheet = b.get(sheet_url)
    assert sheet.status_code == 200
    assert sheet.text.count("<svg") == 6
    pages = sheet.text.split('<div class="sheet sheet-a4">')[1:]
    assert [page.count('<article class="coupon coupon-blank"') for page in pages] == [4, 2]
    shown = _codes_on(sheet.text)
    assert len(shown) == len(set(shown)) == 6
    # Blank lines to write on, the booth's organisation; never a client's code, name or phone.
    assert sheet.text.count('<dl class="blank-lines">') == 6
    for secret in (FULL_NAME, PHONE, fair_day["client"]["code"]):
        assert secret not in sheet.text
    # The form lists the pad; the sheet is printable again from there.
    assert f'href="{sheet_url}"' in b.get(f"/fairs/{fair['id']}/booths/{booth['id']}/pad").text


def test_htmx_pad_form_redirects_with_hx_redirect(browser, fair_day) -> None:
    b = browser("organiser")
    fair, booth = fair_day["fair"], fair_day["booth"]
    made = b.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "1"}, htmx=True)
    assert made.status_code == 204 and re.fullmatch(r"/pads/\d+", made.headers["HX-Redirect"])


def test_a_wrong_count_shows_the_form_again(browser, fair_day, session) -> None:
    b = browser("organiser")
    fair, booth = fair_day["fair"], fair_day["booth"]
    refused = b.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "500"})
    assert refused.status_code == 400 and 'value="500"' in refused.text and "note-error" in refused.text
    assert h.count(session, "coupon") == 0


def test_fair_day_links_to_pads_and_binding(browser, fair_day) -> None:
    fair, booth = fair_day["fair"], fair_day["booth"]
    organiser = browser("organiser").get(f"/fairs/{fair['id']}").text
    assert f'href="/fairs/{fair["id"]}/booths/{booth["id"]}/pad"' in organiser
    assert f'href="/booths/{booth["id"]}/bind"' in organiser
    partner = browser("partner_employment").get(f"/fairs/{fair['id']}").text
    assert f'href="/booths/{booth["id"]}/bind"' in partner
    assert '/pad"' not in partner


def test_partners_and_the_committee_are_refused_pads(browser, fair_day) -> None:
    fair, booth = fair_day["fair"], fair_day["booth"]
    sheet_url = _make_pad(browser("organiser"), fair, booth, 1)
    for username in ("partner_employment", "committee"):
        b = browser(username)
        assert b.get(f"/fairs/{fair['id']}/booths/{booth['id']}/pad").status_code == 403
        assert b.post(f"/fairs/{fair['id']}/booths/{booth['id']}/pad", {"count": "2"}).status_code == 403
        assert b.get(sheet_url).status_code == 403
        assert b.get(f"/fairs/{fair['id']}/pads/void").status_code == 403
        assert b.post(f"/fairs/{fair['id']}/pads/void").status_code == 403
    assert browser("committee").get(f"/booths/{booth['id']}/bind").status_code == 403


def test_bind_at_the_booth_then_the_receiver_redeems(browser, client, auth, fair_day) -> None:
    fair, booth, orgs = fair_day["fair"], fair_day["booth"], fair_day["orgs"]
    organiser = browser("organiser")
    code = _codes_on(organiser.get(_make_pad(organiser, fair, booth, 2)).text)[0]
    b = browser("partner_employment")
    form = b.get(f"/booths/{booth['id']}/bind", params={"code": code})
    assert form.status_code == 200 and f'value="{code}"' in form.text
    # Not filled in yet: its booth's staff are told so; for the hospital's staff it is an unknown code.
    own = b.get(f"/coupons/{code.replace('-', '')}")
    assert own.status_code == 409 and 'data-verdict="blank_coupon"' in own.text
    hospital = browser("partner_hospital").get(f"/coupons/{code.replace('-', '')}")
    assert hospital.status_code == 404 and 'data-verdict="unknown_code"' in hospital.text
    b = browser("partner_employment")
    target = {"code": code.lower(), "client_code": fair_day["client"]["code"]}
    # The employment centre does not receive HIV testing: refused like issuing, the form keeps what was typed.
    wrong = b.post(f"/booths/{booth['id']}/bind", {**target, "target": f"{orgs['employment']}:hiv_testing"})
    assert wrong.status_code == 400 and "note-error" in wrong.text and f'value="{code.lower()}"' in wrong.text
    bound = b.post(f"/booths/{booth['id']}/bind", {**target, "target": f"{orgs['hospital']}:hiv_testing"})
    assert bound.status_code == 200 and "note-ok" in bound.text and code in bound.text
    again = b.post(f"/booths/{booth['id']}/bind", {**target, "target": f"{orgs['hospital']}:hiv_testing"})
    assert again.status_code == 409
    stored = h.expect(client.get(f"{h.API}/coupons/{code}", headers=auth("partner_hospital")), 200)
    assert stored["status"] == "issued" and stored["client_code"] == fair_day["client"]["code"]
    h.expect(h.redeem(client, auth("partner_hospital"), code), 200)


def test_bind_from_a_stub_after_the_fair_and_void_the_rest(browser, client, auth, orgs, session) -> None:
    org = auth("organiser")
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=6))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    person = h.register(client, org)
    b = browser("organiser")
    codes = _codes_on(b.get(_make_pad(b, fair, booth, 3)).text)
    h.close_fair(client, org, fair=fair)
    assert browser("partner_employment").get(f"/booths/{booth['id']}/bind").status_code == 200
    b = browser("organiser")
    form = b.get(f"/booths/{booth['id']}/bind")
    assert 'name="issued_on"' in form.text
    stub_day = h.today() - dt.timedelta(days=4)
    bound = b.post(
        f"/booths/{booth['id']}/bind",
        {
            "code": codes[0],
            "client_code": person["code"],
            "target": f"{orgs['hospital']}:hiv_testing",
            "issued_on": stub_day.isoformat(),
        },
    )
    assert bound.status_code == 200 and "badge-back" in bound.text
    stored = h.expect(client.get(f"{h.API}/coupons/{codes[0]}", headers=org), 200)
    assert stored["issued_on"] == stub_day.isoformat() and stored["back_entered"]
    confirm = b.get(f"/fairs/{fair['id']}/pads/void")
    assert confirm.status_code == 200 and f'action="/fairs/{fair["id"]}/pads/void"' in confirm.text
    assert "2" in re.sub(r"<[^>]+>", " ", confirm.text.split("<h1>", 1)[1])
    done = b.post(f"/fairs/{fair['id']}/pads/void")
    assert done.status_code == 303 and done.headers["location"] == f"/fairs/{fair['id']}"
    assert h.count(session, "coupon", status="cancelled", cancel_reason="unused blank") == 2
    voided = browser("partner_employment").get(f"/coupons/{codes[1]}")
    assert voided.status_code == 410
    assert browser("partner_hospital").get(f"/coupons/{codes[1]}").status_code == 404
    assert format_short_code(codes[1].replace("-", "")) == codes[1]


def test_voiding_waits_for_the_end_of_the_fair(browser, fair_day, session) -> None:
    fair, booth = fair_day["fair"], fair_day["booth"]
    b = browser("organiser")
    _make_pad(b, fair, booth, 2)
    confirm = b.get(f"/fairs/{fair['id']}/pads/void")
    assert confirm.status_code == 200 and 'action="/fairs/' not in confirm.text
    refused = b.post(f"/fairs/{fair['id']}/pads/void")
    assert refused.status_code == 409
    assert h.count(session, "coupon", status="blank") == 2


def test_the_inbox_page_shows_no_blank(browser, fair_day) -> None:
    fair, booth = fair_day["fair"], fair_day["booth"]
    b = browser("organiser")
    codes = _codes_on(b.get(_make_pad(b, fair, booth, 2)).text)
    partner = browser("partner_hospital")
    inbox = partner.get("/inbox", htmx=True).text + partner.get("/inbox").text
    assert "<" in inbox
    for code in codes:
        assert code not in inbox and code.replace("-", "") not in inbox


def test_a_blank_is_bound_only_at_its_own_booth_by_whoever_binds_it(browser, client, auth, fair_day, session):
    """At another booth's binding page the blank is refused in words and stays blank; at its own booth it is
    issued, recorded as issued by the person who bound it."""
    fair, booth, orgs = fair_day["fair"], fair_day["booth"], fair_day["orgs"]
    organiser = browser("organiser")
    code = _codes_on(organiser.get(_make_pad(organiser, fair, booth, 1)).text)[0]
    other = h.add_booth(client, auth("organiser"), fair=fair, org=orgs["hospital"])
    form = {
        "code": code,
        "client_code": fair_day["client"]["code"],
        "target": f"{orgs['hospital']}:hiv_testing",
    }
    organiser.get(f"/booths/{other['id']}/bind")
    elsewhere = organiser.post(f"/booths/{other['id']}/bind", form)
    assert elsewhere.status_code == 400 and "Этот бланк из пачки другого стенда." in elsewhere.text
    assert h.count(session, "coupon", code=code.replace("-", ""), status="blank") == 1
    b = browser("partner_employment")  # the test client's session is now the partner's
    bound = b.post(f"/booths/{booth['id']}/bind", form)
    assert bound.status_code == 200 and "note-ok" in bound.text
    row = session.execute(
        text(
            'SELECT c.status, c.issued_by_id, u.username FROM coupon c JOIN "user" u ON u.id = c.issued_by_id'
            " WHERE c.code = :code"
        ),
        {"code": code.replace("-", "")},
    ).one()
    assert (row.status, row.username) == ("issued", "partner_employment")
