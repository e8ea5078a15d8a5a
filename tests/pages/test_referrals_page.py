"""/referrals: the partner's outgoing referrals page («Выданные нами»): its coupons, whether and when used,
never the outcome or who redeemed; tabs by state, a period, the empty state; organisers pick an
organisation of their district."""

from __future__ import annotations

from tests.api import helpers as h
from tests.pages.test_receiver_side_page import OUTCOME_NAMES


def test_the_partner_reads_its_outgoing_referrals(browser, client, auth, api_coupon, orgs) -> None:
    b = browser("partner_hospital")
    empty = b.get("/referrals")
    assert empty.status_code == 200 and 'data-empty="none"' in empty.text
    assert "Выданные нами" in empty.text  # the navigation's entry

    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    waiting = api_coupon(booth="employment", to="employer", direction="employment_referral")
    hospital = auth("partner_hospital")
    h.expect(client.post(f"{h.API}/coupons/{coupon['code']}/redeem", headers=hospital), 200)
    h.expect(h.set_outcome(client, hospital, coupon["code"], outcome="treatment_started"), 200)

    b.login("partner_employment")
    page = b.get("/referrals")
    assert page.status_code == 200
    assert page.text.index(f'data-code="{waiting["code"]}"') < page.text.index(
        f'data-code="{coupon["code"]}"'
    )
    assert 'data-state="redeemed"' in page.text and 'data-state="waiting"' in page.text
    assert "Центральная районная больница" in page.text and "Тестирование на ВИЧ" in page.text
    assert h.today().strftime("%d.%m.%Y") in page.text
    for secret in (*OUTCOME_NAMES, "partner_hospital"):
        assert secret not in page.text, secret

    only = b.get("/referrals?state=redeemed", htmx=True)
    assert "<html" not in only.text and coupon["code"] in only.text and waiting["code"] not in only.text
    later = b.get(f"/referrals?from={h.today().replace(year=h.today().year + 1).isoformat()}")
    assert 'data-empty="filter"' in later.text and coupon["code"] not in later.text
    backwards = b.get(f"/referrals?from={h.today().isoformat()}&to=2000-01-01")
    assert (
        backwards.status_code == 400
        and "data-refusal" in backwards.text
        and 'value="2000-01-01"' in backwards.text
    )

    b.login("organiser")
    picker = b.get("/referrals")
    assert 'data-empty="organisation"' in picker.text and "Центр занятости" in picker.text
    chosen = b.get(f"/referrals?organisation_id={orgs['employment']}")
    assert coupon["code"] in chosen.text and waiting["code"] in chosen.text
