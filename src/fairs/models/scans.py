"""The scan log (every lookup or redeem of a coupon by staff) and the stored answers of idempotent redeems."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class ScanResult(enum.StrEnum):
    """What a scan was told: shown valid, redeemed now, or why not."""

    ok = "ok"
    redeemed = "redeemed"
    unknown = "unknown"
    mistyped = "mistyped"
    expired = "expired"
    cancelled = "cancelled"
    other_organisation = "other_organisation"
    already_redeemed = "already_redeemed"


# The failure reasons, in the order the report lists them.
FAILURES: tuple[ScanResult, ...] = tuple(
    r for r in ScanResult if r not in (ScanResult.ok, ScanResult.redeemed)
)


class Scan(SQLModel, table=True):
    """One lookup or redeem attempt; `ref` is at most the normalised short code, never free text."""

    __table_args__ = (
        Index("ix_scan_district_day", "district_id", "scanned_on", "result"),
        Index("ix_scan_organisation_at", "organisation_id", "scanned_at"),
        Index("ix_scan_coupon_at", "coupon_id", "scanned_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    scanned_at: datetime = Field(default_factory=utcnow)
    scanned_on: date  # the day in the configured time zone: the report's period counts by it
    user_id: int = Field(foreign_key="user.id")  # no index: no query selects by scanner
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")  # the scanner's
    # The report's district: the coupon's, or the scanner's (organisation's) when no coupon was found.
    district_id: int | None = Field(default=None, foreign_key="district.id")
    coupon_id: int | None = Field(default=None, foreign_key="coupon.id")
    via: str = Field(max_length=10)  # token or code
    action: str = Field(max_length=10)  # lookup or redeem
    ref: str = Field(default="", max_length=16)  # the normalised short code typed; empty for tokens
    result: str = Field(max_length=20)


class ScanFailure(SQLModel, table=True):
    """A refused look-up, redeem or bind of a user, kept for the throttle's window
    (services/coupons/throttle.py); `throttled` marks the attempt of a window first answered 429."""

    __tablename__ = "scan_failure"
    __table_args__ = (Index("ix_scan_failure_user_at", "user_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)
    throttled: bool = False


class IdempotencyKey(SQLModel, table=True):
    """The first answer to a redeem sent with an idempotency key, replayed to a repeat of that request."""

    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    key: str = Field(max_length=64)
    fingerprint: str = Field(max_length=200)
    status: int = 0  # 0 while the first request is still running
    body: str = ""
    created_at: datetime = Field(default_factory=utcnow, index=True)
