"""Pads of blank coupons through the JSON API: print, bind (live and from the stubs), race, void, tallies."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from fairs import db
from fairs.config import get_settings
from fairs.errors import Forbidden
from fairs.models import AuditEntry, Coupon, Role, User
from fairs.services import accounts, coupons, report
from tests.api import helpers as h
from tests.api.test_race import _all_at_once, live_server  # noqa: F401  (fixture)
from tests.world import PASSWORD

REPORT = f"{h.API}/reports/committee"


def pad(client, headers: dict, *, fair: dict, booth: dict, count: int | None = 5):  # noqa: ANN001, ANN201
    body = {} if count is None else {"count": count}
    return client.post(f"{h.API}/fairs/{fair['id']}/booths/{booth['id']}/pads", json=body, headers=headers)


def bind(client, headers: dict, ref: str, *, client_id: int, org: int, direction: str, **extra):  # noqa: ANN001, ANN003, ANN201
    body = {"client_id": client_id, "organisation_id": org, "direction": direction, **extra}
    return client.post(f"{h.API}/coupons/{ref}/bind", json=body, headers=headers)


def void(client, headers: dict, fair: dict):  # noqa: ANN001, ANN201
    return client.post(f"{h.API}/fairs/{fair['id']}/pads/void", headers=headers)


def validity() -> dt.timedelta:
    return dt.timedelta(days=get_settings().coupon_validity_days)


def test_a_pad_is_n_blank_coupons_with_unique_codes_and_tokens(client, hdr, scene, session):
    body = h.expect(
        pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth, count=7), 201
    )
    assert body["count"] == 7 and body["booth_id"] == scene.employment_booth["id"]
    blanks = body["blanks"]
    assert len(blanks) == 7
    assert len({b["code"] for b in blanks}) == 7 and len({b["token"] for b in blanks}) == 7
    assert all(coupons.is_valid_short_code(b["code"]) for b in blanks)
    assert all(b["url"] == f"{h.BASE_URL}/c/{b['token']}" for b in blanks)
    assert h.count(session, "coupon", status="blank", pad_id=body["id"]) == 7
    stored = session.execute(
        text("SELECT client_id, organisation_id, direction_id, expires_on FROM coupon WHERE pad_id = :p"),
        {"p": body["id"]},
    ).all()
    assert {tuple(row) for row in stored} == {(None, None, None, None)}
    assert h.count(session, "pad", id=body["id"], count=7) == 1
    assert [(r["action"], r["entity_id"]) for r in h.audit_rows(session, entity="pad")] == [
        ("create", body["id"])
    ]
    # The default is twenty; outside 1..200 the request body is refused.
    assert (
        len(
            h.expect(
                pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth, count=None), 201
            )["blanks"]
        )
        == 20
    )
    for wrong in (0, 201):
        assert (
            pad(
                client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth, count=wrong
            ).status_code
            == 422
        )


def test_pads_are_the_organisers(client, hdr, scene, session):
    for username in ("partner_employment", "partner_hospital", "committee", "admin"):
        h.expect(pad(client, hdr[username], fair=scene.fair, booth=scene.employment_booth), 403)
        h.expect(void(client, hdr[username], scene.fair), 403)
    # Another district's organiser does not see the fair.
    h.expect(pad(client, hdr["organiser_b"], fair=scene.fair, booth=scene.employment_booth), 404)
    assert h.count(session, "pad") == 0


def test_no_pad_for_a_fair_that_is_over(client, hdr, orgs):
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=3))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.close_fair(client, org, fair=fair)
    h.expect(pad(client, org, fair=fair, booth=booth), 409, "fair_over")


def test_bind_issues_the_coupon_and_the_receiver_redeems_it(client, hdr, scene, orgs, session):
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    bound = h.expect(
        bind(
            client,
            hdr["partner_employment"],
            blank["code_display"].lower(),
            client_id=scene.client_id,
            org=orgs["hospital"],
            direction="hiv_testing",
        ),
        200,
    )
    assert bound["code"] == blank["code"] and bound["token"] == blank["token"]
    assert bound["status"] == "issued" and bound["client_code"] == scene.client_code
    assert bound["organisation_id"] == orgs["hospital"] and bound["direction"] == "hiv_testing"
    assert bound["issued_on"] == h.today().isoformat() and not bound["back_entered"]
    assert bound["expires_on"] == (h.today() + validity()).isoformat()
    assert h.count(session, "visit", fair_id=scene.fair["id"], client_id=scene.client_id) == 1
    assert [r["back_entered"] for r in h.audit_rows(session, action="bind")] == [False]
    redeemed = h.expect(h.redeem(client, hdr["partner_hospital"], blank["token"]), 200)
    assert redeemed["status"] == "redeemed"


def test_binding_follows_the_rules_of_issuing(client, hdr, scene, orgs):
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    partner = hdr["partner_employment"]
    # The employment centre does not receive HIV testing: the same answer as issuing such a coupon.
    wrong = {"client_id": scene.client_id, "org": orgs["employment"], "direction": "hiv_testing"}
    issued = h.issue_resp(client, partner, booth=scene.employment_booth, **wrong)
    refused = bind(client, partner, blank["code"], **wrong)
    assert (refused.status_code, refused.json()["code"]) == (issued.status_code, issued.json()["code"])
    assert refused.json()["code"] == "direction_not_received"
    assert refused.json()["detail"] == issued.json()["detail"]
    h.expect(
        bind(
            client, partner, blank["code"], client_id=999_999, org=orgs["hospital"], direction="hiv_testing"
        ),
        404,
        "client_not_found",
    )
    h.expect(
        bind(
            client, partner, blank["code"], client_id=scene.client_id, org=orgs["hospital"], direction="nope"
        ),
        400,
        "unknown_direction",
    )
    # Only at one's own booth: the hospital's staff cannot bind the employment centre's pad, whose code is
    # for them a code that does not exist (tests/api/test_foreign_codes.py).
    h.expect(
        bind(
            client,
            hdr["partner_hospital"],
            blank["code"],
            client_id=scene.client_id,
            org=orgs["hospital"],
            direction="hiv_testing",
        ),
        404,
        "unknown_code",
    )
    for username in ("committee", "admin"):
        h.expect(
            bind(
                client,
                hdr[username],
                blank["code"],
                client_id=scene.client_id,
                org=orgs["hospital"],
                direction="hiv_testing",
            ),
            403,
        )
    # Still blank after all the refusals; a mistyped code never reaches the database.
    h.expect(client.get(f"{h.API}/coupons/{blank['code']}", headers=partner), 409, "blank_coupon")
    mistyped = blank["code"][:-1] + ("0" if blank["code"][-1] != "0" else "1")
    h.expect(
        bind(
            client,
            partner,
            mistyped,
            client_id=scene.client_id,
            org=orgs["hospital"],
            direction="hiv_testing",
        ),
        400,
        "mistyped_code",
    )


def test_bind_twice_is_a_conflict(client, hdr, scene, orgs, session):
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    target = {"client_id": scene.client_id, "org": orgs["hospital"], "direction": "hiv_testing"}
    bound = h.expect(bind(client, hdr["partner_employment"], blank["code"], **target), 200)
    # Its audit row: who bound it, in which district, and what it became (the client by code only).
    row = session.exec(select(AuditEntry).where(AuditEntry.action == "bind")).one()
    partner = session.exec(select(User).where(User.username == "partner_employment")).one()
    coupon = session.exec(select(Coupon).where(Coupon.code == blank["code"])).one()
    assert (row.user_id, row.entity, row.entity_id, row.district_id) == (
        partner.id,
        "coupon",
        coupon.id,
        coupon.district_id,
    )
    assert row.details == {
        "code": blank["code"],
        "pad_id": coupon.pad_id,
        "direction": "hiv_testing",
        "organisation_id": orgs["hospital"],
        "client": scene.client_code,
        "issued_on": bound["issued_on"],
    }
    twice = h.expect(bind(client, hdr["organiser"], blank["token"], **target), 409, "already_bound")
    assert twice["detail"] == "Этот талон уже заполнен."
    ordinary = h.issue(client, hdr["organiser"], booth=scene.employment_booth, **target)
    h.expect(bind(client, hdr["organiser"], ordinary["code"], **target), 409, "already_bound")


def test_a_blank_is_not_filled_in_yet_for_a_partner(client, hdr, scene):
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    partner = hdr["partner_employment"]  # of the booth whose pad it is
    for ref in (blank["code"], blank["token"]):
        h.expect(client.get(f"{h.API}/coupons/{ref}", headers=partner), 409, "blank_coupon")
        h.expect(h.redeem(client, partner, ref), 409, "blank_coupon")
    # Another organisation's staff: by code as a code that does not exist, by token told where it belongs.
    other = hdr["partner_hospital"]
    h.expect(client.get(f"{h.API}/coupons/{blank['code']}", headers=other), 404, "unknown_code")
    foreign = h.expect(
        client.get(f"{h.API}/coupons/{blank['token']}", headers=other), 403, "other_organisation"
    )
    assert foreign["detail"] == "Талон выписан в другую организацию."
    h.expect(client.get(f"{h.API}/coupons/{blank['code']}", headers=hdr["organiser_b"]), 404, "unknown_code")
    listed = h.expect(client.get(f"{h.API}/coupons", headers=hdr["organiser"]), 200)
    assert listed["total"] == 0


def _closed_fair_with_pad(client, hdr, orgs, *, days_ago: int = 10) -> tuple[dict, dict, list[dict]]:  # noqa: ANN001
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=days_ago))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    blanks = h.expect(pad(client, org, fair=fair, booth=booth, count=4), 201)["blanks"]
    h.close_fair(client, org, fair=fair)
    return fair, booth, blanks


def test_binding_from_the_stubs_after_the_fair(client, hdr, orgs, session):
    fair, _booth, blanks = _closed_fair_with_pad(client, hdr, orgs)
    org = hdr["organiser"]
    person = h.register(client, org)["id"]
    target = {"client_id": person, "org": orgs["hospital"], "direction": "hiv_testing"}
    fair_day = dt.date.fromisoformat(fair["date"])
    h.expect(bind(client, hdr["partner_employment"], blanks[0]["code"], **target), 403, "fair_closed")
    for wrong in (fair_day - dt.timedelta(days=1), h.today() + dt.timedelta(days=1)):
        refused = h.expect(
            bind(client, org, blanks[0]["code"], issued_on=wrong.isoformat(), **target),
            400,
            "bind_date_out_of_range",
        )
        assert refused["detail"] == (
            f"Дата на корешке должна быть не раньше ярмарки ({fair_day:%d.%m.%Y}) "
            "и не позже сегодняшнего дня."
        )
    stub_day = fair_day + dt.timedelta(days=2)
    bound = h.expect(bind(client, org, blanks[0]["code"], issued_on=stub_day.isoformat(), **target), 200)
    assert bound["issued_on"] == stub_day.isoformat() and bound["back_entered"]
    assert bound["expires_on"] == (stub_day + validity()).isoformat()
    # Without a date the stub counts on the fair's day.
    plain = h.expect(bind(client, org, blanks[1]["code"], **target), 200)
    assert plain["issued_on"] == fair["date"] and plain["back_entered"]
    # Today is the last day a stub may carry.
    today = h.expect(bind(client, org, blanks[2]["code"], issued_on=h.today().isoformat(), **target), 200)
    assert today["issued_on"] == h.today().isoformat()
    assert [
        (r["action"], r["back_entered"]) for r in h.audit_rows(session, entity="coupon", action="bind")
    ] == [
        ("bind", True),
        ("bind", True),
        ("bind", True),
    ]
    assert h.count(session, "visit", fair_id=fair["id"], client_id=person, back_entered=True) == 1


def test_a_stub_date_only_after_the_fair(client, hdr, scene, orgs):
    blank = h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth), 201)[
        "blanks"
    ][0]
    target = {"client_id": scene.client_id, "org": orgs["hospital"], "direction": "hiv_testing"}
    yesterday = (h.today() - dt.timedelta(days=1)).isoformat()
    refused = h.expect(
        bind(client, hdr["organiser"], blank["code"], issued_on=yesterday, **target),
        400,
        "bind_date_not_allowed",
    )
    assert refused["detail"] == "Дату с корешка вводят только после ярмарки."
    h.expect(bind(client, hdr["organiser"], blank["code"], issued_on=h.today().isoformat(), **target), 200)


def test_void_the_unused_blanks_after_the_fair(client, hdr, orgs, session):
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=10))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    blanks = h.expect(pad(client, org, fair=fair, booth=booth, count=4), 201)["blanks"]
    refused = h.expect(void(client, org, fair), 409, "fair_not_over")
    assert refused["detail"] == "Неиспользованные бланки аннулируют только после ярмарки."
    person = h.register(client, org)["id"]
    target = {"client_id": person, "org": orgs["hospital"], "direction": "hiv_testing"}
    h.expect(bind(client, org, blanks[0]["code"], **target), 200)
    h.close_fair(client, org, fair=fair)
    assert h.expect(void(client, org, fair), 200) == {"voided": 3}
    assert h.count(session, "coupon", status="cancelled", cancel_reason="unused blank") == 3
    assert h.count(session, "coupon", status="issued") == 1
    rows = h.audit_rows(session, action="void_blanks")
    organiser = session.exec(select(User).where(User.username == "organiser")).one()
    assert [(r["entity"], r["entity_id"], r["user_id"]) for r in rows] == [("fair", fair["id"], organiser.id)]
    district = session.execute(text("SELECT district_id FROM audit_entry WHERE action = 'void_blanks'"))
    assert district.scalar_one() == organiser.district_id is not None
    details = session.execute(
        text("SELECT details FROM audit_entry WHERE action = 'void_blanks'")
    ).scalar_one()
    assert (details if isinstance(details, dict) else __import__("json").loads(details)) == {"count": 3}
    voided = h.expect(bind(client, org, blanks[1]["code"], **target), 410, "cancelled")
    assert (voided["detail"], voided["reason"]) == (
        "Этот бланк талона аннулирован после ярмарки.",
        "unused blank",
    )
    h.expect(
        client.get(f"{h.API}/coupons/{blanks[1]['code']}", headers=hdr["partner_employment"]),
        410,
        "cancelled",
    )
    # Another organisation's voided blank is, by code, a code that does not exist.
    h.expect(
        client.get(f"{h.API}/coupons/{blanks[1]['code']}", headers=hdr["partner_hospital"]),
        404,
        "unknown_code",
    )
    assert h.expect(void(client, org, fair), 200) == {"voided": 0}


def _report(client, headers: dict) -> dict:  # noqa: ANN001
    year = h.today().year
    return h.expect(
        client.get(REPORT, params={"from": f"{year - 1}-01-01", "to": f"{year}-12-31"}, headers=headers), 200
    )


def _inbox(client, headers: dict) -> dict:  # noqa: ANN001
    return {
        state: h.expect(client.get(f"{h.API}/inbox", params={"state": state}, headers=headers), 200)
        for state in ("expected", "redeemed", "expired")
    }


def test_blanks_bound_never_or_voided_are_in_no_tally_nor_inbox(client, hdr, orgs, session):
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=20))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    person = h.register(client, org)["id"]
    target = {"client_id": person, "org": orgs["hospital"], "direction": "hiv_testing"}
    h.issue(client, org, booth=booth, **target)
    followup = f"{h.API}/followup"
    before = (
        _report(client, org),
        _inbox(client, hdr["partner_hospital"]),
        client.get(followup, params={"days": 0}, headers=org).json(),
    )
    blanks = h.expect(pad(client, org, fair=fair, booth=booth, count=6), 201)["blanks"]
    with_blanks = (
        _report(client, org),
        _inbox(client, hdr["partner_hospital"]),
        client.get(followup, params={"days": 0}, headers=org).json(),
    )
    assert with_blanks == before
    assert before[0]["coupons_issued"] == 1 and before[1]["expected"]["counts"]["expected"] == 1
    h.close_fair(client, org, fair=fair)
    h.expect(void(client, org, fair), 200)
    after_void = (
        _report(client, org),
        _inbox(client, hdr["partner_hospital"]),
        client.get(followup, params={"days": 0}, headers=org).json(),
    )
    # Closing the fair changes only the fair's own row; every count is as before.
    assert after_void[1:] == before[1:]
    assert {k: v for k, v in after_void[0].items() if k != "fairs"} == {
        k: v for k, v in before[0].items() if k != "fairs"
    }
    # The register (rows and count) leaves blanks out too.

    scope = report.TallyScope(district_ids=(fair_district(session, fair),), title="")
    period = report.parse_range(f"{h.today().year - 1}-01-01", f"{h.today().year}-12-31")
    assert report.register_size(session, scope=scope, period=period) == 1
    with Session(db.get_engine()) as reading:  # a transaction: PostgreSQL streams through a cursor
        assert len(list(report.register_rows(reading, scope=scope, period=period, locale="en"))) == 1
    assert len(blanks) == 6


def fair_district(session, fair: dict) -> int:  # noqa: ANN001
    return session.execute(text("SELECT district_id FROM fair WHERE id = :f"), {"f": fair["id"]}).scalar_one()


@pytest.mark.parametrize("binders", [8])
def test_binding_the_same_stub_at_once_one_wins(client, hdr, orgs, session, auth, live_server, binders):  # noqa: F811
    accounts.create_user(
        session,
        actor=None,
        username="organiser2",
        password=PASSWORD,
        role=Role.organiser,
        district_id=fair_district_of_user(session, "organiser"),
    )
    fair, _booth, blanks = _closed_fair_with_pad(client, hdr, orgs)
    person = h.register(client, hdr["organiser"])["id"]
    body = {"client_id": person, "organisation_id": orgs["hospital"], "direction": "hiv_testing"}
    heads = [hdr["organiser"], auth("organiser2")]
    requests = [
        (heads[i % 2], f"{h.API}/coupons/{blanks[0]['token'] if i % 3 else blanks[0]['code']}/bind", body)
        for i in range(binders)
    ]
    responses = _all_at_once(live_server, requests)
    statuses = Counter(r.status_code for r in responses)
    assert statuses == Counter({200: 1, 409: binders - 1}), [r.text for r in responses]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"already_bound"}
    assert h.count(session, "audit_entry", action="bind") == 1
    assert h.count(session, "coupon", status="issued") == 1
    assert h.count(session, "visit", fair_id=fair["id"], client_id=person) == 1


def fair_district_of_user(session, username: str) -> int:  # noqa: ANN001
    return session.execute(
        text('SELECT district_id FROM "user" WHERE username = :u'), {"u": username}
    ).scalar_one()


def test_blanks_do_not_hide_stale_clients_from_retention(client, hdr, scene, session):
    # Blanks have no client: `client.id NOT IN (… coupon.client_id …)` must not meet their NULL.
    from typer.testing import CliRunner

    from fairs.cli import app

    old = h.register(
        client, hdr["organiser"], mother="Вера", father="Лев", sex="F", full_name="Старая Запись"
    )
    session.execute(
        text("UPDATE client SET created_at = :c WHERE id = :id"),
        {"c": dt.datetime(2020, 1, 1), "id": old["id"]},
    )
    h.expect(pad(client, hdr["organiser"], fair=scene.fair, booth=scene.employment_booth, count=2), 201)
    shown = CliRunner().invoke(app, ["retention", "--older-than", "365d"])
    assert shown.exit_code == 0, shown.output
    assert old["code"] in shown.output and "Старая Запись" not in shown.output


@pytest.mark.parametrize("username", ["partner_employment", "committee", "admin"])
def test_only_organisers_void_blanks_even_calling_the_service(client, hdr, orgs, session, username):
    """The route refuses non-organisers, and so does the service itself, in words."""
    org = hdr["organiser"]
    fair = h.make_open_fair(client, org, day=h.today() - dt.timedelta(days=10))
    booth = h.add_booth(client, org, fair=fair, org=orgs["employment"])
    h.expect(pad(client, org, fair=fair, booth=booth, count=2), 201)
    h.close_fair(client, org, fair=fair)
    actor = session.exec(select(User).where(User.username == username)).one()
    for attempt in (coupons.void_blanks, coupons.count_blanks):
        with pytest.raises(Forbidden) as refused:
            attempt(session, actor=actor, fair_id=fair["id"])
        assert (refused.value.code, refused.value.message) == (
            "forbidden",
            "Аннулировать бланки талонов могут только организаторы.",
        )
    assert h.count(session, "coupon", status="blank") == 2
