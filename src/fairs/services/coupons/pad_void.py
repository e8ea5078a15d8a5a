"""After a fair: the blanks of its pads still unused are voided (cancelled as "unused blank"), so no one can
fill one in later; the tally skips cancelled coupons."""

from __future__ import annotations

from sqlalchemy import bindparam, update
from sqlmodel import Session, func, select

from fairs.errors import Conflict, Forbidden
from fairs.i18n import _
from fairs.models import Coupon, CouponStatus, Fair, Role, User, utcnow
from fairs.services import audit, schedule
from fairs.services.coupons.pads import FAIR_OVER, VOID_REASON
from fairs.services.scope import ensure_organiser_of

_C = Coupon.__table__.c
_VOID = (
    update(Coupon.__table__)
    .where(_C.fair_id == bindparam("of_fair"), _C.status == CouponStatus.blank.value, _C.pad_id.is_not(None))
    .values(
        status=CouponStatus.cancelled.value,
        cancelled_at=bindparam("at"),
        cancelled_by_id=bindparam("by"),
        cancel_reason=VOID_REASON,
    )
)


def _fair_over(session: Session, *, actor: User, fair_id: int) -> Fair:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers void blank coupons."), code="forbidden")
    fair = schedule.get_fair(session, actor=actor, fair_id=fair_id)
    ensure_organiser_of(actor, fair.district_id)
    return fair


def count_blanks(session: Session, *, actor: User, fair_id: int) -> tuple[Fair, int]:
    """The fair and how many coupons of its pads are still blank (organisers)."""
    fair = _fair_over(session, actor=actor, fair_id=fair_id)
    query = (
        select(func.count())
        .select_from(Coupon)
        .where(Coupon.fair_id == fair.id, Coupon.status == CouponStatus.blank, Coupon.pad_id.is_not(None))
    )
    return fair, session.exec(query).one()


def void_blanks(session: Session, *, actor: User, fair_id: int) -> int:
    """After the fair, void every coupon of its pads still blank (cancelled, "unused blank"); how many."""
    fair = _fair_over(session, actor=actor, fair_id=fair_id)
    if fair.status not in FAIR_OVER:
        raise Conflict(_("Unused blanks are voided only after the fair."), code="fair_not_over")
    result = session.execute(_VOID, {"of_fair": fair.id, "at": utcnow(), "by": actor.id})
    audit.record(
        session,
        actor=actor,
        action="void_blanks",
        entity="fair",
        entity_id=fair.id,
        district_id=fair.district_id,
        details={"count": result.rowcount},
    )
    return result.rowcount
