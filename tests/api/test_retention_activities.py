"""`fairs retention`, one kind of activity at a time, on both sides of the cut-off day.

`fairs retention --older-than 200d` takes the cut-off as today (in Minsk) minus 200 days: a client whose last
activity falls on the cut-off day is recent and keeps its personal fields; one whose last activity is the day
before is erased. Each case registers two clients long ago (so registration itself is not recent) and gives
each exactly one kind of activity: a visit, a consultation, a coupon issue, a redemption, a follow-up contact,
a note of the person's journey, a need added to their plan.

Where the app cannot record the activity alone it says so: a consultation and an issue at a fair also record
the client's visit to that fair, so those two cases would pass with visits alone (the visit case covers
visits; the redemption and follow-up cases use a coupon issued 30 days before the cut-off, so only the
activity under test is recent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from freezegun import freeze_time
from sqlalchemy import text
from typer.testing import CliRunner

from fairs.cli import app
from tests.api import helpers as h

runner = CliRunner()
AGE_DAYS = 200


def cutoff() -> dt.date:
    """Today in Minsk minus 200 days, worked out independently of the code under test."""
    return h.today() - dt.timedelta(days=AGE_DAYS)


def personal(session, client_id: int) -> tuple:  # noqa: ANN001
    """(full name, phone, erased at) of a client, read from the database."""
    row = session.execute(
        text("SELECT full_name, phone, personal_erased_at FROM client WHERE id = :id"), {"id": client_id}
    ).one()
    return tuple(row)


def old_client(client, org: dict, session, mother: str) -> dict:  # noqa: ANN001
    """A client with personal fields, registered (per the database) years ago."""
    person = h.register(client, org, mother=mother, full_name=f"Клиент {mother}", phone="+375 29 111-22-33")
    session.execute(
        text("UPDATE client SET created_at = :c WHERE id = :id"),
        {"c": dt.datetime(2019, 1, 1, 12, 0), "id": person["id"]},
    )
    return person


def closed_fair(client, org: dict, day: dt.date, orgs: dict[str, int]) -> tuple[dict, dict]:  # noqa: ANN001
    """A fair held on `day` (open, then closed: records are back-entered) with the employment booth."""
    fair = h.make_open_fair(client, org, day=day)
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    return fair, booth


def coupon_before(client, org: dict, orgs: dict[str, int], person: dict, fairs: dict) -> dict:  # noqa: ANN001
    """A coupon issued at a fair 30 days before the cut-off (shared by both clients of a case)."""
    if "old" not in fairs:
        fairs["old"] = closed_fair(client, org, cutoff() - dt.timedelta(days=30), orgs)
    _fair, booth = fairs["old"]
    direction = "employment_counselling"
    return h.issue(
        client, org, booth=booth, client_id=person["id"], org=orgs["employment"], direction=direction
    )


def visit(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    org = auth("organiser")
    fair, _booth = closed_fair(client, org, day, orgs)
    h.expect(h.visit(client, org, fair=fair, client_id=person["id"]), 201)


def consultation(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    """Recorded live at an open fair on `day` (noon in Minsk), so its time is that day."""
    with freeze_time(dt.datetime.combine(day, dt.time(9, 0)), tick=True):
        org = auth("organiser")
        fair = h.make_open_fair(client, org, day=day)
        booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
        resp = h.consult(client, org, booth=booth, client_id=person["id"], direction="employment_counselling")
        h.expect(resp, 201)
        h.close_fair(client, org, fair=fair)


def issue(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    org = auth("organiser")
    _fair, booth = closed_fair(client, org, day, orgs)
    coupon = h.issue(
        client,
        org,
        booth=booth,
        client_id=person["id"],
        org=orgs["employment"],
        direction="employment_referral",
    )
    assert coupon["issued_on"] == day.isoformat()


def redemption(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    org = auth("organiser")
    coupon = coupon_before(client, org, orgs, person, fairs)
    h.expect(h.redeem(client, org, coupon["code"], redeemed_on=day), 200)


def followup_contact(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    org = auth("organiser")
    coupon = coupon_before(client, org, orgs, person, fairs)
    url = f"{h.API}/coupons/{coupon['code']}/contacted"
    mark = h.expect(
        client.post(url, json={"contacted_on": day.isoformat(), "note": "звонили"}, headers=org), 201
    )
    assert mark["contacted_on"] == day.isoformat()


def journey_note(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    """A note of the person's journey (a curator's or an organiser's), dated `day`."""
    body = {"note": "встретились, обсудили жильё", "noted_on": day.isoformat()}
    url = f"{h.API}/clients/{person['id']}/notes"
    h.expect(client.post(url, json=body, headers=auth("organiser")), 201)


def plan_change(client, auth, orgs, person, day, fairs) -> None:  # noqa: ANN001
    """A need added to the person's plan on `day` (noon in Minsk)."""
    with freeze_time(dt.datetime.combine(day, dt.time(9, 0)), tick=True):
        url = f"{h.API}/clients/{person['id']}/plan"
        h.expect(client.post(url, json={"direction": "housing"}, headers=auth("organiser")), 201)


ACTIVITIES: dict[str, Callable] = {
    "visit": visit,
    "consultation": consultation,
    "issue": issue,
    "redemption": redemption,
    "followup_contact": followup_contact,
    "journey_note": journey_note,
    "plan_change": plan_change,
}


@pytest.mark.parametrize("activity", list(ACTIVITIES.values()), ids=list(ACTIVITIES))
def test_one_activity_on_the_cutoff_day_keeps_the_client(activity, client, auth, orgs, session) -> None:  # noqa: ANN001
    client.get("/api/v1/no-such-route")  # FastAPI reads route signatures before any frozen clock
    org = auth("organiser")
    on_cutoff = old_client(client, org, session, "Алла")
    day_before = old_client(client, org, session, "Бела")
    fairs: dict = {}
    activity(client, auth, orgs, on_cutoff, cutoff(), fairs)
    activity(client, auth, orgs, day_before, cutoff() - dt.timedelta(days=1), fairs)

    shown = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d"])
    assert shown.exit_code == 0, shown.output
    assert day_before["code"] in shown.output and on_cutoff["code"] not in shown.output, shown.output

    applied = runner.invoke(app, ["retention", "--older-than", f"{AGE_DAYS}d", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Erased the personal fields of 1 clients" in applied.output, applied.output
    assert personal(session, on_cutoff["id"]) == ("Клиент Алла", "+375 29 111-22-33", None)
    name, phone, erased_at = personal(session, day_before["id"])
    assert (name, phone) == (None, None) and erased_at is not None
