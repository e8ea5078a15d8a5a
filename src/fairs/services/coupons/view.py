"""A coupon as it is shown: `CouponView` (the coupon with the names beside it), its state as people read it
and the address its QR code carries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.models import Coupon, CouponStatus, Direction, Organisation, Outcome


@dataclass
class CouponView:
    """A coupon with the names a page or the API shows beside it."""

    coupon: Coupon
    direction: Direction
    organisation: Organisation
    issuing_organisation: Organisation
    client_code: str
    fair_date: date
    outcome: Outcome | None
    redeemed_by: str | None
    state: str
    # The receiver's side (the time and who redeemed it, the outcome) left out: `reading.shown_to`. The day
    # of redemption is not part of it: the issuing organisation follows its referrals (redeemed, and when).
    receiver_side_hidden: bool = False
    # Issued between fairs (at an office day, services/schedule/office_days.py): `fair_date` held no fair.
    between: bool = False

    @property
    def url(self) -> str:
        """The address the QR code encodes."""
        return coupon_url(self.coupon.token)

    @property
    def redeemed_on(self) -> date | None:
        """The day it was redeemed: everyone who may read the coupon (the issuer follows its referrals)."""
        return self.coupon.redeemed_on

    @property
    def redeemed_at(self) -> datetime | None:
        """When it was redeemed, for those who may see the receiver's side."""
        return None if self.receiver_side_hidden else self.coupon.redeemed_at

    @property
    def outcome_on(self) -> date | None:
        """The day of the outcome, for those who may see the receiver's side."""
        return None if self.receiver_side_hidden else self.coupon.outcome_on


def coupon_url(token: str) -> str:
    """`{base_url}/c/{token}`: all a QR code carries."""
    return f"{get_settings().base_url}/c/{token}"


def state_of(status: str, expires_on: date, today: date) -> str:
    """The stored status, with an issued coupon past its expiry date read as expired."""
    if status == CouponStatus.issued and expires_on < today:
        return CouponStatus.expired.value
    return status


def effective_state(coupon: Coupon, today: date | None = None) -> str:
    """The coupon's state as people read it (`state_of`)."""
    return state_of(coupon.status, coupon.expires_on, today or local_today())
