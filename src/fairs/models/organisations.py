"""Partner organisations and the directions they receive."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class OrganisationKind(enum.StrEnum):
    """What sort of organisation it is."""

    medical = "medical"
    social = "social"
    employment = "employment"
    ngo = "ngo"
    religious = "religious"
    employer = "employer"
    other = "other"
    # A prison: its social workers register people about to be released (services/release).
    prison = "prison"


class Organisation(SQLModel, table=True):
    """A partner (or an employer without a booth) that receives referrals."""

    id: int | None = Field(default=None, primary_key=True)
    # The home district: its organisers register and edit the organisation.
    district_id: int = Field(foreign_key="district.id", index=True)
    # A regional one (a regional hospital, employment office) also serves every district of the home
    # district's region: listed there, chosen for their booths and coupons; still edited only at home.
    serves_region: bool = False
    name: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=100)
    hours: str = Field(default="", max_length=200)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


class OrganisationDirection(SQLModel, table=True):
    """Link: the organisation receives coupons in this direction."""

    organisation_id: int = Field(foreign_key="organisation.id", primary_key=True)
    direction_id: int = Field(foreign_key="direction.id", primary_key=True)
