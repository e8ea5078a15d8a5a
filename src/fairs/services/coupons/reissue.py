"""Re-issuing an unused coupon: the original cancelled as re-issued, a replacement issued today at the same
fair and booth (the follow-up list's action), and the link back from a replacement to its original."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import Conflict
from fairs.i18n import N_, _, translations
from fairs.models import Client, Coupon, CouponStatus, Direction, Organisation, User, utcnow
from fairs.services import audit
from fairs.services.coupons import changes, codes, issue
from fairs.services.coupons.followup import coupon_of_district
from fairs.services.coupons.repository import NOT_YET
from fairs.services.registry import ensure_direction_open, receives

# The cancel reason of a re-issued coupon: the msgid, stored translated into the district's language.
REISSUED = N_("re-issued")


def reissue(session: Session, *, actor: User, coupon: Coupon) -> Coupon:
    """Cancel an unused coupon as re-issued and issue its replacement today, at the same fair and booth.

    The replacement counts on the original fair's date, and the cancelled coupon no longer counts, so the
    committee's tallies (persons referred, coupons issued) do not change. The caller commits both."""
    coupon_of_district(actor, coupon)
    if coupon.status == CouponStatus.redeemed:
        raise Conflict(_("A redeemed coupon cannot be re-issued."), code="already_redeemed")
    if coupon.status == CouponStatus.cancelled:
        raise Conflict(_("A cancelled coupon cannot be re-issued."), code="cancelled")
    target = session.get(Organisation, coupon.organisation_id)
    if target is None or not target.is_active:
        raise Conflict(
            _("The receiving organisation no longer takes referrals."), code="organisation_inactive"
        )
    ensure_direction_open(session.get(Direction, coupon.direction_id))
    if not receives(session, organisation_id=target.id, direction_id=coupon.direction_id):
        raise Conflict(
            _("%(org)s no longer receives coupons in this direction.") % {"org": target.name},
            code="direction_not_received",
        )
    # The conditional UPDATE of cancel_coupon decides between a racing redemption and this re-issue.
    changes.cancel_coupon(session, actor=actor, coupon=coupon, reason=reissue_reason())
    replacement = issue.insert_coupon(session, replacement_row(coupon, actor))
    client = session.get(Client, coupon.client_id)
    audit.record(
        session,
        actor=actor,
        action="issue",
        entity="coupon",
        entity_id=replacement.id,
        district_id=coupon.district_id,
        details={
            "code": replacement.code,
            "reissued_from": coupon.code,
            "organisation_id": coupon.organisation_id,
            "client": client.code if client else None,
        },
    )
    return replacement


def reissue_reason() -> str:
    """`re-issued` in the district's language (the default locale), whoever clicks.

    Stored as text like any typed reason, so the coupon screen and the API show it as they are; the link
    itself is `reissued_from_id` on the new coupon, so nothing depends on the wording."""
    return translations(get_settings().default_locale).gettext(REISSUED)


def original_of(session: Session, *, actor: User, coupon: Coupon) -> Coupon | None:
    """The coupon that `coupon` replaced, if it is a re-issue."""
    coupon_of_district(actor, coupon)
    return session.get(Coupon, coupon.reissued_from_id) if coupon.reissued_from_id else None


def replacement_row(coupon: Coupon, actor: User, **where: int) -> dict:
    """The row of a coupon issued today by `actor` in place of `coupon`: the same person and direction, a new
    token and validity; `where` (district_id, fair_id, booth_id, client_id, issuing_organisation_id,
    organisation_id) moves it elsewhere, else it stays where `coupon` was."""
    today = local_today()
    return {
        "district_id": coupon.district_id,
        "fair_id": coupon.fair_id,
        "booth_id": coupon.booth_id,
        "client_id": coupon.client_id,
        "issuing_organisation_id": coupon.issuing_organisation_id,
        "organisation_id": coupon.organisation_id,
        **where,
        "token": codes.new_token(),
        "person_id": coupon.person_id,
        "direction_id": coupon.direction_id,
        "status": CouponStatus.issued.value,
        "issued_on": today,
        "expires_on": today + timedelta(days=get_settings().coupon_validity_days),
        "issued_at": utcnow(),
        "issued_by_id": actor.id,
        "back_entered": False,
        "reissued_from_id": coupon.id,
        **NOT_YET,
    }
