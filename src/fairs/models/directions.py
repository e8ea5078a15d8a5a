"""Directions (the report's rows) and the outcomes each can have."""

from __future__ import annotations

from sqlmodel import Field, SQLModel, UniqueConstraint

from fairs.models.base import local_name


class Direction(SQLModel, table=True):
    """A kind of service a coupon refers to, e.g. `rehab`."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=50, unique=True)
    name_ru: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    name_be: str = Field(default="", max_length=200)  # "" = shown in Russian
    sort_order: int = 0
    is_active: bool = True
    # The kinds of organisation (OrganisationKind values) that receive it, comma-separated; "" = any kind.
    kinds: str = Field(default="", max_length=200)

    def name(self, locale: str) -> str:
        """The name in `locale` (see `local_name`)."""
        return local_name(locale, ru=self.name_ru, en=self.name_en, be=self.name_be)

    @property
    def kind_list(self) -> list[str]:
        """The kinds of organisation that receive it (empty: any kind)."""
        return [kind for kind in self.kinds.split(",") if kind]


class Outcome(SQLModel, table=True):
    """A possible outcome of a redeemed coupon in one direction, e.g. `employed`."""

    __table_args__ = (UniqueConstraint("direction_id", "code", name="uq_outcome_direction_code"),)

    id: int | None = Field(default=None, primary_key=True)
    direction_id: int = Field(foreign_key="direction.id", index=True)
    code: str = Field(max_length=50)
    name_ru: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    name_be: str = Field(default="", max_length=200)  # "" = shown in Russian
    sort_order: int = 0
    is_active: bool = True  # a retired outcome is offered for no new recording; old coupons keep it

    def name(self, locale: str) -> str:
        """The name in `locale` (see `local_name`)."""
        return local_name(locale, ru=self.name_ru, en=self.name_en, be=self.name_be)
