"""Handover through the pages: the organiser hands a client over from the client's page (consent and a
confirmation required), the receiving organisers find it on their arriving list, read the history there
and acknowledge it; after the handover's period the history is no longer shown; the dashboard and the
workbook's Сводка count the person handed over (figures worked out by hand)."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import text
from sqlmodel import Session

from tests.api.handover_world import HANDOVER_DAY, NOVEMBER, build_person
from tests.exports.conftest import summary_by_label


def test_hand_over_from_the_client_page_arrive_acknowledge_and_count(
    client: TestClient,
    auth,
    orgs: dict[str, int],
    session: Session,
    browser,  # noqa: ANN001
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    world = build_person(client, session, auth, orgs)
    b = session.execute(text("SELECT id FROM district WHERE name = 'Слуцкий район'")).scalar_one()
    with freeze_time(HANDOVER_DAY, tick=True):
        organiser = browser("organiser")
        page = organiser.get(f"/clients/{world.client_id}").text
        assert f'action="/clients/{world.client_id}/handover"' in page
        # The other districts of the region are offered (B and C), never the organiser's own.
        offered = re.findall(r'<option value="(\d+)">([^<]+)</option>', page.split('id="handover"')[1])
        assert sorted(name for _id, name in offered) == ["Любанский район", "Слуцкий район"]

        url = f"/clients/{world.client_id}/handover"
        for form, code in (
            ({"to_district_id": b, "consent": "true"}, "confirmation_required"),
            ({"to_district_id": b, "confirm": "true"}, "handover_needs_consent"),
        ):
            refused = organiser.post(url, form)
            assert refused.status_code == 303
            assert f'data-error="{code}"' in organiser.get(refused.headers["location"]).text
        made = organiser.post(url, {"to_district_id": b, "consent": "true", "confirm": "true"})
        assert made.status_code == 303, made.text
        location = made.headers["location"]
        shown = organiser.get(location).text
        assert "Передан в район «Слуцкий район» 18.11.2026." in shown
        assert "остался действующим: ни одна организация принимающего района" in shown
        assert world.code in organiser.get("/handovers", params={"show": "outgoing"}).text
        assert "В район ещё не передавали клиентов." in organiser.get("/handovers").text

        receiving = browser("organiser_b")
        arriving = receiving.get("/handovers", params={"show": "arriving"}).text
        assert world.code in arriving and "Принять" in arriving
        fragment = receiving.get("/handovers", params={"show": "arriving"}, htmx=True)
        assert "<html" not in fragment.text and world.code in fragment.text
        assert "HX-Request" in fragment.headers["vary"]
        history = receiving.get(location).text
        assert "Передан из района «Солигорский район» 18.11.2026." in history
        assert history.count('data-kind="visit"') == 1 and history.count('data-kind="coupon"') == 3
        handover_id = int(location.rsplit("/", 1)[1])
        # The client's page in B (the row the handover made) links to the handover and so to the history.
        there = session.execute(
            text("SELECT to_client_id FROM handover WHERE id = :id"), {"id": handover_id}
        ).scalar_one()
        own_page = receiving.get(f"/clients/{there}").text
        assert (
            f'<a href="/handovers/{handover_id}">Передан из района «Солигорский район» 18.11.2026.'
            in own_page
        )
        accepted = receiving.post(f"/handovers/{handover_id}/accept", {})
        assert accepted.status_code == 303
        assert "принята" in receiving.get("/handovers", params={"show": "arriving"}).text

        # By hand: district A handed one person out, none in; B took one in.
        committee = browser("committee")
        report = committee.get("/reports", params=NOVEMBER).text
        figures = dict(re.findall(r'data-key="(handovers_in|handovers_out)">(\d+)<', report))
        assert figures == {"handovers_in": "0", "handovers_out": "1"}
        assert "Переданы в другие районы (человек)" in report
        summary = summary_by_label(committee.get("/exports/committee.xlsx", params=NOVEMBER).content)
        assert summary["Переданы в другие районы (человек)"] == (1, 0, 1)
        assert summary["Приняты из других районов (человек)"] == (0, 0, 0)
        # The cancelled coupon no longer counts at home: 2 of the 3 issued at A's fair.
        assert summary["Выдано талонов"] == (2, 0, 2)

    with freeze_time(dt.datetime(2027, 2, 17, 7, 0), tick=True):
        receiving = browser("organiser_b")
        after = receiving.get(location).text
        assert "Срок передачи истёк" in after and 'data-kind="visit"' not in after
