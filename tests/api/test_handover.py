"""Handover to another district through the JSON API: with consent, a person of district A handed over to
district B; their open coupons re-issued in B (the old ones cancelled, reason «handover»), one with no
receiver in B kept open at home; the arriving list, acknowledgement, the history read across during the
handover's period only, an audit row at both ends; and the report's figures worked out by hand."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from freezegun import freeze_time
from sqlalchemy import text
from sqlmodel import Session

from fairs.models import District, Region
from tests.api import helpers as h
from tests.api.handover_world import HANDOVER_DAY, NOVEMBER, build_person

B_NAME = "Слуцкий район"


def _district_id(session: Session, name: str) -> int:
    return session.execute(text("SELECT id FROM district WHERE name = :n"), {"n": name}).scalar_one()


def _hand_over(client: TestClient, headers: dict, client_id: int, to: int, consent: bool = True):  # noqa: ANN202
    body = {"client_id": client_id, "to_district_id": to, "consent": consent}
    return client.post(f"{h.API}/handovers", json=body, headers=headers)


def _report(client: TestClient, headers: dict) -> dict:
    return h.expect(client.get(f"{h.API}/reports/committee", params=NOVEMBER, headers=headers), 200)


def test_a_person_handed_over_is_reissued_there_read_across_and_counted_once(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    client.get("/api/v1/no-such-route")  # let FastAPI read the routes' signatures before freezegun
    world = build_person(client, session, auth, orgs)
    b = _district_id(session, B_NAME)
    with freeze_time(HANDOVER_DAY, tick=True):
        org_a, org_b, org_c = auth("organiser"), auth("organiser_b"), auth("organiser_c")
        # Without the consent to this handover: refused, nothing changes.
        h.expect(_hand_over(client, org_a, world.client_id, b, consent=False), 409, "handover_needs_consent")
        # Only the client's own district hands over; only to another district of the region.
        h.expect(_hand_over(client, org_b, world.client_id, b), 404, "client_not_found")
        a = _district_id(session, "Солигорский район")
        h.expect(_hand_over(client, org_a, world.client_id, a), 404, "district_not_found")
        made = h.expect(_hand_over(client, org_a, world.client_id, b), 201)
        assert (made["made_on"], made["readable_until"]) == ("2026-11-18", "2027-02-16")
        fate = {c["code"]: (c["replacement_code"] is not None, c["kept"]) for c in made["coupons"]}
        assert fate == {
            world.counselling["code"]: (True, None),
            world.testing["code"]: (False, "no_receiver"),
        }
        h.expect(_hand_over(client, org_a, world.client_id, b), 409, "already_handed_over")

        # The old coupon is cancelled at home with the reason «handover»; the untaken one stays open.
        old = h.expect(client.get(f"{h.API}/coupons/{world.counselling['token']}", headers=org_a), 200)
        assert (old["status"], old["cancel_reason"]) == ("cancelled", "передача")
        kept = h.expect(client.get(f"{h.API}/coupons/{world.testing['token']}", headers=org_a), 200)
        assert kept["status"] == "issued"
        # B's client row of the same code holds the replacement, addressed to the Slutsk centre.
        new_code = made["coupons"][0]["replacement_code"]
        row = session.execute(
            text(
                "SELECT c.district_id, c.organisation_id, k.code FROM coupon c "
                "JOIN client k ON k.id = c.client_id WHERE c.code = :code"
            ),
            {"code": new_code},
        ).one()
        assert tuple(row) == (b, world.slutsk, world.code)
        redeemed = h.expect(h.redeem(client, auth("partner_slutsk"), new_code), 200)
        assert redeemed["status"] == "redeemed"

        # The arriving list of B, the outgoing list of A; C sees none of it.
        arriving = h.expect(client.get(f"{h.API}/handovers", params={"show": "arriving"}, headers=org_b), 200)
        assert [(x["id"], x["client_code"], x["accepted"]) for x in arriving["items"]] == [
            (made["id"], world.code, False)
        ]
        outgoing = h.expect(client.get(f"{h.API}/handovers", params={"show": "outgoing"}, headers=org_a), 200)
        assert [x["id"] for x in outgoing["items"]] == [made["id"]]
        assert h.expect(client.get(f"{h.API}/handovers", headers=org_a), 200)["total"] == 0
        for path in ("", "/history"):
            h.expect(
                client.get(f"{h.API}/handovers/{made['id']}{path}", headers=org_c), 404, "handover_not_found"
            )
        h.expect(client.post(f"{h.API}/handovers/{made['id']}/accept", headers=org_a), 403, "other_district")
        h.expect(client.post(f"{h.API}/handovers/{made['id']}/accept", headers=org_b), 200)
        h.expect(
            client.post(f"{h.API}/handovers/{made['id']}/accept", headers=org_b), 409, "already_accepted"
        )

        # Each side reads the other's history during the handover.
        seen_by_b = h.expect(client.get(f"{h.API}/handovers/{made['id']}/history", headers=org_b), 200)
        assert [(x["day"], x["kind"]) for x in seen_by_b] == [
            ("2026-11-16", "consultation"),
            ("2026-11-16", "coupon"),
            ("2026-11-16", "coupon"),
            ("2026-11-16", "coupon"),
            ("2026-11-16", "visit"),
        ]
        seen_by_a = h.expect(client.get(f"{h.API}/handovers/{made['id']}/history", headers=org_a), 200)
        assert [(x["kind"], x["code"], x["status"]) for x in seen_by_a] == [("coupon", new_code, "redeemed")]

    # Audited at both ends: the handover and its acknowledgement in A's log and in B's.
    audited = session.execute(
        text(
            "SELECT action, district_id FROM audit_entry "
            "WHERE entity = 'handover' AND action LIKE 'handover%' ORDER BY id"
        )
    ).all()
    assert sorted(map(tuple, audited)) == sorted(
        [("handover", a), ("handover", b), ("handover_accept", a), ("handover_accept", b)]
    )

    # After the handover's period neither side reads the other's history; the handover itself stays listed.
    with freeze_time(dt.datetime(2027, 2, 17, 7, 0), tick=True):
        org_a, org_b = auth("organiser"), auth("organiser_b")
        for headers in (org_a, org_b):
            h.expect(
                client.get(f"{h.API}/handovers/{made['id']}/history", headers=headers),
                403,
                "handover_period_over",
            )
        assert (
            h.expect(client.get(f"{h.API}/handovers/{made['id']}", headers=org_b), 200)["history_readable"]
            is False
        )

    # The report, by hand. A: 3 coupons issued, 1 cancelled by the handover → 2 (the redeemed referral and
    # the testing coupon kept open), redeemed 1, persons referred 1, handed over out 1, in 0.
    with freeze_time(HANDOVER_DAY, tick=True):
        org_b = auth("organiser_b")
        report_a = _report(client, auth("committee"))
        assert (report_a["coupons_issued"], report_a["coupons_redeemed"], report_a["persons_referred"]) == (
            2,
            1,
            1,
        )
        assert (report_a["handovers_in"], report_a["handovers_out"]) == (0, 1)
        # B: the replacement (made at B's office day of the handover, so also one «between fairs»), redeemed.
        report_b = _report(client, org_b)
        assert (report_b["coupons_issued"], report_b["coupons_redeemed"], report_b["persons_referred"]) == (
            3 - 2,
            1,
            1,
        )
        assert (report_b["handovers_in"], report_b["handovers_out"]) == (1, 0)
        assert report_b["coupons_between_fairs"] == 1
        # The region: 3 coupons counted over A and B, 2 redeemed, the person counted once; a handover
        # between two of its districts is neither in nor out.
        region = _report(client, auth("committee_region"))
        assert (region["coupons_issued"], region["coupons_redeemed"], region["persons_referred"]) == (3, 2, 1)
        assert (region["handovers_in"], region["handovers_out"]) == (0, 0)
        compared = h.expect(
            client.get(
                f"{h.API}/reports/committee", params={**NOVEMBER, "compare": "previous_year"}, headers=org_b
            ),
            200,
        )
        assert (compared["previous"]["handovers_in"], compared["change"]["handovers_in"]) == (0, 1)


def test_no_handover_without_consent_on_record_nor_by_other_roles(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    b = _district_id(session, B_NAME)
    org_a = auth("organiser")
    unconsented = h.register(
        client, org_a, mother="Вера", father="Пётр", sex="F", birth_year=1990, consent=False
    )
    h.expect(_hand_over(client, org_a, unconsented["id"], b), 409, "handover_needs_consent")
    assert h.count(session, "handover") == 0 and h.count(session, "client", code=unconsented["code"]) == 1
    for who in ("partner_employment", "committee", "admin"):
        h.expect(_hand_over(client, auth(who), unconsented["id"], b), 403)


def test_a_submitted_period_keeps_the_handover_figures(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """Kept with district A's submission of November and read back from it; a submission kept before the
    figures existed counts them live."""
    client.get("/api/v1/no-such-route")
    world = build_person(client, session, auth, orgs)
    with freeze_time(HANDOVER_DAY, tick=True):
        h.expect(_hand_over(client, auth("organiser"), world.client_id, _district_id(session, B_NAME)), 201)
    with freeze_time(dt.datetime(2026, 12, 2, 7, 0), tick=True):
        org = auth("organiser")
        h.expect(client.post(f"{h.API}/reports/submissions", json={"period": "2026-11"}, headers=org), 201)
        submission_id, tally = h.kept_tally(session)
        assert (tally["handovers_in"], tally["handovers_out"]) == (0, 1)

        def keep(changed: dict) -> dict:
            h.keep_tally(session, submission_id, changed)
            return _report(client, auth("committee"))

        assert keep({**tally, "handovers_out": 7})["handovers_out"] == 7  # a figure only the kept tally holds
        for key in ("handovers_in", "handovers_out"):
            tally.pop(key)
        shown = keep(tally)
        assert (shown["handovers_in"], shown["handovers_out"], shown["submitted_on"] is not None) == (
            0,
            1,
            True,
        )


def test_the_persons_client_row_in_the_receiving_district_is_used_when_there(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """The person registered in B before: the handover makes no second row there, the replacement coupon
    goes to B's row, and the person stays one person."""
    client.get("/api/v1/no-such-route")
    world = build_person(client, session, auth, orgs)
    b = _district_id(session, B_NAME)
    with freeze_time(HANDOVER_DAY, tick=True):
        in_b = h.register(client, auth("organiser_b"))  # the same attributes give the same code
        assert in_b["code"] == world.code
        made = h.expect(_hand_over(client, auth("organiser"), world.client_id, b), 201)
    assert (
        h.count(session, "client", code=world.code) == 2 and h.count(session, "person", code=world.code) == 1
    )
    to_client = session.execute(text("SELECT to_client_id FROM handover WHERE id = :id"), {"id": made["id"]})
    assert to_client.scalar_one() == in_b["id"]
    replacement = made["coupons"][0]["replacement_code"]
    assert h.count(session, "coupon", code=replacement, client_id=in_b["id"], district_id=b) == 1


