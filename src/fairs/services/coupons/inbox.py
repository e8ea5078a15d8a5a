"""A receiving organisation's inbox: the coupons addressed to it, by state, with counts, filters and pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.errors import Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Coupon, CouponStatus, Direction, Fair, Organisation, Outcome, Role, User
from fairs.services import registry, schedule
from fairs.services.coupons import codes, reading
from fairs.services.coupons.view import CouponView
from fairs.services.scope import visible_district_ids

INBOX_STATES = ("expected", "redeemed", "expired")
# The counts on top of the inbox; `redeemed_without_outcome` is part of `redeemed`.
INBOX_COUNT_KEYS = ("expected", "redeemed", "redeemed_without_outcome", "expired")


@dataclass
class InboxRow:
    """One coupon of the inbox, with what the receiving organisation needs to see beside it."""

    id: int
    token: str
    code: str
    state: str
    fair_id: int
    fair_date: date
    issuing_organisation: str
    direction: Direction
    client_code: str
    issued_on: date
    expires_on: date
    days_left: int
    redeemed_on: date | None
    outcome: Outcome | None
    between: bool = False  # issued between fairs: `fair_date` is the day of issue, held no fair

    @property
    def needs_outcome(self) -> bool:
        """Redeemed, and nobody has said yet what came of it."""
        return self.state == CouponStatus.redeemed.value and self.outcome is None


def inbox_organisation(session: Session, *, actor: User, organisation_id: int | None = None) -> Organisation:
    """Whose inbox `actor` opens: a partner's own organisation, or one an organiser picks in the district."""
    if actor.role == Role.partner:
        if organisation_id is not None and organisation_id != actor.organisation_id:
            raise Forbidden(_("This coupon is addressed to another organisation."), code="other_organisation")
        org = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        if org is None or org.district_id not in visible_district_ids(session, actor):
            raise Forbidden(_("Your role does not allow this."))
        return org
    if actor.role != Role.organiser:
        raise Forbidden(_("The committee sees tallies, not coupons."))
    if organisation_id is None:
        raise Invalid(_("Choose an organisation."), code="organisation_required")
    org = session.get(Organisation, organisation_id)
    if org is None or org.district_id != actor.district_id:
        raise NotFound(_("No such receiving organisation."), code="organisation_not_found")
    return org


def _addressed_to(session: Session, org: Organisation, actor: User) -> ColumnElement[bool]:
    # Cancelled coupons were issued in error: they are nobody's business in the inbox. A regional
    # organisation's own staff see its coupons from every district it serves; an organiser, their district's.
    if actor.role == Role.partner:
        districts = registry.served_district_ids(session, org)
    else:
        districts = [org.district_id]
    return and_(
        Coupon.organisation_id == org.id,
        Coupon.district_id.in_(districts),
        Coupon.status != CouponStatus.cancelled,
    )


def _state_of(today: date) -> ColumnElement[str]:
    return case(
        (Coupon.status == CouponStatus.redeemed, "redeemed"),
        (and_(Coupon.status == CouponStatus.issued, Coupon.expires_on >= today), "expected"),
        else_="expired",
    )


def inbox_counts(session: Session, *, actor: User, organisation_id: int | None = None) -> dict[str, int]:
    """How many coupons of the inbox are in each state (one GROUP BY query)."""
    org = inbox_organisation(session, actor=actor, organisation_id=organisation_id)
    state = _state_of(local_today()).label("state")
    missing = case((and_(Coupon.status == CouponStatus.redeemed, Coupon.outcome_id.is_(None)), 1), else_=0)
    query = (
        select(state, func.count(), func.coalesce(func.sum(missing), 0))
        .where(_addressed_to(session, org, actor))
        .group_by(state)
    )
    counts = dict.fromkeys(INBOX_COUNT_KEYS, 0)
    for name, number, without_outcome in session.exec(query).all():
        counts[name] = int(number)
        if name == "redeemed":
            counts["redeemed_without_outcome"] = int(without_outcome)
    return counts


