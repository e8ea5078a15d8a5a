"""Users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class Role(enum.StrEnum):
    """What a user may do (DESIGN.md §2)."""

    organiser = "organiser"
    partner = "partner"
    committee = "committee"
    admin = "admin"
    # A prison's social worker: adds people about to be released (services/release), sees only those.
    prison_worker = "prison_worker"
    # A social worker who accompanies people after release (services/curation): sees only their own people.
    curator = "curator"


class User(SQLModel, table=True):
    """A person who logs in; partners are bound to one organisation."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=100, unique=True)
    password_hash: str = Field(max_length=255)
    full_name: str = Field(default="", max_length=200)
    role: str = Field(max_length=20)
    district_id: int | None = Field(default=None, foreign_key="district.id", index=True)
    region_id: int | None = Field(default=None, foreign_key="region.id")
    organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    is_active: bool = True
    # Bearer tokens carry the generation they were issued in; bumping it (password change, "log out on
    # every device", block) refuses every token issued before.
    token_generation: int = Field(default=0)
    # Set when someone else chose the password (a reset, an account made for the person): the account
    # must choose its own before doing anything else.
    must_change_password: bool = False
    # The language of the user's pages (ru, en, be) when the request names none; blank: the deployment's.
    locale: str = Field(default="", max_length=5)
    created_at: datetime = Field(default_factory=utcnow)
