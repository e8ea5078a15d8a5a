"""The inbox service: its counts are one GROUP BY query, and typed codes are read like everywhere else."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from fairs.errors import Forbidden
from fairs.models import Coupon, User
from fairs.services import coupons
from tests.api.test_inbox import build_inbox_world


def test_counts_are_one_grouped_query(client, auth, orgs, session: Session):
    build_inbox_world(client, auth, orgs, session)
    partner = session.exec(select(User).where(User.username == "partner_hospital")).one()
    statements: list[str] = []

    def keep(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", keep)
    try:
        counts = coupons.inbox_counts(session, actor=partner)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert counts == {"expected": 3, "redeemed": 3, "redeemed_without_outcome": 2, "expired": 2}
    on_coupons = [s for s in statements if "FROM coupon" in s]
    assert len(on_coupons) == 1
    assert "GROUP BY" in on_coupons[0]


def test_code_prefix_is_normalised():
    assert coupons.code_prefix(" k7qm-2xhd-9 ") == "K7QM2XHD9"
    assert coupons.code_prefix("ilo") == "110"
    assert coupons.code_prefix("") == ""
    assert coupons.code_prefix("K7%") is None
    assert coupons.code_prefix("K7QU") is None  # U is not in the alphabet


def test_an_inbox_row_only_for_the_inbox_the_coupon_is_addressed_to(client, auth, orgs, session: Session):
    """A row after an action: the coupon's own receiver gets it; staff of another organisation are refused
    (the check passes the coupon's organisation, not only the actor's)."""
    world = build_inbox_world(client, auth, orgs, session)
    by_name = {u.username: u for u in session.exec(select(User)).all()}
    to_employment = session.exec(select(Coupon).where(Coupon.code == world.codes["T6"])).one()
    row = coupons.inbox_row(session, actor=by_name["partner_employment"], coupon=to_employment)
    assert (row.id, row.code, row.state) == (to_employment.id, to_employment.code, "expected")
    assert coupons.inbox_row(session, actor=by_name["organiser"], coupon=to_employment).code == row.code
    with pytest.raises(Forbidden) as refused:
        coupons.inbox_row(session, actor=by_name["partner_hospital"], coupon=to_employment)
    assert (refused.value.code, refused.value.message) == (
        "other_organisation",
        "Талон выписан в другую организацию.",
    )