def test_a_coupon_of_a_submitted_period_stays_open_at_home(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """A's November is submitted on 2 December; the person's coupons of 16 November are still valid then, but
    cancelling one would change the kept figures: it stays open at home, said in the handover's coupons, and
    the kept November of A is what it was."""
    client.get("/api/v1/no-such-route")
    world = build_person(client, session, auth, orgs)
    with freeze_time(dt.datetime(2026, 12, 2, 7, 0), tick=True):
        org = auth("organiser")
        h.expect(client.post(f"{h.API}/reports/submissions", json={"period": "2026-11"}, headers=org), 201)
        made = h.expect(_hand_over(client, org, world.client_id, _district_id(session, B_NAME)), 201)
        fate = {c["code"]: (c["replacement_code"], c["kept"]) for c in made["coupons"]}
        assert fate == {
            world.counselling["code"]: (None, "period_submitted"),
            world.testing["code"]: (None, "no_receiver"),
        }
        assert h.count(session, "coupon", status="cancelled") == 0
        assert _report(client, auth("committee"))["coupons_issued"] == 3


def test_a_coupon_of_a_retired_direction_stays_open_at_home(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """Employment counselling retired after the fair: its coupon is not re-issued, it stays open at home."""
    client.get("/api/v1/no-such-route")
    world = build_person(client, session, auth, orgs)
    session.execute(
        text("UPDATE direction SET is_active = :no WHERE code = 'employment_counselling'"), {"no": False}
    )
    session.commit()
    with freeze_time(HANDOVER_DAY, tick=True):
        made = h.expect(
            _hand_over(client, auth("organiser"), world.client_id, _district_id(session, B_NAME)), 201
        )
    assert {c["code"]: c["kept"] for c in made["coupons"]} == {
        world.counselling["code"]: "direction_retired",
        world.testing["code"]: "no_receiver",
    }
    assert h.count(session, "coupon", status="cancelled") == 0


def test_only_to_another_open_district_of_the_region(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """A district of another region, a retired district of the region and a made-up id are all told
    `district_not_found`; nothing is made."""
    gomel = Region(name="Гомельская область")
    session.add(gomel)
    session.flush()
    elsewhere = District(name="Речицкий район", region_id=gomel.id)
    retired = District(name="Старый район", region_id=_region_of_a(session), retired=True)
    session.add_all([elsewhere, retired])
    session.commit()
    org = auth("organiser")
    person = h.register(client, org)
    for target in (elsewhere.id, retired.id, 987_654):
        h.expect(_hand_over(client, org, person["id"], target), 404, "district_not_found")
    assert h.count(session, "handover") == 0 and h.count(session, "client") == 1


def _region_of_a(session: Session) -> int:
    return session.execute(
        text("SELECT region_id FROM district WHERE name = 'Солигорский район'")
    ).scalar_one()


def test_withdrawn_consent_goes_along_the_handover(
    client: TestClient, auth, orgs: dict[str, int], session: Session
) -> None:
    """The handover carried the person's consent to B's client row: withdrawn in A, it is withdrawn in B too
    (B's personal fields and notes erased), with an audit row in each district."""
    client.get("/api/v1/no-such-route")
    world = build_person(client, session, auth, orgs)
    b = _district_id(session, B_NAME)
    with freeze_time(HANDOVER_DAY, tick=True):
        made = h.expect(_hand_over(client, auth("organiser"), world.client_id, b), 201)
    in_b = session.execute(text("SELECT to_client_id FROM handover WHERE id = :id"), {"id": made["id"]})
    in_b = in_b.scalar_one()
    org_b = auth("organiser_b")
    # B's organiser recorded a phone there (arranged in the database: the API changes no personal field).
    session.execute(text("UPDATE client SET phone = '+375 29 000-11-22' WHERE id = :id"), {"id": in_b})
    session.commit()
    assert session.execute(text("SELECT consent_on FROM client WHERE id = :id"), {"id": in_b}).scalar_one()
    h.expect(
        client.post(f"{h.API}/clients/{world.client_id}/withdraw-consent", headers=auth("organiser")), 200
    )
    session.expire_all()
    row = session.execute(text("SELECT consent_on, phone FROM client WHERE id = :id"), {"id": in_b}).one()
    assert tuple(row) == (None, None)
    audited = (
        session.execute(
            text("SELECT district_id FROM audit_entry WHERE action = 'withdraw_consent' ORDER BY district_id")
        )
        .scalars()
        .all()
    )
    assert audited == sorted([_district_id(session, "Солигорский район"), b])
    # Withdrawn once: B's organiser now finds no consent to withdraw.
    h.expect(client.post(f"{h.API}/clients/{in_b}/withdraw-consent", headers=org_b), 409, "no_consent")
