"""Coupons as short lines (code, state, client code, receiving organisation): the fair day's booth panels.

A booth's panel is drawn again after every coupon issued there, so it reads four columns of the newest
coupons in one statement instead of whole coupons with every name beside them (coupon_views)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.models import Client, Coupon, Organisation, User
from fairs.services.coupons.reading import visible_coupons
from fairs.services.coupons.view import state_of


@dataclass(frozen=True, slots=True)
class CouponLine:
    """One coupon in a short list."""

    code: str
    state: str
    client_code: str
    organisation_name: str


def booth_coupon_lines(
    session: Session, *, actor: User, fair_id: int, booth_id: int, limit: int
) -> tuple[list[CouponLine], int]:
    """The newest `limit` coupons issued at a booth that the actor may see, and how many there are."""
    conditions = [Coupon.fair_id == fair_id, Coupon.booth_id == booth_id, *visible_coupons(session, actor)]
    total = session.exec(select(func.count()).select_from(Coupon).where(*conditions)).one()
    rows = session.exec(
        select(Coupon.code, Coupon.status, Coupon.expires_on, Client.code, Organisation.name)
        .join(Client, Client.id == Coupon.client_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .where(*conditions)
        .order_by(Coupon.id.desc())
        .limit(limit)
    ).all()
    today = local_today()
    lines = [
        CouponLine(
            code=code,
            state=state_of(status, expires, today),
            client_code=client_code,
            organisation_name=name,
        )
        for code, status, expires, client_code, name in rows
    ]
    return lines, total
