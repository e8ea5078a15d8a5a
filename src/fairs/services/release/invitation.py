"""The invitation to the next fair that the district's inspection prints for a person expected there: the
fair's date, venue and hours, what to bring, and the client code as the only thing about the person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.errors import Conflict, Forbidden
from fairs.i18n import _
from fairs.models import Fair, FairStatus, Role, User
from fairs.services import schedule
from fairs.services.release.persons import get_expected


@dataclass(frozen=True, slots=True)
class Invitation:
    """What the printed invitation carries: nothing of the person but the client code."""

    code: str
    district_id: int
    fair: Fair


def next_fair(session: Session, *, district_id: int, on_or_after: date) -> Fair | None:
    """The district's first fair still to be held (planned or open) on or after the day."""
    return session.exec(
        select(Fair)
        .where(
            Fair.district_id == district_id,
            Fair.date >= on_or_after,
            Fair.status.in_([FairStatus.planned.value, FairStatus.open.value]),
            schedule.real_fairs(Fair.kind),
        )
        .order_by(Fair.date)
        .limit(1)
    ).first()


def invitation(session: Session, *, actor: User, expected_id: int) -> Invitation:
    """The invitation of a person expected in the organiser's district to the first fair after the release
    (409 `no_fair_planned` when the district has none planned yet)."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers print invitations."))
    person = get_expected(session, actor=actor, expected_id=expected_id).person
    fair = next_fair(
        session, district_id=person.district_id, on_or_after=max(local_today(), person.release_on)
    )
    if fair is None:
        raise Conflict(
            _("No fair of the district is planned after the release date: plan one first."),
            code="no_fair_planned",
        )
    return Invitation(code=person.code, district_id=person.district_id, fair=fair)
