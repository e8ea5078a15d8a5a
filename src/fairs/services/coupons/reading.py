"""Coupons as they are read: by QR token or short code (if the actor may see them), with names, in lists.

Issuing is in services/coupon_issue, what happens after (redeem, outcome, cancel, annul) in
services/coupon_changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, or_, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.db import detached
from fairs.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from fairs.i18n import _
from fairs.models import (
    Client,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    Organisation,
    Outcome,
    Role,
    User,
)
from fairs.services.coupons import codes
from fairs.services.coupons import repository as sql
from fairs.services.scope import visible_district_ids

# Module-level aliases: a fresh alias per call would defeat SQLAlchemy's compiled-statement cache.
_ISSUER = aliased(Organisation, name="issuer")
_REDEEMER = aliased(User, name="redeemer")


class HiddenCoupon(NotFound):
    """Another organisation's coupon asked for by short code: answered as unknown, logged as such."""

    scan_result = "other_organisation"


def unknown_code_message() -> str:
    """The answer for a code that is not one of the caller's: true whether or not it exists elsewhere."""
    return _("No coupon with this code for your organisation.")


@dataclass
class CouponView:
    """A coupon with the names a page or the API shows beside it."""

    coupon: Coupon
    direction: Direction
    organisation: Organisation
    issuing_organisation: Organisation
    client_code: str
    fair_date: date
    outcome: Outcome | None
    redeemed_by: str | None
    state: str

    @property
    def url(self) -> str:
        """The address the QR code encodes."""
        return coupon_url(self.coupon.token)


def coupon_url(token: str) -> str:
    """`{base_url}/c/{token}`: all a QR code carries."""
    return f"{get_settings().base_url}/c/{token}"


def state_of(status: str, expires_on: date, today: date) -> str:
    """The stored status, with an issued coupon past its expiry date read as expired."""
    if status == CouponStatus.issued and expires_on < today:
        return CouponStatus.expired.value
    return status


def effective_state(coupon: Coupon, today: date | None = None) -> str:
    """The coupon's state as people read it (`state_of`)."""
    return state_of(coupon.status, coupon.expires_on, today or local_today())


def find_coupon_view(session: Session, *, actor: User, ref: str) -> CouponView:
    """The coupon for a QR token or a short code, with its names, if the actor may see it."""
    ref = ref.strip()
    if codes.looks_like_token(ref):
        row = sql.VIEW_BY_TOKEN.run(session, {"ref": ref}).first()
    else:
        if not codes.is_valid_short_code(ref):
            raise Invalid(_("This code is mistyped: please check it."), code="mistyped_code")
        row = sql.VIEW_BY_CODE.run(session, {"ref": codes.normalise_short_code(ref)}).first()
    if row is None:
        _refuse_unbound(session, actor=actor, ref=ref)
    if row is None or row.district_id not in visible_district_ids(session, actor):
        raise NotFound(unknown_code_message(), code="unknown_code")
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."), code="forbidden")
    if actor.role == Role.partner and actor.organisation_id not in (
        row.organisation_id,
        row.issuing_organisation_id,
    ):
        # docs/coupon-lookup.md: a typed code of another organisation is no different from a made-up one;
        # the QR token (held only by whoever holds the paper) is told where to go, with no details.
        if not codes.looks_like_token(ref):
            raise HiddenCoupon(unknown_code_message(), code="unknown_code")
        raise Forbidden(_("This coupon is addressed to another organisation."), code="other_organisation")
    q = sql.VIEW_COLUMNS
    coupon = detached(Coupon, q.part(row, "coupon"))
    outcome = q.part(row, "outcome")
    return CouponView(
        coupon=coupon,
        direction=detached(Direction, q.part(row, "direction")),
        organisation=detached(Organisation, q.part(row, "organisation")),
        issuing_organisation=detached(Organisation, q.part(row, "issuer")),
        client_code=row.client_code,
        fair_date=row.fair_date,
        outcome=detached(Outcome, outcome) if outcome["id"] is not None else None,
        redeemed_by=row.redeemer_full_name or row.redeemer_username,
        state=effective_state(coupon),
    )


