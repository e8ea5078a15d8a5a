"""The issuing organisation's view: the coupons its booth gave out (outgoing referrals), with whether and
when each was used, and nothing else of the receiver's side.

What the receiving organisation recorded (the outcome, its day, who redeemed) stays with it and the
organisers (`reading.shown_to`): an HIV test's coupon with "treatment started" would tell the result. So the
rows here are read column by column, never as whole coupons: the outcome is not even fetched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, case
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.errors import Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Client, Coupon, CouponStatus, Direction, Fair, Organisation, Role, User
from fairs.services import registry

ISSUED_STATES = ("waiting", "redeemed", "expired")


@dataclass
class IssuedRow:
    """One coupon the organisation issued, as the issuer may read it."""

    id: int
    code: str
    client_code: str
    direction: Direction
    organisation_id: int
    organisation: str
    fair_date: date
    issued_on: date
    expires_on: date
    state: str
    redeemed_on: date | None


@dataclass
class IssuedFilter:
    """Which of the issued coupons are asked for: a state (or all of them) and a period of issue."""

    state: str | None = None
    issued_from: date | None = None
    issued_to: date | None = None


def issuing_organisation(
    session: Session, *, actor: User, organisation_id: int | None = None
) -> Organisation:
    """Whose outgoing coupons `actor` reads: a partner's own organisation, or one an organiser picks among
    the organisations of the district."""
    if actor.role == Role.partner:
        if organisation_id is not None and organisation_id != actor.organisation_id:
            raise Forbidden(_("You see only the coupons your own organisation issued."))
        org = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
        if org is None:
            raise Forbidden(_("Your role does not allow this."))
        return org
    if actor.role != Role.organiser:
        raise Forbidden(_("The committee sees tallies, not coupons."))
    if organisation_id is None:
        raise Invalid(_("Choose an organisation."), code="organisation_required")
    org = session.get(Organisation, organisation_id)
    if org is None or org.district_id != actor.district_id:
        raise NotFound(_("No such organisation."), code="organisation_not_found")
    return org


def _issued_by(session: Session, org: Organisation, actor: User) -> ColumnElement[bool]:
    # Bound coupons only (a pad's blanks are not referrals yet), and not those cancelled as issued in error.
    # A regional organisation's staff see what its booths issued in every district it serves; an organiser,
    # what was issued in their district.
    districts = (
        registry.served_district_ids(session, org) if actor.role == Role.partner else [actor.district_id]
    )
    return and_(
        Coupon.issuing_organisation_id == org.id,
        Coupon.district_id.in_(districts),
        Coupon.client_id.is_not(None),
        Coupon.status.in_([CouponStatus.issued, CouponStatus.redeemed]),
    )


def _state_of(today: date) -> ColumnElement[str]:
    return case(
        (Coupon.status == CouponStatus.redeemed, "redeemed"),
        (Coupon.expires_on >= today, "waiting"),
        else_="expired",
    )


def _period(issued: IssuedFilter) -> list[ColumnElement[bool]]:
    if issued.issued_from and issued.issued_to and issued.issued_from > issued.issued_to:
        raise Invalid(_("The period ends before it starts."), code="invalid_period")
    conditions = []
    if issued.issued_from:
        conditions.append(Coupon.issued_on >= issued.issued_from)
    if issued.issued_to:
        conditions.append(Coupon.issued_on <= issued.issued_to)
    return conditions


def issued_counts(
    session: Session, *, actor: User, organisation_id: int | None = None, issued: IssuedFilter | None = None
) -> dict[str, int]:
    """How many of the organisation's issued coupons (of the period) are in each state (one query)."""
    org = issuing_organisation(session, actor=actor, organisation_id=organisation_id)
    issued = issued or IssuedFilter()
    state = _state_of(local_today()).label("state")
    query = (
        select(state, func.count()).where(_issued_by(session, org, actor), *_period(issued)).group_by(state)
    )
    counts = dict.fromkeys(ISSUED_STATES, 0)
    for name, number in session.exec(query).all():
        counts[name] = int(number)
    return counts


def issued_page(
    session: Session,
    *,
    actor: User,
    organisation_id: int | None = None,
    issued: IssuedFilter | None = None,
    page: int = 1,
    per_page: int = 25,
) -> tuple[list[IssuedRow], int]:
    """A page of the coupons the organisation issued, newest first, in a state and a period of issue."""
    issued = issued or IssuedFilter()
    if issued.state is not None and issued.state not in ISSUED_STATES:
        raise Invalid(_("Unknown state."), code="unknown_state")
    org = issuing_organisation(session, actor=actor, organisation_id=organisation_id)
    today = local_today()
    state = _state_of(today)
    conditions = [_issued_by(session, org, actor), *_period(issued)]
    if issued.state is not None:
        conditions.append(state == issued.state)
    total = session.exec(select(func.count()).select_from(Coupon).where(*conditions)).one()
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    query = (
        select(
            Coupon.id,
            Coupon.code,
            Client.code,
            Direction,
            Coupon.organisation_id,
            Organisation.name,
            Fair.date,
            Coupon.issued_on,
            Coupon.expires_on,
            state,
            Coupon.redeemed_on,
        )
        .join(Client, Client.id == Coupon.client_id)
        .join(Direction, Direction.id == Coupon.direction_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(Fair, Fair.id == Coupon.fair_id)
        .where(*conditions)
        .order_by(Coupon.issued_on.desc(), Coupon.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return [IssuedRow(*row) for row in session.exec(query).all()], total
