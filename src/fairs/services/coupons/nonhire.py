"""Why a job fell through: the reason, employer and profession a «not hired» or «not eligible» outcome
takes (docs/report.md, «Why a job fell through»). Other outcomes take none.

The texts typed are never echoed in an error or written to the audit: a profession or an employer's name
could carry what the person told."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session, delete, select

from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import NONHIRE_OUTCOMES, Coupon, CouponNonhire, NonhireReason, Organisation
from fairs.services.registry import reason_to_record

TEXT_MAX = 200  # an employer's name or a profession, once its spaces are collapsed
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class NonhireDetails:
    """What the form or the request gave: a reason code, an employer (an organisation, or a name typed;
    neither: the receiving organisation) and a profession. Empty strings count as not given."""

    reason: str | None = None
    employer: str | None = None
    employer_organisation_id: int | None = None
    profession: str | None = None

    def given(self) -> bool:
        """Whether anything was given at all."""
        texts = (self.reason, self.employer, self.profession)
        return any(value and value.strip() for value in texts) or self.employer_organisation_id is not None


@dataclass(frozen=True)
class NonhireShown:
    """The recorded reason, employer and profession of a coupon, as a page or the API shows them."""

    reason: NonhireReason
    employer: str
    employer_organisation_id: int | None
    profession: str


def normalised(value: str | None, *, field: str) -> str:
    """`value` trimmed, its runs of spaces made one (400 `text_too_long` past TEXT_MAX characters)."""
    text = _SPACES.sub(" ", value or "").strip()
    if len(text) > TEXT_MAX:
        raise Invalid(
            _("The %(field)s is longer than %(max)s characters.") % {"field": field, "max": TEXT_MAX},
            code="text_too_long",
        )
    return text


def takes_reason(outcome_code: str) -> bool:
    """Whether an outcome with this code takes a reason (`not_hired`, `not_eligible`)."""
    return outcome_code in NONHIRE_OUTCOMES


def checked_details(
    session: Session, *, outcome_code: str, details: NonhireDetails | None
) -> CouponNonhire | None:
    """The row to keep for an outcome (None for an outcome that takes no reason): 400
    `nonhire_reason_required` when `not_hired`/`not_eligible` comes without a reason, 400
    `nonhire_not_applicable` when another outcome comes with one (or an employer, a profession), 400
    `unknown_reason`, 409 `reason_retired`, 400 `unknown_employer`, 400 `text_too_long`."""
    details = details or NonhireDetails()
    if not takes_reason(outcome_code):
        if details.given():
            raise Invalid(
                _("A reason, an employer and a profession go only with «not hired» or «not eligible»."),
                code="nonhire_not_applicable",
            )
        return None
    if not (details.reason or "").strip():
        raise Invalid(
            _("Choose why: «not hired» and «not eligible» need a reason from the list."),
            code="nonhire_reason_required",
        )
    reason = reason_to_record(session, details.reason or "")
    employer = normalised(details.employer, field=_("employer"))
    profession = normalised(details.profession, field=_("profession"))
    organisation_id = details.employer_organisation_id
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise Invalid(_("No such employer organisation."), code="unknown_employer")
    if organisation_id is not None and employer:
        raise Invalid(
            _("Give the employer either as an organisation or as a name, not both."), code="employer_twice"
        )
    return CouponNonhire(
        coupon_id=0,
        reason_id=reason.id,
        employer_organisation_id=organisation_id,
        employer_name=employer,
        employer_key=employer.casefold(),
        profession=profession,
        profession_key=profession.casefold(),
    )


def keep_details(session: Session, *, coupon: Coupon, row: CouponNonhire | None) -> dict:
    """Store `row` for `coupon` (replacing what it had; None: remove it); the audit's part of it."""
    clear_details(session, coupon_id=coupon.id)
    if row is None:
        return {}
    if row.employer_organisation_id is None and not row.employer_name:
        row.employer_organisation_id = coupon.organisation_id  # by default the receiving organisation
    row.coupon_id = coupon.id
    session.add(row)
    session.flush()
    reason = session.get(NonhireReason, row.reason_id)
    return {
        "nonhire_reason": reason.code if reason else None,
        "employer_id": row.employer_organisation_id,
        "employer_typed": bool(row.employer_name),
        "profession_given": bool(row.profession),
    }


def clear_details(session: Session, *, coupon_id: int) -> None:
    """Remove a coupon's reason (its outcome changed, or its redemption annulled)."""
    session.execute(delete(CouponNonhire).where(CouponNonhire.coupon_id == coupon_id))


def details_of(session: Session, *, coupon_id: int) -> NonhireShown | None:
    """The reason, employer and profession recorded for a coupon, if any."""
    row = session.exec(
        select(CouponNonhire, NonhireReason, Organisation)
        .join(NonhireReason, NonhireReason.id == CouponNonhire.reason_id)
        .outerjoin(Organisation, Organisation.id == CouponNonhire.employer_organisation_id)
        .where(CouponNonhire.coupon_id == coupon_id)
    ).first()
    if row is None:
        return None
    kept, reason, organisation = row
    employer = organisation.name if organisation is not None else kept.employer_name
    return NonhireShown(reason, employer, kept.employer_organisation_id, kept.profession)
