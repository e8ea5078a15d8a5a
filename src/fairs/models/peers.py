"""Peers bring peers: invitation slips a client hands to peers, and the incentive for a recruit's referral."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class PeerInvitation(SQLModel, table=True):
    """A printed slip with its own code and QR token, given to a client (the recruiter) for a peer; used
    once, at the fair where the peer registers (the recruit), which links recruiter and recruit by client
    only; it may expire or be voided. No personal data: the slip carries only the code."""

    __tablename__ = "peer_invitation"

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    token: str = Field(max_length=64, unique=True)  # the QR
    code: str = Field(max_length=9, unique=True)  # typed: 8 symbols and a check symbol
    recruiter_client_id: int = Field(foreign_key="client.id", index=True)
    issued_on: date  # local date
    expires_on: date  # the last day it can be used
    issued_at: datetime = Field(default_factory=utcnow)
    issued_by_id: int | None = Field(default=None, foreign_key="user.id")
    # Set once, when a peer came with it: a client is recruited at most once (unique).
    recruit_client_id: int | None = Field(default=None, foreign_key="client.id", unique=True)
    recruit_person_id: int | None = Field(default=None, foreign_key="person.id")  # the recruit's (Person)
    used_fair_id: int | None = Field(default=None, foreign_key="fair.id", index=True)
    used_at: datetime | None = None
    used_by_id: int | None = Field(default=None, foreign_key="user.id")
    voided_at: datetime | None = None
    voided_by_id: int | None = Field(default=None, foreign_key="user.id")


class PeerIncentive(SQLModel, table=True):
    """An incentive (e.g. a certificate) handed to the recruiter once the recruit's referral coupon was
    redeemed; at most one per invitation used."""

    __tablename__ = "peer_incentive"

    id: int | None = Field(default=None, primary_key=True)
    district_id: int = Field(foreign_key="district.id", index=True)
    invitation_id: int = Field(foreign_key="peer_invitation.id", unique=True)
    coupon_id: int = Field(foreign_key="coupon.id")  # the recruit's redeemed referral
    handed_on: date  # local date: counts in the period of this day
    recorded_at: datetime = Field(default_factory=utcnow)
    recorded_by_id: int | None = Field(default=None, foreign_key="user.id")
