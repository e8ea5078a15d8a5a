"""Coupons as they are read: by QR token or short code (if the actor may see them), with names, in lists.
The rules of who sees what; the SQL is in `coupon_reads.py` and `coupon_lists.py`.

Issuing is in `issue.py`, what happens after (redeem, outcome, cancel, annul) in `changes.py`."""

from __future__ import annotations

from dataclasses import replace
from typing import NoReturn

from sqlalchemy import ColumnElement
from sqlmodel import Session

from fairs.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Coupon, CouponStatus, Organisation, Role, User
from fairs.services import registry
from fairs.services.coupons import codes
from fairs.services.coupons import coupon_lists as lists
from fairs.services.coupons import coupon_reads as reads
from fairs.services.coupons.view import CouponView
from fairs.services.scope import visible_district_ids


class HiddenCoupon(NotFound):
    """Another organisation's coupon asked for by short code: answered as unknown, logged as such."""

    scan_result = "other_organisation"


def unknown_code_message() -> str:
    """The answer for a code that is not one of the caller's: true whether or not it exists elsewhere."""
    return _("No coupon with this code for your organisation.")


def find_coupon_view(session: Session, *, actor: User, ref: str) -> CouponView:
    """The coupon for a QR token or a short code, with its names, if the actor may see it."""
    ref = ref.strip()
    if codes.looks_like_token(ref):
        view = reads.view_by_token(session, ref)
    else:
        if not codes.is_valid_short_code(ref):
            raise Invalid(_("This code is mistyped: please check it."), code="mistyped_code")
        view = reads.view_by_code(session, codes.normalise_short_code(ref))
    if view is None:
        _refuse_unbound(session, actor=actor, ref=ref)
    if view is None or not _readable(session, actor, view.coupon):
        raise NotFound(unknown_code_message(), code="unknown_code")
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."))
    if is_foreign(actor, view.coupon.organisation_id, view.coupon.issuing_organisation_id):
        refuse_foreign(ref)
    return shown_to(view, actor)


def _readable(session: Session, actor: User, coupon: Coupon) -> bool:
    """Of the actor's districts, or addressed to the partner's own organisation: a regional organisation
    receives coupons from every district of its region (services/registry `serves_district`)."""
    if coupon.district_id in visible_district_ids(session, actor):
        return True
    return (
        actor.role == Role.partner
        and actor.organisation_id is not None
        and (actor.organisation_id == coupon.organisation_id)
    )


def shown_to(view: CouponView, actor: User) -> CouponView:
    """The coupon as `actor` may read it: every face (the API, its lists, the coupon screen) shows this.

    The receiving organisation and organisers see the receiver's side (the time and who redeemed it, the
    outcome and its day); anyone else, the issuing partner above all, learns only whether it was redeemed
    and on which day: an HIV test's coupon with "treatment started" would tell them the result."""
    if actor.role == Role.organiser or actor.organisation_id == view.coupon.organisation_id:
        return view
    return replace(view, outcome=None, redeemed_by=None, receiver_side_hidden=True)


def is_foreign(actor: User, *organisation_ids: int | None) -> bool:
    """A partner's view of a coupon none of whose organisations (`organisation_ids`) is theirs."""
    return actor.role == Role.partner and actor.organisation_id not in organisation_ids


def refuse_foreign(ref: str) -> NoReturn:
    """Another organisation's coupon, asked for by `ref` (every path: look-up, redeem, blanks, binding).

    docs/coupon-lookup.md: a typed code of another organisation is no different from a made-up one; the QR
    token (held only by whoever holds the paper) is told where to go, with no details."""
    if not codes.looks_like_token(ref.strip()):
        raise HiddenCoupon(unknown_code_message(), code="unknown_code")
    raise Forbidden(_("This coupon is addressed to another organisation."), code="other_organisation")


def _refuse_unbound(session: Session, *, actor: User, ref: str) -> None:
    """A blank of a pad (services/pads.py) has no names to show: say it is not filled in, not unknown."""
    if codes.looks_like_token(ref):
        found = reads.unbound_coupon(session, token=ref)
    else:
        found = reads.unbound_coupon(session, code=codes.normalise_short_code(ref))
    if found is None or found.district_id not in visible_district_ids(session, actor):
        return
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."))
    if is_foreign(actor, found.issuing_organisation_id):  # another organisation's pad: as for any coupon
        refuse_foreign(ref)
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


def coupon_view(session: Session, coupon: Coupon, *, actor: User) -> CouponView:
    """The coupon with the names shown beside it, as `actor` may read it (`shown_to`)."""
    return coupon_views(session, [coupon], actor=actor)[0]


def coupon_views(session: Session, rows: list[Coupon], *, actor: User) -> list[CouponView]:
    """Several coupons with their names, in one query (lists and print batches), as `actor` may read them."""
    return [shown_to(view, actor) for view in lists.coupon_views(session, rows)]


def visible_coupons(session: Session, actor: User) -> list[ColumnElement[bool]]:
    """The conditions on `Coupon` of the coupons `actor` may list (the committee lists none: 403)."""
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."))
    districts = visible_district_ids(session, actor)
    if actor.role == Role.partner and actor.organisation_id is not None:
        # A regional organisation's own coupons, from every district it serves (still only its own).
        districts = registry.served_district_ids(session, session.get(Organisation, actor.organisation_id))
    return lists.visible_conditions(
        districts,
        only_organisation=actor.role == Role.partner,
        organisation_id=actor.organisation_id,
    )


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
    return lists.coupon_page(
        session,
        visible_coupons(session, actor),
        fair_id=fair_id,
        client_id=client_id,
        booth_id=booth_id,
        page=page,
        per_page=per_page,
    )
