"""A curator acts for their own people through the pages: the between-fairs form on the person's journey
(for organisers too), the coupon's print page with the way back to the journey, nobody else's person or
coupon; the checks' due-list of their people only, a person's checks and recording one by form."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlmodel import Session

from tests.api import curation_world as cw
from tests.api import helpers as h
from tests.api.checks_world import history
from tests.pages.conftest import Browser

# Thursday 19 November 2026, 11:00 in Minsk: a working day; the 21st is a Saturday.
NOW = dt.datetime(2026, 11, 19, 8, 0)
SATURDAY = dt.datetime(2026, 11, 21, 8, 0)


def _due_rows(html: str) -> list[tuple[int, int]]:
    return [(int(c), int(m)) for c, m in re.findall(r'data-client="(\d+)" data-milestone="(\d+)"', html)]


def test_a_curator_issues_between_fairs_from_the_journey_and_prints_it(
    client: TestClient,
    session: Session,
    auth,  # noqa: ANN001
    orgs: dict[str, int],
    browser: Callable[[str], Browser],
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    with freeze_time(NOW, tick=True):
        org = auth("organiser")
        anna, vera, _mine_id, _mine, _theirs_id, theirs = cw.two_curators(client, session, org)
        vera_coupon = h.expect(h.issue_between(client, theirs, vera["id"], orgs["rehab"], "rehab"), 201)
        target = f"{orgs['employment']}:employment_counselling"

        organiser = browser("organiser")  # the organiser's journey page holds the form too
        assert (
            f'action="/clients/{anna["id"]}/coupons"' in organiser.get(f"/clients/{anna['id']}/journey").text
        )

        curator = browser("curator_one")
        journey = curator.get(f"/clients/{anna['id']}/journey").text
        assert f'action="/clients/{anna["id"]}/coupons"' in journey and f'value="{target}"' in journey
        issued = curator.post(
            f"/clients/{anna['id']}/coupons", {"target": target, "idempotency_key": "cur-1"}
        )
        assert issued.status_code == 303, issued.text
        code = re.fullmatch(r"/coupons/([0-9A-Z]+)/print", issued.headers["location"]).group(1)
        printed = curator.get(issued.headers["location"])
        assert printed.status_code == 200
        assert "Выдан 19.11.2026 между ярмарками услуг, кем: Центр занятости." in printed.text
        assert f'href="/clients/{anna["id"]}/journey"' in printed.text
        assert h.count(session, "coupon") == 2
        # A duplicate comes back on the journey, where the form is.
        again = curator.post(f"/clients/{anna['id']}/coupons", {"target": target})
        assert again.headers["location"] == f"/clients/{anna['id']}/journey#between"
        assert 'data-error="duplicate_coupon"' in curator.get(again.headers["location"]).text

        # Another curator's person and their coupon: as if there were none.
        assert curator.post(f"/clients/{vera['id']}/coupons", {"target": target}).status_code == 404
        assert curator.get(f"/coupons/{vera_coupon['code']}/print").status_code == 404
        assert curator.get(f"/coupons/{vera_coupon['token']}/print").status_code == 404
        assert curator.get(f"/coupons/{code}").status_code == 403  # the coupon screen stays staff's
        assert curator.get(f"/clients/{anna['id']}").status_code == 403
        assert h.count(session, "coupon") == 2
    with freeze_time(SATURDAY, tick=True):
        curator = browser("curator_one")
        refused = curator.post(
            f"/clients/{anna['id']}/coupons", {"target": target, "confirm_duplicate": "true"}
        )
        assert refused.headers["location"] == f"/clients/{anna['id']}/journey#between"
        assert 'data-error="not_working_day"' in curator.get(refused.headers["location"]).text
    assert h.count(session, "coupon") == 2


@pytest.fixture
def hdr(auth) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Bearer headers of the two districts' organisers, who make the history through the API."""
    return {username: auth(username) for username in ("organiser", "organiser_b")}


def test_a_curators_due_list_and_recording_a_check_by_form(
    client: TestClient, session: Session, hdr, browser: Callable[[str], Browser]
) -> None:
    p = history(client, hdr)  # P1 first came 13 months ago, P2 20; both of district A
    mine_id, _mine = cw.curator(client, session, username="curator_one")
    theirs_id, _theirs = cw.curator(client, session, username="curator_two")
    cw.assign(client, hdr["organiser"], client_id=p["P1"], curator_id=mine_id)
    cw.assign(client, hdr["organiser"], client_id=p["P2"], curator_id=theirs_id)

    curator = browser("curator_one")
    assert 'href="/checks"' in curator.get("/curator").text  # in the curator's menu
    assert _due_rows(curator.get("/checks").text) == [(p["P1"], 6), (p["P1"], 12)]
    assert f'href="/checks/{p["P1"]}"' in curator.get(f"/clients/{p['P1']}/journey").text
    person = curator.get(f"/checks/{p['P1']}")
    assert person.status_code == 200 and person.text.count(f'action="/checks/{p["P1"]}/') == 2
    answer = curator.post(
        f"/checks/{p['P1']}/12", {"checked_on": h.today().isoformat(), "findings": "housed"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/checks/{p['P1']}#check-12"
    shown = curator.get(f"/checks/{p['P1']}").text
    twelve = shown[shown.index('id="check-12"') :]
    assert 'data-recorded="yes"' in twelve and 'data-finding="housed"' in twelve
    assert _due_rows(curator.get("/checks").text) == [(p["P1"], 6)]

    # Another curator's person: 404 on the page and the form; nothing recorded.
    assert curator.get(f"/checks/{p['P2']}").status_code == 404
    refused = curator.post(
        f"/checks/{p['P2']}/12", {"checked_on": h.today().isoformat(), "findings": "housed"}
    )
    assert refused.status_code == 404
    assert h.count(session, "later_check") == 1

    organiser = browser("organiser")  # the organiser's list: everybody's, less the one recorded
    assert _due_rows(organiser.get("/checks").text) == [
        (p["P2"], 6),
        (p["P2"], 12),
        (p["P1"], 6),
        (p["P2"], 18),
    ]