def code_prefix(text: str) -> str | None:
    """The searched short code, normalised like every typed code; None when it cannot match any code."""
    normalised = codes.normalise_short_code(text)[:20]
    if any(ch not in codes.ALPHABET for ch in normalised):
        return None
    return normalised


def inbox_page(
    session: Session,
    *,
    actor: User,
    state: str,
    organisation_id: int | None = None,
    fair_id: int | None = None,
    direction: str | None = None,
    code: str | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[InboxRow], int]:
    """A page of the inbox in one state, filtered by fair, direction and (a prefix of) the short code."""
    if state not in INBOX_STATES:
        raise Invalid(_("Unknown state."), code="unknown_state")
    org = inbox_organisation(session, actor=actor, organisation_id=organisation_id)
    today = local_today()
    query = select(Coupon).where(_addressed_to(session, org, actor))
    if state == "expected":
        query = query.where(Coupon.status == CouponStatus.issued, Coupon.expires_on >= today)
        order = [Coupon.expires_on, Coupon.id]
    elif state == "expired":
        query = query.where(Coupon.status == CouponStatus.issued, Coupon.expires_on < today)
        order = [Coupon.expires_on.desc(), Coupon.id.desc()]
    else:
        query = query.where(Coupon.status == CouponStatus.redeemed)
        # The ones still waiting for an outcome first, then the newest.
        order = [
            case((Coupon.outcome_id.is_(None), 0), else_=1),
            Coupon.redeemed_on.desc(),
            Coupon.redeemed_at.desc(),
            Coupon.id.desc(),
        ]
    if fair_id is not None:
        query = query.where(Coupon.fair_id == fair_id)
    if direction:
        query = query.join(Direction, Direction.id == Coupon.direction_id).where(Direction.code == direction)
    if code and code.strip():
        prefix = code_prefix(code)
        if prefix is None:
            return [], 0
        if prefix:
            query = query.where(Coupon.code.startswith(prefix, autoescape=True))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    found = session.exec(query.order_by(*order).offset((page - 1) * per_page).limit(per_page)).all()
    return [_row(v, today) for v in reading.coupon_views(session, list(found), actor=actor)], total


def _row(view: CouponView, today: date) -> InboxRow:
    c = view.coupon
    return InboxRow(
        id=c.id,
        token=c.token,
        code=c.code,
        state="expected" if view.state == CouponStatus.issued.value else view.state,
        fair_id=c.fair_id,
        fair_date=view.fair_date,
        between=view.between,
        issuing_organisation=view.issuing_organisation.name,
        direction=view.direction,
        client_code=view.client_code,
        issued_on=c.issued_on,
        expires_on=c.expires_on,
        days_left=(c.expires_on - today).days,
        redeemed_on=view.redeemed_on,
        outcome=view.outcome,
    )


def inbox_row(session: Session, *, actor: User, coupon: Coupon) -> InboxRow:
    """One coupon as its inbox row (after an action on it), if it is addressed to the actor's inbox."""
    inbox_organisation(session, actor=actor, organisation_id=coupon.organisation_id)
    return _row(reading.coupon_view(session, coupon, actor=actor), local_today())


def inbox_filters(
    session: Session, *, actor: User, organisation_id: int | None = None
) -> tuple[list[Fair], list[Direction]]:
    """The fairs and the directions of the coupons addressed to the inbox: what the filters offer."""
    org = inbox_organisation(session, actor=actor, organisation_id=organisation_id)
    fair_ids = select(Coupon.fair_id).where(_addressed_to(session, org, actor)).distinct()
    fairs = session.exec(
        select(Fair).where(Fair.id.in_(fair_ids), schedule.real_fairs(Fair.kind)).order_by(Fair.date.desc())
    ).all()
    direction_ids = select(Coupon.direction_id).where(_addressed_to(session, org, actor)).distinct()
    directions = session.exec(
        select(Direction).where(Direction.id.in_(direction_ids)).order_by(Direction.sort_order, Direction.id)
    ).all()
    return list(fairs), list(directions)
