"""What happens to a coupon after it is issued: redeemed at most once, an outcome, cancelled, a redemption
annulled. Each change is one conditional statement or a checked one, with its audit entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import Conflict, Forbidden, Gone, Invalid
from fairs.i18n import _
from fairs.models import (
    Coupon,
    CouponStatus,
    Fair,
    Role,
    User,
    utcnow,
)
from fairs.services import audit
from fairs.services.coupons import repository as sql
from fairs.services.coupons.nonhire import NonhireDetails, checked_details, clear_details, keep_details
from fairs.services.coupons.reading import is_receiver
from fairs.services.coupons.view import CouponView, effective_state
from fairs.services.period_lock import ensure_period_open
from fairs.services.registry import get_outcome


def _fair_day(session: Session, coupon: Coupon) -> date | None:
    """The date of the coupon's fair: the period its issue (and so its cancellation) counts in."""
    fair = session.get(Fair, coupon.fair_id) if coupon.fair_id else None
    return fair.date if fair else None


def _ensure_receiver(actor: User, coupon: Coupon) -> None:
    if is_receiver(actor, coupon):
        return
    raise Forbidden(_("This coupon is addressed to another organisation."), code="other_organisation")


def redeem_found(
    session: Session, *, actor: User, found: CouponView, redeemed_on: date | None = None
) -> CouponView:
    """Redeem a coupon already found with its names; the view shows it redeemed."""
    redeem_coupon(session, actor=actor, coupon=found.coupon, redeemed_on=redeemed_on)
    return replace(found, redeemed_by=actor.full_name or actor.username, state=effective_state(found.coupon))


def redeem_coupon(
    session: Session, *, actor: User, coupon: Coupon, redeemed_on: date | None = None
) -> Coupon:
    """Mark the coupon used, at most once: one conditional UPDATE decides between racing scans."""
    _ensure_receiver(actor, coupon)
    today = local_today()
    back = redeemed_on is not None and redeemed_on != today
    day = redeemed_on or today
    if day > today:
        raise Invalid(_("The redemption date cannot be in the future."), code="date_in_future")
    if back and actor.role != Role.organiser:
        raise Forbidden(_("Only organisers enter a redemption date from a paper stub."))
    if day < coupon.issued_on:
        raise Invalid(_("The redemption date is before the coupon was issued."), code="date_before_issue")
    ensure_period_open(session, district_id=coupon.district_id, day=day)  # the redemption day counts
    redeemed = {
        "status": CouponStatus.redeemed.value,
        "redeemed_at": utcnow(),
        "redeemed_on": day,
        "redeemed_by_id": actor.id,
    }
    if not sql.redeem(session, coupon, redeemed, day=day):
        sql.reload(session, coupon)
        _explain_refusal(session, coupon, day)
    audit.record(
        session,
        actor=actor,
        action="redeem",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        back_entered=back,
        details={"code": coupon.code, "redeemed_on": day.isoformat()},
    )
    return coupon


def _explain_refusal(session: Session, coupon: Coupon, day: date) -> None:
    if coupon.status == CouponStatus.redeemed:
        who = session.get(User, coupon.redeemed_by_id) if coupon.redeemed_by_id else None
        raise Conflict(
            _("Already redeemed on %(day)s by %(who)s.")
            % {
                "day": coupon.redeemed_on.strftime("%d.%m.%Y") if coupon.redeemed_on else "?",
                "who": (who.full_name or who.username) if who else "?",
            },
            code="already_redeemed",
            redeemed_on=coupon.redeemed_on.isoformat() if coupon.redeemed_on else None,
            redeemed_by=(who.full_name or who.username) if who else None,
        )
    if coupon.status == CouponStatus.cancelled:
        raise Gone(_("This coupon was cancelled."), code="cancelled", reason=coupon.cancel_reason)
    raise Gone(
        _("This coupon expired on %(day)s.") % {"day": coupon.expires_on.strftime("%d.%m.%Y")},
        code="expired",
        expires_on=coupon.expires_on.isoformat(),
    )


