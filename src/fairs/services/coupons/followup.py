"""Follow-up: coupons still unredeemed N days after issue, by client; contact marks; re-issue.

The list is the social worker's: organisers of the district only. It reads no personal field; the
client's contacts are shown on demand through `contacts`, which writes the personal-view audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import (
    Client,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    FollowupContact,
    Organisation,
    Role,
    User,
)
from fairs.services import audit, clients
from fairs.services.coupons.view import effective_state
from fairs.services.period_lock import ensure_period_open
from fairs.services.scope import home_district

NOTE_MAX = 1000
# The marks looked into from a coupon's row (module level: SQLAlchemy caches statements per alias).
_MARK = aliased(FollowupContact, name="mark")


@dataclass
class LastContact:
    """The latest "contacted" mark of a coupon."""

    contacted_on: date
    note: str
    by: str
    marks: int  # how many marks the coupon has


@dataclass
class OverdueCoupon:
    """One unredeemed coupon of the list, with the names shown beside it."""

    id: int
    code: str
    state: str  # issued or expired
    fair_date: date
    issued_on: date
    expires_on: date
    days: int  # since issue
    direction: Direction
    organisation: str
    last_contact: LastContact | None

    @property
    def expired(self) -> bool:
        """Past its expiry date (still listed: re-issuing is what helps)."""
        return self.state == CouponStatus.expired


@dataclass
class OverdueClient:
    """A client with coupons unredeemed N days after issue; no personal field here."""

    id: int
    code: str
    has_consent: bool
    oldest_issued_on: date
    coupons: list[OverdueCoupon] = field(default_factory=list)


@dataclass
class OverduePage:
    """One page of clients, the total number of clients, and the N used."""

    clients: list[OverdueClient]
    total: int
    days: int
    as_of: date


def _ensure_organiser(actor: User) -> int:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers follow up clients."))
    return home_district(actor)


def followup_days(days: int | None = None) -> int:
    """N: the given number of days, else the setting `followup_days`."""
    return get_settings().followup_days if days is None else max(int(days), 0)


def overdue_by_client(
    session: Session,
    *,
    actor: User,
    days: int | None = None,
    page: int = 1,
    per_page: int = 50,
    include_contacted: bool = True,
) -> OverduePage:
    """Clients (oldest overdue coupon first) with their coupons issued ≥ N days ago and still unused.

    The latest mark's note is shown with each coupon: the notes listed are audited, per client."""
    district_id = _ensure_organiser(actor)
    days = followup_days(days)
    today = local_today()
    conditions = [
        Coupon.district_id == district_id,
        Coupon.status == CouponStatus.issued,
        Coupon.issued_on <= today - timedelta(days=days),
    ]
    if not include_contacted:
        marked = select(_MARK.id).where(_MARK.coupon_id == Coupon.id).correlate(Coupon)
        conditions.append(~marked.exists())
    page, per_page = max(page, 1), max(per_page, 1)
    oldest = func.min(Coupon.issued_on).label("oldest")
    # One query for the page of clients; the window count gives the total number of clients with it.
    rows = session.exec(
        select(Client.id, Client.code, Client.consent_on, oldest, func.count().over().label("total"))
        .join(Coupon, Coupon.client_id == Client.id)
        .where(*conditions)
        .group_by(Client.id, Client.code, Client.consent_on)
        .order_by(oldest, Client.code, Client.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    if not rows:
        total = 0
        if page > 1:  # past the last page: the total still tells the pager where the list ends
            total = session.exec(select(func.count(func.distinct(Coupon.client_id))).where(*conditions)).one()
        return OverduePage(clients=[], total=total, days=days, as_of=today)
    by_id = {
        row[0]: OverdueClient(id=row[0], code=row[1], has_consent=row[2] is not None, oldest_issued_on=row[3])
        for row in rows
    }
    for item in _overdue_coupons(session, conditions, list(by_id), today):
        by_id[item[0]].coupons.append(item[1])
    listed = by_id.values()
    shown = {c.id: sum(bool(v.last_contact and v.last_contact.note) for v in c.coupons) for c in listed}
    clients.log_notes_view(session, actor=actor, shown=shown, district_id=district_id)
    return OverduePage(clients=list(by_id.values()), total=rows[0][4], days=days, as_of=today)


def _overdue_coupons(
    session: Session, conditions: list, client_ids: list[int], today: date
) -> list[tuple[int, OverdueCoupon]]:
    """The listed coupons of these clients with their latest mark, in one query (oldest first)."""
    latest_id = (
        select(_MARK.id)
        .where(_MARK.coupon_id == Coupon.id)
        .order_by(_MARK.contacted_on.desc(), _MARK.id.desc())
        .limit(1)
        .correlate(Coupon)
        .scalar_subquery()
    )
    marks = (
        select(func.count())
        .select_from(_MARK)
        .where(_MARK.coupon_id == Coupon.id)
        .correlate(Coupon)
        .scalar_subquery()
    )
    query = (
        select(
            Coupon, Direction, Organisation.name, Fair.date, FollowupContact, User.full_name, User.username
        )
        .join(Direction, Direction.id == Coupon.direction_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(Fair, Fair.id == Coupon.fair_id)
        .outerjoin(FollowupContact, FollowupContact.id == latest_id)
        .outerjoin(User, User.id == FollowupContact.created_by_id)
        .add_columns(marks)
        .where(and_(*conditions), Coupon.client_id.in_(client_ids))
        .order_by(Coupon.issued_on, Coupon.id)
    )
    result = []
    for coupon, direction, org_name, fair_date, mark, full_name, username, count in session.exec(query).all():
        last = LastContact(mark.contacted_on, mark.note, full_name or username or "", count) if mark else None
        result.append(
            (
                coupon.client_id,
                OverdueCoupon(
                    id=coupon.id,
                    code=coupon.code,
                    state=effective_state(coupon, today),
                    fair_date=fair_date,
                    issued_on=coupon.issued_on,
                    expires_on=coupon.expires_on,
                    days=(today - coupon.issued_on).days,
                    direction=direction,
                    organisation=org_name,
                    last_contact=last,
                ),
            )
        )
    return result


def overdue_coupon(
    session: Session, *, actor: User, coupon: Coupon, with_note: bool = True
) -> tuple[OverdueCoupon, Client]:
    """One coupon as the list shows it (whatever its state or age), and its client (for a row's refresh).

    With `with_note` the latest mark's note is shown (and audited), else left out."""
    district_id = _ensure_organiser(actor)
    if coupon.district_id != district_id:
        raise NotFound(_("Unknown code: no such coupon."), code="unknown_code")
    view = _overdue_coupons(session, [Coupon.id == coupon.id], [coupon.client_id], local_today())[0][1]
    if view.last_contact and view.last_contact.note:
        if with_note:
            shown = {coupon.client_id: 1}
            clients.log_notes_view(session, actor=actor, shown=shown, district_id=district_id)
        else:
            view.last_contact.note = ""
    return view, session.get(Client, coupon.client_id)


def coupon_of_district(actor: User, coupon: Coupon) -> None:
    if coupon.district_id != _ensure_organiser(actor):
        raise NotFound(_("Unknown code: no such coupon."), code="unknown_code")


def mark_contacted(
    session: Session, *, actor: User, coupon: Coupon, contacted_on: date | None = None, note: str = ""
) -> FollowupContact:
    """Record that the client was contacted about this coupon (not in the future, not before issue)."""
    coupon_of_district(actor, coupon)
    day = contacted_on or local_today()
    if day > local_today():
        raise Invalid(_("The contact date cannot be in the future."), code="date_in_future")
    if day < coupon.issued_on:
        raise Invalid(_("The contact date is before the coupon was issued."), code="date_before_issue")
    ensure_period_open(session, district_id=coupon.district_id, day=day)
    note = clients.check_note_allowed(session.get(Client, coupon.client_id), note)
    if len(note) > NOTE_MAX:
        raise Invalid(
            _("The note is too long (at most %(max)d characters).") % {"max": NOTE_MAX}, code="note_too_long"
        )
    mark = FollowupContact(
        coupon_id=coupon.id,
        client_id=coupon.client_id,
        district_id=coupon.district_id,
        contacted_on=day,
        note=note,
        created_by_id=actor.id,
    )
    session.add(mark)
    session.flush()
    # The note may name people or places: the audit row says only whether there was one.
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="followup_contact",
        entity_id=mark.id,
        district_id=coupon.district_id,
        details={"coupon": coupon.code, "contacted_on": day.isoformat(), "with_note": bool(note)},
    )
    return mark


def client_contacts(session: Session, *, actor: User, client_id: int) -> Client:
    """The client with their contact fields, for an organiser who asked to see them (audited)."""
    _ensure_organiser(actor)
    client = clients.get_client(session, actor=actor, client_id=client_id)
    clients.log_personal_view(session, actor=actor, client=client)
    return client
