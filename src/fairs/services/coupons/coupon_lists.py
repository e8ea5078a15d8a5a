"""The SQL that reads several coupons at once: their names beside them (lists, print batches), a page of
those an actor may see, the blanks of pads. ORM queries, run and handed back as objects and views; the
rules (who may list what) stay in `reading.py`, `pads.py` and `pad_void.py`.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, or_, select

from fairs.clock import local_today
from fairs.models import Client, Coupon, CouponStatus, Direction, Fair, FairKind, Organisation, Outcome, User
from fairs.services.coupons.view import CouponView, effective_state

# Module-level aliases: a fresh alias per call would defeat SQLAlchemy's compiled-statement cache.
_ISSUER = aliased(Organisation, name="issuer")
_REDEEMER = aliased(User, name="redeemer")


def coupon_views(session: Session, rows: list[Coupon]) -> list[CouponView]:
    """Several coupons with their names, in one query (lists and print batches)."""
    if not rows:
        return []
    issuer, redeemer = _ISSUER, _REDEEMER
    query = (
        select(
            Coupon.id, Direction, Organisation, issuer, Client.code, Fair.date, Outcome, redeemer, Fair.kind
        )
        .join(Direction, Direction.id == Coupon.direction_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(issuer, issuer.id == Coupon.issuing_organisation_id)
        .join(Client, Client.id == Coupon.client_id)
        .join(Fair, Fair.id == Coupon.fair_id)
        .outerjoin(Outcome, Outcome.id == Coupon.outcome_id)
        .outerjoin(redeemer, redeemer.id == Coupon.redeemed_by_id)
        .where(Coupon.id.in_([c.id for c in rows]))
    )
    found = {row[0]: row[1:] for row in session.exec(query).all()}
    today = local_today()
    result = []
    for coupon in rows:
        direction, organisation, issuing, client_code, fair_date, outcome, user, kind = found[coupon.id]
        result.append(
            CouponView(
                coupon=coupon,
                direction=direction,
                organisation=organisation,
                issuing_organisation=issuing,
                client_code=client_code,
                fair_date=fair_date,
                outcome=outcome,
                redeemed_by=(user.full_name or user.username) if user else None,
                state=effective_state(coupon, today),
                between=kind == FairKind.between,
            )
        )
    return result


def visible_conditions(
    district_ids: object, *, only_organisation: bool, organisation_id: int | None
) -> list[ColumnElement[bool]]:
    """The conditions on `Coupon` of the bound coupons of these districts (and with `only_organisation`,
    of those to or from the organisation)."""
    conditions = [
        Coupon.district_id.in_(district_ids),
        Coupon.client_id.is_not(None),  # bound coupons only: blanks of pads (and voided ones) have no client
    ]
    if only_organisation:
        mine = organisation_id
        conditions.append(or_(Coupon.organisation_id == mine, Coupon.issuing_organisation_id == mine))
    return conditions


def coupon_page(
    session: Session,
    conditions: list[ColumnElement[bool]],
    *,
    fair_id: int | None,
    client_id: int | None,
    booth_id: int | None,
    page: int,
    per_page: int,
) -> tuple[list[Coupon], int]:
    """A page of the coupons meeting `conditions` (and of the fair, client, booth given), newest first, and
    how many there are."""
    query = select(Coupon).where(*conditions)
    if fair_id is not None:
        query = query.where(Coupon.fair_id == fair_id)
    if client_id is not None:
        query = query.where(Coupon.client_id == client_id)
    if booth_id is not None:
        query = query.where(Coupon.booth_id == booth_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Coupon.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def count_blanks(session: Session, fair_id: int) -> int:
    """How many coupons of the fair's pads are still blank."""
    query = (
        select(func.count())
        .select_from(Coupon)
        .where(Coupon.fair_id == fair_id, Coupon.status == CouponStatus.blank, Coupon.pad_id.is_not(None))
    )
    return session.exec(query).one()


def blanks_of_pad(session: Session, pad_id: int) -> list[Coupon]:
    """The coupons of a pad still blank, in order."""
    query = select(Coupon).where(Coupon.pad_id == pad_id, Coupon.status == CouponStatus.blank)
    return list(session.exec(query.order_by(Coupon.id)).all())
