"""Referral coupons: issued at a booth, redeemed at most once by the receiving organisation."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from fairs.models.base import dialect_index, utcnow

# Days after issue when a coupon still issued counts as overdue (the committee's report, a curator's people).
OVERDUE_DAYS = 14


class CouponStatus(enum.StrEnum):
    """Stored states; `expired` is derived from `expires_on` for issued coupons.

    `blank`: printed on a pad, not yet bound to a client, direction and receiving organisation (those
    columns and `expires_on` are NULL until then); never counted anywhere."""

    blank = "blank"
    issued = "issued"
    redeemed = "redeemed"
    cancelled = "cancelled"
    expired = "expired"


class Coupon(SQLModel, table=True):
    """A paper referral coupon; the QR carries only `token`, the paper also `code`."""

    # The committee's tally (migration 0004): per-fair persons on both databases; on SQLite, which
    # cannot hash a GROUP BY, one covering index per large pass, scanned in its group order.
    #
    # Every index is written on every issue and most on every redeem (one WAL page each on SQLite), so
    # migration 0009 keeps only those a query uses: no index on a column that leads a wider one, none on
    # `status` alone (a few values, never selective), and the pad index holds only coupons printed on a pad.
    # On PostgreSQL, which has no tally covering indexes, organisation_id keeps its own; client_id has its
    # own on both (on SQLite it led the persons' covering index until persons got their key, 0027).
    __table_args__ = (
        Index("ix_coupon_tally_fair", "fair_id", "client_id", "status"),
        dialect_index("ix_coupon_organisation_id", "organisation_id", dialect="postgresql"),
        Index("ix_coupon_client_id", "client_id"),
        Index(
            "ix_coupon_pad_id",
            "pad_id",
            sqlite_where=text("pad_id IS NOT NULL"),
            postgresql_where=text("pad_id IS NOT NULL"),
        ),
        dialect_index(
            "ix_coupon_tally_person",
            "person_id",
            "direction_id",
            "status",
            "outcome_id",
            "fair_id",
            dialect="sqlite",
        ),
        dialect_index(
            "ix_coupon_tally_organisation",
            "organisation_id",
            "direction_id",
            "outcome_id",
            "status",
            "fair_id",
            "expires_on",
            "issued_on",
            dialect="sqlite",
        ),
        # Both databases (PostgreSQL since migration 0009): redemption days read from this index alone.
        Index(
            "ix_coupon_tally_days",
            "direction_id",
            "issued_on",
            "redeemed_on",
            "fair_id",
            sqlite_where=text("status = 'redeemed'"),
            postgresql_where=text("status = 'redeemed'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    token: str = Field(max_length=64, unique=True)
    code: str = Field(max_length=9, unique=True)
    fair_id: int = Field(foreign_key="fair.id")
    booth_id: int = Field(foreign_key="booth.id", index=True)
    # NULL only while blank (services/pads.py); every other status has all four.
    client_id: int | None = Field(default=None, foreign_key="client.id")
    person_id: int | None = Field(default=None, foreign_key="person.id")  # the client's (Person)
    issuing_organisation_id: int = Field(foreign_key="organisation.id", index=True)
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    direction_id: int | None = Field(default=None, foreign_key="direction.id")
    status: str = Field(default=CouponStatus.issued, max_length=20)
    issued_on: date
    expires_on: date | None = None
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by_id: int | None = Field(default=None, foreign_key="user.id")
    back_entered: bool = False
    redeemed_at: datetime | None = None
    redeemed_on: date | None = None
    redeemed_by_id: int | None = Field(default=None, foreign_key="user.id")
    outcome_id: int | None = Field(default=None, foreign_key="outcome.id")
    outcome_on: date | None = None
    outcome_by_id: int | None = Field(default=None, foreign_key="user.id")
    cancelled_at: datetime | None = None
    cancelled_by_id: int | None = Field(default=None, foreign_key="user.id")
    cancel_reason: str = Field(default="", max_length=500)
    # The coupon this one replaces (the old one is cancelled); at most one replacement per coupon.
    reissued_from_id: int | None = Field(default=None, foreign_key="coupon.id", unique=True)
    pad_id: int | None = Field(default=None, foreign_key="pad.id")  # printed blank on this pad
