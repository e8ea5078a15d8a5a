"""A coupon between fairs through the pages: the organiser issues it from the client's page and gets its
print page, which names the day and «between fairs», not a fair; the client's page lists it; others get
no form and a refusal; the dashboard and the workbook's Сводка count it (figures worked out by hand)."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from freezegun import freeze_time

from tests.api import helpers as h
from tests.exports.conftest import summary_by_label

# Thursday 19 November 2026, 11:00 in Minsk: a working day.
NOW = dt.datetime(2026, 11, 19, 8, 0)
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}


def test_issue_between_fairs_from_the_client_page_print_and_count(
    client: TestClient,
    auth,
    orgs: dict[str, int],
    browser,  # noqa: ANN001
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(NOW, tick=True):
        person = h.register(client, auth("organiser"))
        organiser = browser("organiser")
        page = organiser.get(f"/clients/{person['id']}")
        assert page.status_code == 200
        assert f'action="/clients/{person["id"]}/coupons"' in page.text
        target = f"{orgs['employment']}:employment_counselling"
        assert f'value="{target}"' in page.text

        # A choice is required; the refusal comes back on the client's page.
        refused = organiser.post(f"/clients/{person['id']}/coupons", {"target": ""})
        assert refused.status_code == 303
        back = organiser.get(refused.headers["location"])
        assert 'data-error="target_required"' in back.text

        form = {"target": target, "idempotency_key": "between-form-1"}
        issued = organiser.post(f"/clients/{person['id']}/coupons", form)
        assert issued.status_code == 303, issued.text
        location = issued.headers["location"]
        # A double tap sends the form's key again: the first answer, and no second coupon.
        tapped_again = organiser.post(f"/clients/{person['id']}/coupons", form)
        assert (tapped_again.status_code, tapped_again.headers["location"]) == (303, location)
        code = re.fullmatch(r"/coupons/([0-9A-Z]+)/print", location).group(1)
        printed = organiser.get(location).text
        assert "Выдан 19.11.2026 между ярмарками услуг, кем: Центр занятости." in printed
        assert "на ярмарке услуг" not in printed
        assert f'href="/clients/{person["id"]}"' in printed
        listed = organiser.get(f"/clients/{person['id']}").text
        assert f"/coupons/{code}" in listed and "между ярмарками" in listed
        assert listed.count('href="/coupons/') == 1
        # The same coupon again is asked about first; confirmed, it is issued.
        again = organiser.post(f"/clients/{person['id']}/coupons", {"target": target})
        assert 'data-error="duplicate_coupon"' in organiser.get(again.headers["location"]).text
        confirmed = organiser.post(
            f"/clients/{person['id']}/coupons", {"target": target, "confirm_duplicate": "true"}
        )
        assert confirmed.headers["location"].endswith("/print")

        # The receiving partner redeems it from its own pages' API face as any coupon.
        h.expect(h.redeem(client, auth("partner_employment"), code), 200)

        # A partner gets no form and may not issue.
        partner = browser("partner_employment")
        inbox = partner.get("/inbox").text  # the confirmed second coupon waits in the partner's inbox
        assert "Выдан между ярмарками" in inbox
        refused = partner.post(f"/clients/{person['id']}/coupons", {"target": target}, htmx=True)
        assert refused.status_code == 403

        # By hand: two coupons between fairs (the confirmed duplicate too), one person, one redeemed; no fair.
        committee = browser("committee")
        report = committee.get("/reports", params=NOVEMBER).text
        shown = dict(
            re.findall(r'data-key="(coupons_between_fairs|persons_referred_between_fairs)">(\d+)<', report)
        )
        assert shown == {"coupons_between_fairs": "2", "persons_referred_between_fairs": "1"}
        assert "Выдано талонов между ярмарками" in report
        workbook = committee.get("/exports/committee.xlsx", params=NOVEMBER)
        assert workbook.status_code == 200, workbook.text[:300]
        summary = summary_by_label(workbook.content)
        assert summary["Выдано талонов между ярмарками"] == (2, 0, 2)
        assert summary["Перенаправлены между ярмарками (человек)"] == (1, 0, 1)
        assert summary["Проведено ярмарок"] == (0, 0, 0)
        assert summary["Выдано талонов"] == (2, 0, 2)