def record_outcome(
    session: Session,
    *,
    actor: User,
    coupon: Coupon,
    outcome: str,
    day: date | None = None,
    nonhire: NonhireDetails | None = None,
) -> Coupon:
    """Record (or correct) the outcome of a redeemed coupon, from its direction's list; «not hired» and
    «not eligible» with a reason, an employer and a profession (services/coupons/nonhire.py)."""
    _ensure_receiver(actor, coupon)
    if coupon.status != CouponStatus.redeemed:
        raise Conflict(
            _("An outcome can be recorded only after the coupon is redeemed."), code="not_redeemed"
        )
    day = day or local_today()
    if day > local_today():
        raise Invalid(_("The outcome date cannot be in the future."), code="date_in_future")
    if coupon.redeemed_on and day < coupon.redeemed_on:
        raise Invalid(_("The outcome date is before the redemption."), code="date_before_redemption")
    outcome_row = get_outcome(session, direction_id=coupon.direction_id, code=outcome)
    kept = checked_details(session, outcome_code=outcome_row.code, details=nonhire)
    for dated in (coupon.outcome_on, day):  # the outcome corrected, and the one recorded
        ensure_period_open(session, district_id=coupon.district_id, day=dated)
    previous = coupon.outcome_id
    values = {"outcome_id": outcome_row.id, "outcome_on": day, "outcome_by_id": actor.id}
    sql.set_outcome(session, coupon, values)
    why = keep_details(session, coupon=coupon, row=kept)
    audit.record(
        session,
        actor=actor,
        action="outcome",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={
            "code": coupon.code,
            "outcome": outcome,
            "date": day.isoformat(),
            "corrected": bool(previous),
            **why,
        },
    )
    return coupon


def cancel_coupon(session: Session, *, actor: User, coupon: Coupon, reason: str) -> Coupon:
    """Organisers cancel an unredeemed coupon issued in error, with a reason."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers cancel coupons."))
    if not reason.strip():
        raise Invalid(_("A reason is required."), code="reason_required")
    ensure_period_open(session, district_id=coupon.district_id, day=_fair_day(session, coupon))
    cancelled = {
        "status": CouponStatus.cancelled.value,
        "cancelled_at": utcnow(),
        "cancelled_by_id": actor.id,
        "cancel_reason": reason.strip()[:500],
    }
    if not sql.cancel(session, coupon, cancelled):
        sql.reload(session, coupon)
        if coupon.status == CouponStatus.redeemed:
            raise Conflict(_("A redeemed coupon cannot be cancelled."), code="already_redeemed")
        raise Conflict(_("This coupon was cancelled already."), code="cancelled")
    audit.record(
        session,
        actor=actor,
        action="cancel",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={"code": coupon.code, "reason": reason.strip()[:500]},
    )
    return coupon


def annul_redemption(session: Session, *, actor: User, coupon: Coupon, reason: str) -> Coupon:
    """Organisers undo a redemption made in error, with a reason: the coupon is issued again (and reads as
    expired if its validity has ended), its outcome cleared; the audit row keeps what was undone."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers annul a redemption."))
    reason = reason.strip()
    if not reason:
        raise Invalid(_("A reason is required."), code="reason_required")
    if len(reason) > 500:
        raise Invalid(_("The reason is longer than 500 characters."), code="reason_too_long")
    for dated in (coupon.redeemed_on, coupon.outcome_on):  # what the annulment undoes
        ensure_period_open(session, district_id=coupon.district_id, day=dated)
    before = {"redeemed_on": coupon.redeemed_on, "redeemed_by_id": coupon.redeemed_by_id}
    outcome_id = coupon.outcome_id
    if not sql.annul(session, coupon):
        raise Conflict(_("This coupon is not redeemed."), code="not_redeemed")
    clear_details(session, coupon_id=coupon.id)  # the outcome's reason goes with the outcome
    audit.record(
        session,
        actor=actor,
        action="annul",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={
            "code": coupon.code,
            "reason": reason,
            "redeemed_on": before["redeemed_on"].isoformat() if before["redeemed_on"] else None,
            "redeemed_by_id": before["redeemed_by_id"],
            "outcome_id": outcome_id,
        },
    )
    return coupon
