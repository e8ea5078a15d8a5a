"""Which districts a user may see, and the district a user writes into."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Forbidden
from fairs.i18n import _
from fairs.models import District, Role, User


def visible_district_ids(session: Session, user: User) -> list[int]:
    """Districts whose data `user` may read: their own, or every district of their region."""
    if user.district_id is not None:
        return [user.district_id]
    if user.region_id is not None:
        return list(session.exec(select(District.id).where(District.region_id == user.region_id)).all())
    if user.role == Role.admin:
        return list(session.exec(select(District.id)).all())
    return []


def home_district(user: User) -> int:
    """The district `user` works in (writes go there)."""
    if user.district_id is None:
        raise Forbidden(_("Your account is not attached to a district."), code="no_district")
    return user.district_id


def ensure_organiser_of(user: User, district_id: int) -> None:
    """Only an organiser of this very district may change its schedule, booths and registry."""
    if user.role != Role.organiser:
        raise Forbidden(_("Only organisers may do this."))
    if user.district_id != district_id:
        raise Forbidden(_("This belongs to another district."), code="other_district")


def list_districts(session: Session) -> list[District]:
    """All districts, by name (admins pick one when creating an account)."""
    return list(session.exec(select(District).order_by(District.name)).all())