def _refuse_unbound(session: Session, *, actor: User, ref: str) -> None:
    """A blank of a pad (services/pads.py) has no names to show: say it is not filled in, not unknown."""
    key = (
        Coupon.token == ref if codes.looks_like_token(ref) else Coupon.code == codes.normalise_short_code(ref)
    )
    found = session.exec(
        select(Coupon.status, Coupon.district_id, Coupon.cancel_reason).where(key, Coupon.client_id.is_(None))
    ).first()
    if found is None or found.district_id not in visible_district_ids(session, actor):
        return
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."), code="forbidden")
    if found.status == CouponStatus.blank:
        raise Conflict(
            _("This coupon is not filled in yet: the booth has not bound it to a client."),
            code="blank_coupon",
        )
    raise Gone(_("This coupon was cancelled."), code="cancelled", reason=found.cancel_reason)


def find_coupon(session: Session, *, actor: User, ref: str) -> Coupon:
    """The coupon for a QR token or a short code, if the actor may see it."""
    return find_coupon_view(session, actor=actor, ref=ref).coupon


def is_receiver(actor: User, coupon: Coupon) -> bool:
    """Who may redeem it and record the outcome: organisers, or staff of the receiving organisation."""
    return actor.role == Role.organiser or (
        actor.role == Role.partner and actor.organisation_id == coupon.organisation_id
    )


def coupon_view(session: Session, coupon: Coupon) -> CouponView:
    """The coupon with the names shown beside it."""
    return coupon_views(session, [coupon])[0]


def coupon_views(session: Session, rows: list[Coupon]) -> list[CouponView]:
    """Several coupons with their names, in one query (lists and print batches)."""
    if not rows:
        return []
    issuer, redeemer = _ISSUER, _REDEEMER
    query = (
        select(Coupon.id, Direction, Organisation, issuer, Client.code, Fair.date, Outcome, redeemer)
        .join(Direction, Direction.id == Coupon.direction_id)
        .join(Organisation, Organisation.id == Coupon.organisation_id)
        .join(issuer, issuer.id == Coupon.issuing_organisation_id)
        .join(Client, Client.id == Coupon.client_id)
        .join(Fair, Fair.id == Coupon.fair_id)
        .outerjoin(Outcome, Outcome.id == Coupon.outcome_id)
        .outerjoin(redeemer, redeemer.id == Coupon.redeemed_by_id)
        .where(Coupon.id.in_([c.id for c in rows]))
    )
    found = {row[0]: row[1:] for row in session.exec(query).all()}
    today = local_today()
    result = []
    for coupon in rows:
        direction, organisation, issuing, client_code, fair_date, outcome, user = found[coupon.id]
        result.append(
            CouponView(
                coupon=coupon,
                direction=direction,
                organisation=organisation,
                issuing_organisation=issuing,
                client_code=client_code,
                fair_date=fair_date,
                outcome=outcome,
                redeemed_by=(user.full_name or user.username) if user else None,
                state=effective_state(coupon, today),
            )
        )
    return result


def visible_coupons(session: Session, actor: User) -> list[ColumnElement[bool]]:
    """The conditions on `Coupon` of the coupons `actor` may list (the committee lists none: 403)."""
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."), code="forbidden")
    conditions = [
        Coupon.district_id.in_(visible_district_ids(session, actor)),
        Coupon.client_id.is_not(None),  # bound coupons only: blanks of pads (and voided ones) have no client
    ]
    if actor.role == Role.partner:
        mine = actor.organisation_id
        conditions.append(or_(Coupon.organisation_id == mine, Coupon.issuing_organisation_id == mine))
    return conditions


def list_coupons(
    session: Session,
    *,
    actor: User,
    fair_id: int | None = None,
    client_id: int | None = None,
    booth_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[Coupon], int]:
    """A page of coupons the actor may see (partners: to or from their organisation), newest first."""
    query = select(Coupon).where(*visible_coupons(session, actor))
    if fair_id is not None:
        query = query.where(Coupon.fair_id == fair_id)
    if client_id is not None:
        query = query.where(Coupon.client_id == client_id)
    if booth_id is not None:
        query = query.where(Coupon.booth_id == booth_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Coupon.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total
