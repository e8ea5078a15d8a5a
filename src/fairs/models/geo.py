"""Regions (области) and districts (районы): every record is scoped to a district."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel


class Region(SQLModel, table=True):
    """An oblast; committee users of a region read all its districts."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    # Retired: kept with its records and old tallies, but offered for no new district or account.
    retired: bool = False


class District(SQLModel, table=True):
    """A district (район): owner of organisations, fairs, clients, coupons and users."""

    id: int | None = Field(default=None, primary_key=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    name: str = Field(max_length=200)
    # Retired: kept with its records and old tallies, but offered for no new account or fair.
    retired: bool = False
    # Print the client's initials on coupons (off unless the district enables it).
    print_initials: bool = False
    # What new fairs of the district get (the schedule and the one-fair form).
    default_venue: str = Field(default="", max_length=300)
    default_starts_at: dt.time = Field(default=dt.time(9, 0))
    default_ends_at: dt.time = Field(default=dt.time(18, 0))
    # The language of what the district prints and sends (coupons, the committee's workbook): ru, en or be.
    print_locale: str = Field(default="ru", max_length=5)
