"""Who makes, sees and reads a handover: the one place the rule «readable during an active handover» lives.

An organiser of the sending district hands a client over to another district of the same region (the
district of their place of registration). Organisers of either district see the handover; for
READABLE_DAYS from the day it was made (`readable_until`, inclusive) each side also reads the other side's
history of the person (visits, consultations, coupons: `reads_across`). Nobody else sees it.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import Forbidden, NotFound
from fairs.i18n import N_, _, translations
from fairs.models import District, Handover, Role, User

# How long after a handover each side reads the other side's history of the person.
READABLE_DAYS = 90
# The cancel reason of a coupon re-issued in the receiving district: stored translated (default locale).
HANDOVER_REASON = N_("handover")


def handover_reason() -> str:
    """`handover` in the district's language (the default locale), whoever hands over."""
    return translations(get_settings().default_locale).gettext(HANDOVER_REASON)


def ensure_organiser(actor: User) -> int:
    """Refuse anyone but an organiser of a district (403); the organiser's district."""
    if actor.role != Role.organiser or actor.district_id is None:
        raise Forbidden(_("Only organisers hand clients over to another district."))
    return actor.district_id


def target_districts(session: Session, actor: User) -> list[District]:
    """The districts `actor` may hand a client over to: the other open districts of their region, by name."""
    home = session.get(District, ensure_organiser(actor))
    query = select(District).where(
        District.region_id == home.region_id,
        District.id != home.id,
        District.retired == False,  # noqa: E712
    )
    return list(session.exec(query.order_by(District.name, District.id)).all())


def get_handover(session: Session, *, actor: User, handover_id: int) -> Handover:
    """A handover of one of the actor's districts (sending or receiving), else 404."""
    district_id = ensure_organiser(actor)
    handover = session.get(Handover, handover_id)
    if handover is None or district_id not in (handover.from_district_id, handover.to_district_id):
        raise NotFound(_("No such handover."), code="handover_not_found")
    return handover


def reads_across(actor: User, handover: Handover, today: date | None = None) -> bool:
    """Whether `actor` reads the other side's history of the handed-over person now: an organiser of either
    district, until `readable_until`. The one rule the pages and the API ask."""
    if actor.role != Role.organiser:
        return False
    if actor.district_id not in (handover.from_district_id, handover.to_district_id):
        return False
    return (today or local_today()) <= handover.readable_until


def other_side(actor: User, handover: Handover) -> tuple[int, int]:
    """The district and the client row of the side `actor` does not belong to."""
    if actor.district_id == handover.from_district_id:
        return handover.to_district_id, handover.to_client_id
    return handover.from_district_id, handover.from_client_id
