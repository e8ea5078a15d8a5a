"""Retention: erase the personal fields of clients with no activity for a period; codes and tallies stay."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, or_, select, union, update
from sqlmodel import Session

from fairs.clock import local_midnight, to_local
from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import (
    Client,
    Consultation,
    Coupon,
    District,
    Fair,
    FollowupContact,
    JourneyNote,
    PlanNeed,
    Visit,
    utcnow,
)
from fairs.services import accounts, audit
from fairs.services.clients.notes import erase_notes, has_note
from fairs.services.clients.registration import PERSONAL_FIELDS

_AGE = re.compile(r"^\s*(\d{1,4})\s*([dmy])\s*$", re.IGNORECASE)


def cutoff_for(age: str, today: date) -> date:
    """The first day that still counts as recent for an age like `36m`, `3y` or `90d`."""
    match = _AGE.match(age or "")
    if not match or int(match.group(1)) == 0:
        raise Invalid(_("Write the period as a number and d, m or y, e.g. 36m."), code="invalid_age")
    count, unit = int(match.group(1)), match.group(2).lower()
    if unit == "d":
        return date.fromordinal(today.toordinal() - count)
    months = count * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    if year < 1:
        raise Invalid(_("This period reaches back too far."), code="invalid_age")
    for day in range(today.day, 0, -1):  # 31 March minus one month is 28/29 February
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class StaleClient:
    """A client whose personal fields are due for erasure (no values shown, only the code)."""

    client_id: int
    code: str
    district_id: int
    district: str
    last_activity: date


def _recent_client_ids(cutoff: date):  # noqa: ANN202
    """Clients with any visit, consultation, coupon, redemption, outcome, follow-up contact, journey note or
    change of their plan on or after `cutoff`."""
    since = local_midnight(cutoff)  # the cut-off day begins in the district's time zone
    return union(
        select(Visit.client_id).join(Fair, Fair.id == Visit.fair_id).where(Fair.date >= cutoff),
        select(Consultation.client_id).where(Consultation.created_at >= since),
        # NOT IN over a NULL would match nothing: blanks of pads have no client yet.
        select(Coupon.client_id).where(
            Coupon.client_id.is_not(None),
            or_(Coupon.issued_on >= cutoff, Coupon.redeemed_on >= cutoff, Coupon.outcome_on >= cutoff),
        ),
        # The inspection reached the person about an unused coupon: that is activity too.
        select(FollowupContact.client_id).where(FollowupContact.contacted_on >= cutoff),
        # So is the curator's work with the person: a journey note, a need of the plan added or changed.
        select(JourneyNote.client_id).where(JourneyNote.noted_on >= cutoff),
        select(PlanNeed.client_id).where(PlanNeed.changed_at >= since),
    )


def _has_personal():  # noqa: ANN202
    return or_(*(getattr(Client, key).is_not(None) for key in PERSONAL_FIELDS))


def stale_clients(session: Session, *, cutoff: date) -> list[StaleClient]:
    """Clients holding personal fields or notes with no activity since `cutoff`, by district and code."""
    since = local_midnight(cutoff)  # the cut-off day begins in the district's time zone
    rows = session.execute(
        select(Client.id, Client.code, Client.district_id, District.name, Client.created_at)
        .join(District, District.id == Client.district_id)
        .where(
            or_(_has_personal(), has_note()),
            Client.created_at < since,
            Client.id.not_in(_recent_client_ids(cutoff)),
        )
        .order_by(District.name, Client.code)
    ).all()
    last = _last_activity(session, [row[0] for row in rows])
    return [
        StaleClient(row[0], row[1], row[2], row[3], max(last.get(row[0], _day_of(row[4])), _day_of(row[4])))
        for row in rows
    ]


def _day_of(moment: datetime) -> date:
    """The day a stored moment (a registration) fell on in the district's time zone."""
    return to_local(moment).date()


def _last_activity(session: Session, client_ids: list[int]) -> dict[int, date]:
    """The latest fair date, issue, redemption, outcome, follow-up contact, journey note or change of the plan
    of each client (for listing)."""
    result: dict[int, date] = {}
    for start in range(0, len(client_ids), 500):
        chunk = client_ids[start : start + 500]
        queries = (
            select(Visit.client_id, func.max(Fair.date))
            .join(Fair, Fair.id == Visit.fair_id)
            .where(Visit.client_id.in_(chunk))
            .group_by(Visit.client_id),
            select(
                Coupon.client_id,
                func.max(func.coalesce(Coupon.outcome_on, Coupon.redeemed_on, Coupon.issued_on)),
            )
            .where(Coupon.client_id.in_(chunk))
            .group_by(Coupon.client_id),
            select(FollowupContact.client_id, func.max(FollowupContact.contacted_on))
            .where(FollowupContact.client_id.in_(chunk))
            .group_by(FollowupContact.client_id),
            select(JourneyNote.client_id, func.max(JourneyNote.noted_on))
            .where(JourneyNote.client_id.in_(chunk))
            .group_by(JourneyNote.client_id),
        )
        for query in queries:
            for client_id, day in session.execute(query):
                if day is not None:
                    day = day if isinstance(day, date) else date.fromisoformat(str(day))
                    result[client_id] = max(result.get(client_id, day), day)
        changed = select(PlanNeed.client_id, func.max(PlanNeed.changed_at)).where(
            PlanNeed.client_id.in_(chunk)
        )
        for client_id, moment in session.execute(changed.group_by(PlanNeed.client_id)):
            day = _day_of(moment)  # a moment, not a day: the day it fell on in the district
            result[client_id] = max(result.get(client_id, day), day)
    return result


def erase_stale(session: Session, *, cutoff: date) -> list[StaleClient]:
    """Erase the personal fields and notes of every stale client, in the caller's transaction, one audit row
    each."""
    stale = stale_clients(session, cutoff=cutoff)
    now = utcnow()
    for start in range(0, len(stale), 500):
        ids = [client.client_id for client in stale[start : start + 500]]
        session.execute(
            update(Client)
            .where(Client.id.in_(ids), _has_personal())
            .values(**dict.fromkeys(PERSONAL_FIELDS), personal_erased_at=now)
        )
        erase_notes(session, ids)
    for client in stale:
        audit.record(
            session,
            actor=None,
            action="retention_erase",
            entity="client",
            entity_id=client.client_id,
            district_id=client.district_id,
            details={"cutoff": cutoff.isoformat()},
        )
    return stale


def expired_sessions(session: Session, *, apply: bool) -> int:
    """Login sessions past their lifetime: counted, or with `apply` removed (they no longer work anyway)."""
    return accounts.delete_expired_sessions(session) if apply else accounts.count_expired_sessions(session)
