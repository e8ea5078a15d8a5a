"""Why a job fell through: the admin-managed reasons, and the reason, employer and profession recorded
with a coupon's «not hired» or «not eligible» outcome."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from fairs.models.base import local_name

# The outcome codes that take a reason (in every direction that has them).
NONHIRE_OUTCOMES = ("not_hired", "not_eligible")


class NonhireReason(SQLModel, table=True):
    """A reason a person was not hired or not eligible, e.g. `conviction_restriction`."""

    __tablename__ = "nonhire_reason"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=50, unique=True)
    name_ru: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    name_be: str = Field(default="", max_length=200)  # "" = shown in Russian
    sort_order: int = 0
    is_active: bool = True  # a retired reason is offered for no new recording; the history keeps it

    def name(self, locale: str) -> str:
        """The name in `locale` (see `local_name`)."""
        return local_name(locale, ru=self.name_ru, en=self.name_en, be=self.name_be)


class CouponNonhire(SQLModel, table=True):
    """The reason, employer and profession of one coupon's «not hired» / «not eligible» outcome (one row
    per coupon, removed when the outcome is changed to another or the redemption is annulled).

    The employer is an organisation (`employer_organisation_id`, by default the receiving one) or a name
    typed (`employer_name`); `*_key` are the casefolded forms the report groups by."""

    __tablename__ = "coupon_nonhire"

    coupon_id: int = Field(foreign_key="coupon.id", primary_key=True)
    reason_id: int = Field(foreign_key="nonhire_reason.id", index=True)
    employer_organisation_id: int | None = Field(default=None, foreign_key="organisation.id")
    employer_name: str = Field(default="", max_length=200)
    employer_key: str = Field(default="", max_length=200)
    profession: str = Field(default="", max_length=200)
    profession_key: str = Field(default="", max_length=200)
