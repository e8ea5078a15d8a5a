"""The coupon register of a scope and period: one row per coupon, streamed, without personal fields.

Rows count by the date of the fair the coupon was issued at (like every number of the report). The
query reads only coupon, fair and client code; the names of organisations, directions and outcomes
come from small dictionaries read once, which is cheaper than joining them into every row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlmodel import Session

from fairs.clock import local_today
from fairs.labels import coupon_state_labels
from fairs.models import Client, Coupon, CouponStatus, Direction, Fair, Organisation, Outcome
from fairs.services.coupons import format_short_code
from fairs.services.report.results import Period, TallyScope

STREAM_CHUNK = 2000


class RegisterRow(NamedTuple):
    """One coupon as the register shows it (names in the locale, the state translated)."""

    code: str
    fair_date: date
    issuing_organisation: str
    organisation: str
    direction: str
    status: str
    redeemed_on: date | None
    outcome: str | None
    client_code: str


def _where(scope: TallyScope, period: Period) -> tuple:
    return (
        Fair.district_id.in_(scope.district_ids),
        Coupon.client_id.is_not(None),  # blanks of pads, bound or voided never, are no one's coupon
        Fair.date >= period.start,
        Fair.date <= period.end,
    )


def register_size(session: Session, *, scope: TallyScope, period: Period) -> int:
    """How many rows the register of `scope` and `period` has (one COUNT)."""
    if not scope.district_ids:
        return 0
    query = (
        select(func.count())
        .select_from(Coupon)
        .join(Fair, Fair.id == Coupon.fair_id)
        .where(*_where(scope, period))
    )
    return session.execute(query).scalar_one()


def _names(session: Session, locale: str) -> tuple[dict, dict, dict]:
    organisations = dict(session.execute(select(Organisation.id, Organisation.name)).all())
    directions = {d.id: d.name(locale) for d in session.execute(select(Direction)).scalars()}
    outcomes = {o.id: o.name(locale) for o in session.execute(select(Outcome)).scalars()}
    return organisations, directions, outcomes


def register_rows(
    session: Session,
    *,
    scope: TallyScope,
    period: Period,
    locale: str,
    as_of: date | None = None,
) -> Iterator[RegisterRow]:
    """The register's rows in fair-date order, streamed from the database in chunks.

    The state is the effective one: an issued coupon past its expiry date (as of `as_of`, today by
    default) is expired."""
    if not scope.district_ids:
        return
    today = as_of or local_today()
    organisations, directions, outcomes = _names(session, locale)
    labels = coupon_state_labels(locale)
    issued, expired = labels[CouponStatus.issued.value], labels[CouponStatus.expired.value]
    coupon, fair, client = Coupon.__table__.c, Fair.__table__.c, Client.__table__.c
    query = (
        select(
            coupon.code,
            fair.date,
            coupon.issuing_organisation_id,
            coupon.organisation_id,
            coupon.direction_id,
            coupon.status,
            coupon.expires_on,
            coupon.redeemed_on,
            coupon.outcome_id,
            client.code,
        )
        .join_from(Coupon.__table__, Fair.__table__, fair.id == coupon.fair_id)
        .join(Client.__table__, client.id == coupon.client_id)
        .where(*_where(scope, period))
        .order_by(fair.date, coupon.id)
    )
    status_issued = CouponStatus.issued.value
    outcome_name = outcomes.get
    # A plain Core select on the session's connection (no ORM loading step), read in chunks; on
    # PostgreSQL `yield_per` reads through a server-side cursor instead of loading every row at once.
    rows = session.connection().execute(query.execution_options(yield_per=STREAM_CHUNK))
    for (
        code,
        fair_date,
        issuer,
        receiver,
        direction,
        status,
        expires_on,
        redeemed_on,
        outcome,
        client_code,
    ) in rows:
        if status == status_issued:
            label = expired if expires_on < today else issued
        else:
            label = labels.get(status, status)
        yield RegisterRow(
            format_short_code(code),
            fair_date,
            organisations[issuer],
            organisations[receiver],
            directions[direction],
            label,
            redeemed_on,
            outcome_name(outcome) if outcome is not None else None,
            client_code,
        )
