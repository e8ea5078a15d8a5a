"""After a fair: the blanks of its pads still unused are voided (cancelled as "unused blank"), so no one can
fill one in later; the tally skips cancelled coupons."""

from __future__ import annotations

from sqlmodel import Session

from fairs.errors import Conflict, Forbidden
from fairs.i18n import _
from fairs.models import Fair, Role, User, utcnow
from fairs.services import audit, schedule
from fairs.services.coupons import coupon_lists as lists
from fairs.services.coupons import repository as sql
from fairs.services.coupons.pads import FAIR_OVER, VOID_REASON
from fairs.services.scope import ensure_organiser_of


def _fair_over(session: Session, *, actor: User, fair_id: int) -> Fair:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers void blank coupons."))
    fair = schedule.get_fair(session, actor=actor, fair_id=fair_id)
    ensure_organiser_of(actor, fair.district_id)
    return fair


def count_blanks(session: Session, *, actor: User, fair_id: int) -> tuple[Fair, int]:
    """The fair and how many coupons of its pads are still blank (organisers)."""
    fair = _fair_over(session, actor=actor, fair_id=fair_id)
    return fair, lists.count_blanks(session, fair.id)


def void_blanks(session: Session, *, actor: User, fair_id: int) -> int:
    """After the fair, void every coupon of its pads still blank (cancelled, "unused blank"); how many."""
    fair = _fair_over(session, actor=actor, fair_id=fair_id)
    if fair.status not in FAIR_OVER:
        raise Conflict(_("Unused blanks are voided only after the fair."), code="fair_not_over")
    voided = sql.void_blanks(session, fair_id=fair.id, at=utcnow(), by_id=actor.id, reason=VOID_REASON)
    audit.record(
        session,
        actor=actor,
        action="void_blanks",
        entity="fair",
        entity_id=fair.id,
        district_id=fair.district_id,
        details={"count": voided},
    )
    return voided
