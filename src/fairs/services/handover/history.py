"""The other side's history of a handed-over person, read during the handover (rules.reads_across):
their visits to fairs, consultations and coupons in that district. Codes, dates and names of fairs,
directions and organisations only: no personal fields and no notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from fairs.errors import Forbidden
from fairs.i18n import _, current_locale
from fairs.models import Booth, Consultation, Coupon, Direction, Fair, Handover, Organisation, User, Visit
from fairs.services import audit
from fairs.services.handover.rules import other_side, reads_across

# The most rows of each kind shown (a person's history in one district is short).
HISTORY_ROWS = 200


@dataclass(frozen=True)
class HistoryLine:
    """One record of the history: its day, what it is, the direction and organisation, a coupon's code and
    status."""

    day: date
    kind: str
    direction: str = ""
    organisation: str = ""
    code: str = ""
    status: str = ""


def other_history(session: Session, *, actor: User, handover: Handover) -> list[HistoryLine]:
    """The other district's records of the person, oldest first; refused (403 `handover_period_over`)
    after the handover's period or to anyone `reads_across` does not let read. The reading is audited in
    the reader's district."""
    if not reads_across(actor, handover):
        raise Forbidden(
            _("The handover's period is over: the other district's history is no longer readable."),
            code="handover_period_over",
        )
    _district_id, client_id = other_side(actor, handover)
    lines = _visits(session, client_id) + _consultations(session, client_id) + _coupons(session, client_id)
    audit.record(
        session,
        actor=actor,
        action="view_handover_history",
        entity="handover",
        entity_id=handover.id,
        district_id=actor.district_id,
    )
    return sorted(lines, key=lambda line: (line.day, line.kind))


def _visits(session: Session, client_id: int) -> list[HistoryLine]:
    rows = session.exec(
        select(Fair.date)
        .select_from(Visit)
        .join(Fair, Visit.fair_id == Fair.id)
        .where(Visit.client_id == client_id)
        .order_by(col(Fair.date))
        .limit(HISTORY_ROWS)
    ).all()
    return [HistoryLine(day, "visit") for day in rows]


def _consultations(session: Session, client_id: int) -> list[HistoryLine]:
    rows = session.exec(
        select(Fair.date, Direction, Organisation.name)
        .select_from(Consultation)
        .join(Booth, Booth.id == Consultation.booth_id)
        .join(Fair, Fair.id == Booth.fair_id)
        .join(Organisation, Organisation.id == Booth.organisation_id)
        .join(Direction, Direction.id == Consultation.direction_id)
        .where(Consultation.client_id == client_id)
        .order_by(col(Fair.date))
        .limit(HISTORY_ROWS)
    ).all()
    return [HistoryLine(day, "consultation", d.name(current_locale.get()), org) for day, d, org in rows]


def _coupons(session: Session, client_id: int) -> list[HistoryLine]:
    rows = session.exec(
        select(Coupon, Direction, Organisation.name)
        .select_from(Coupon)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(Direction, Direction.id == Coupon.direction_id)
        .where(Coupon.client_id == client_id)
        .order_by(col(Coupon.id))
        .limit(HISTORY_ROWS)
    ).all()
    return [
        HistoryLine(c.issued_on, "coupon", d.name(current_locale.get()), org, c.code, str(c.status))
        for c, d, org in rows
    ]
