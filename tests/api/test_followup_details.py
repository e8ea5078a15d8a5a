"""Follow-up marks in detail (gaps the mutation run found, docs/testing.md): the refusals in the words a
person reads, the boundaries (a contact on the issue day, a note of the longest length), each field of the
mark's audit row, and the service's own refusals of another district's coupon and of non-organisers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session, select

from fairs.errors import Forbidden, NotFound
from fairs.models import AuditEntry, Coupon, FollowupContact, User
from fairs.services import coupons
from tests.api import helpers as h
from tests.api.test_followup import history  # noqa: F401  (the fixture)

UNKNOWN = "Неизвестный код: такого талона нет."
ONLY_ORGANISERS = "Сопровождение клиентов доступно только организаторам."


def _user(session: Session, username: str) -> User:
    return session.exec(select(User).where(User.username == username)).one()


def _coupon(session: Session, code: str) -> Coupon:
    return session.exec(select(Coupon).where(Coupon.code == code)).one()


def test_refusals_say_why_in_the_district_language(client, hdr, history):  # noqa: F811
    url = f"{h.API}/coupons/{history['at14']['code']}/contacted"
    tomorrow = (h.today() + dt.timedelta(days=1)).isoformat()
    body = h.expect(client.post(url, json={"contacted_on": tomorrow}, headers=hdr["organiser"]), 400)
    assert (body["code"], body["detail"]) == ("date_in_future", "Дата контакта не может быть в будущем.")
    before = (h.today() - dt.timedelta(days=15)).isoformat()
    body = h.expect(client.post(url, json={"contacted_on": before}, headers=hdr["organiser"]), 400)
    assert (body["code"], body["detail"]) == ("date_before_issue", "Дата контакта раньше даты выдачи талона.")


def test_a_contact_on_the_issue_day_with_the_longest_note_is_kept(client, hdr, history, session):  # noqa: F811
    coupon = history["at14"]
    issued_on = h.today() - dt.timedelta(days=14)
    note = ("Звонок сестре. " * 67)[: coupons.NOTE_MAX]  # exactly the longest note
    assert len(note) == coupons.NOTE_MAX
    body = {"contacted_on": issued_on.isoformat(), "note": note}
    mark = h.expect(
        client.post(f"{h.API}/coupons/{coupon['code']}/contacted", json=body, headers=hdr["organiser"]), 201
    )
    assert (mark["contacted_on"], mark["note"], mark["coupon_code"]) == (
        issued_on.isoformat(),
        note,
        coupon["code"],
    )
    stored = session.get(FollowupContact, mark["id"])
    assert (stored.contacted_on, stored.note, stored.coupon_id) == (
        issued_on,
        note,
        _coupon(session, coupon["code"]).id,
    )


def test_the_audit_row_of_a_mark_names_who_where_and_what(client, hdr, history, session):  # noqa: F811
    code = history["at13"]["code"]
    mark = h.expect(
        client.post(f"{h.API}/coupons/{code}/contacted", json={"note": ""}, headers=hdr["organiser"]), 201
    )
    row = session.exec(select(AuditEntry).where(AuditEntry.entity == "followup_contact")).one()
    organiser = _user(session, "organiser")
    assert (row.action, row.entity_id, row.user_id, row.district_id) == (
        "create",
        mark["id"],
        organiser.id,
        organiser.district_id,
    )
    assert row.details == {"coupon": code, "contacted_on": h.today().isoformat(), "with_note": False}


@pytest.mark.parametrize(
    ("username", "error", "code", "message"),
    [
        ("organiser_b", NotFound, "unknown_code", UNKNOWN),  # another district's coupon does not exist
        ("partner_employment", Forbidden, "forbidden", ONLY_ORGANISERS),
        ("committee", Forbidden, "forbidden", ONLY_ORGANISERS),
        ("admin", Forbidden, "forbidden", ONLY_ORGANISERS),
    ],
)
def test_the_service_itself_refuses_in_words(history, session, username, error, code, message):  # noqa: F811
    """Whatever the route checked before: marking and reading a coupon's follow-up, refused in words."""
    coupon = _coupon(session, history["at14"]["code"])
    actor = _user(session, username)
    for attempt in (
        lambda: coupons.mark_contacted(session, actor=actor, coupon=coupon, note=""),
        lambda: coupons.overdue_coupon(session, actor=actor, coupon=coupon),
    ):
        with pytest.raises(error) as refused:
            attempt()
        assert (refused.value.code, refused.value.message) == (code, message)
    assert session.exec(select(FollowupContact)).all() == []
