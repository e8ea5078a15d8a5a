"""The hot-path statements run directly on SQLite's cursor give exactly what SQLAlchemy's execution gives.

`fairs.db.precompiled.Precompiled` binds and converts with SQLAlchemy's own processors; these tests run each
wrapped statement both ways on a database with real rows (issued, redeemed, with outcome) and compare
every value and its type, then check writes, errors and the transaction hooks. On PostgreSQL the wrapper
hands the statement to SQLAlchemy, so the same comparisons hold there too.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import exc, insert, select
from sqlmodel import Session

from fairs.db import get_engine
from fairs.db.precompiled import Precompiled, PrecompiledResult
from fairs.models import AuditEntry, Coupon, User
from fairs.services import coupons
from fairs.services.accounts.users import _USER_BY_ID
from tests.api import helpers as h


def both_ways(statement: Precompiled, params: dict) -> tuple[list, list]:
    """(rows through the wrapper, rows through SQLAlchemy) for one read."""
    with get_engine().connect() as conn:
        direct = statement.run(conn, params).all()
        plain = conn.execute(statement.statement, params).all()
    return direct, plain


def same_rows(direct: list, plain: list) -> None:
    assert len(direct) == len(plain) > 0
    for mine, theirs in zip(direct, plain, strict=True):
        assert tuple(mine) == tuple(theirs)
        assert [type(v) for v in mine] == [type(v) for v in theirs]
        assert mine._mapping == dict(theirs._mapping)


def test_coupon_reads_match_sqlalchemy(client, hdr, orgs, scene, session: Session) -> None:  # noqa: ANN001
    """The coupon views (by code and token), the coupon row and the issue context, value for value."""
    org, partner = hdr["organiser"], hdr["partner_employment"]
    coupon = h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )
    h.expect(h.redeem(client, partner, coupon["code"]), 200)
    h.expect(h.set_outcome(client, partner, coupon["code"], outcome="registered_jobseeker"), 200)
    same_rows(*both_ways(coupons.VIEW_BY_CODE, {"ref": coupon["code"].replace("-", "")}))
    same_rows(*both_ways(coupons.VIEW_BY_TOKEN, {"ref": coupon["token"]}))
    same_rows(*both_ways(coupons.COUPON_BY_ID, {"coupon_id": coupon["id"]}))
    context = {
        "booth_id": scene.employment_booth["id"],
        "client_id": scene.client_id,
        "organisation_id": orgs["employment"],
        "code": "employment_counselling",
    }
    same_rows(*both_ways(coupons.ISSUE_CONTEXT, context))
    row = both_ways(coupons.COUPON_BY_ID, {"coupon_id": coupon["id"]})[0][0]
    assert isinstance(row.redeemed_on, dt.date) and isinstance(row.back_entered, bool)
    assert row.status == "redeemed"


def test_user_lookup_matches_sqlalchemy(session: Session) -> None:
    """The current user's row (read on every request): same values, same types."""
    user_id = session.execute(select(User.id).where(User.username == "organiser")).scalar_one()
    same_rows(*both_ways(_USER_BY_ID, {"user_id": user_id}))
    assert both_ways(_USER_BY_ID, {"user_id": -1}) == ([], [])


def test_repeated_column_names_are_labelled_apart(scene, orgs) -> None:  # noqa: ANN001
    """Columns that share a name (`id` of booth, fair, …) are read by the same labels SQLAlchemy gives."""
    context = {
        "booth_id": scene.employment_booth["id"],
        "client_id": scene.client_id,
        "organisation_id": orgs["employment"],
        "code": "employment_counselling",
    }
    direct, plain = both_ways(coupons.ISSUE_CONTEXT, context)
    assert direct[0].id == plain[0].id == scene.employment_booth["id"]
    assert direct[0].id_1 == plain[0].id_1 == scene.fair["id"]
    assert direct[0].receives == plain[0].receives is not None
    with pytest.raises(AttributeError):
        _ = direct[0].no_such_column


def test_writes_count_rows_and_errors_are_wrapped(client, hdr, orgs, scene, session: Session) -> None:  # noqa: ANN001
    """An UPDATE reports its rowcount; a broken constraint raises SQLAlchemy's IntegrityError, rolled back."""
    org = hdr["organiser"]
    coupon = h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_counselling",
    )
    user_id = session.execute(select(User.id).where(User.username == "organiser")).scalar_one()
    now = dt.datetime.now(dt.UTC)
    values = {
        "b_status": "cancelled",
        "b_cancelled_at": now,
        "b_cancelled_by_id": user_id,
        "b_cancel_reason": "x",
    }
    with get_engine().begin() as conn:
        result = coupons.CANCEL.run(conn, {"coupon_id": coupon["id"], **values})
        again = coupons.CANCEL.run(conn, {"coupon_id": coupon["id"], **values})
    assert result.rowcount == 1 and again.rowcount == 0
    session.expire_all()
    assert session.get(Coupon, coupon["id"]).status == "cancelled"
    before = h.count(session, "audit_entry")
    audit = Precompiled(insert(AuditEntry.__table__))
    with pytest.raises(exc.IntegrityError), get_engine().begin() as conn:
        audit.run(
            conn,
            {
                "at": now,
                "user_id": user_id,
                "district_id": None,
                "action": "x",
                "entity": "y",
                "entity_id": None,
                "details": {},
                "back_entered": False,
            },
        )
        audit.run(
            conn,
            {
                "at": now,
                "user_id": -5,
                "district_id": None,
                "action": "x",
                "entity": "y",
                "entity_id": None,
                "details": {},
                "back_entered": False,
            },
        )
    assert h.count(session, "audit_entry") == before


def test_result_helpers() -> None:
    """first/one/all behave as SQLAlchemy's Result does on zero, one and two rows."""
    empty = PrecompiledResult([], 0)
    assert empty.first() is None and empty.all() == []
    with pytest.raises(exc.NoResultFound):
        empty.one()
    two = PrecompiledResult([(1,), (2,)], 2)  # type: ignore[list-item]
    with pytest.raises(exc.MultipleResultsFound):
        two.one()
