"""The scan log's rules: every lookup or redeem of a coupon by staff, with what they were told (the SQL is
in `scan_repository.py`).

Routes write the row: a success in the same transaction as the redeem, a refusal (which rolls the request's
work back) in a transaction of its own, committed before the refusal is answered (api/scanning.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from fairs.clock import local_today
from fairs.errors import DomainError, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Coupon, Organisation, Role, ScanResult, User, utcnow
from fairs.services.coupons import changes, codes, reading
from fairs.services.coupons import scan_repository as sql
from fairs.services.coupons.reading import is_receiver
from fairs.services.coupons.scan_repository import ScanRow
from fairs.services.coupons.view import CouponView
from fairs.services.scope import visible_district_ids

# The refusals of services.coupons and coupon_changes that are answers to a scan, and how the log names them.
SCAN_REASONS = {
    "unknown_code": ScanResult.unknown,
    "mistyped_code": ScanResult.mistyped,
    "expired": ScanResult.expired,
    "cancelled": ScanResult.cancelled,
    "other_organisation": ScanResult.other_organisation,
    "already_redeemed": ScanResult.already_redeemed,
}


@dataclass
class ScanAttempt:
    """One lookup or redeem by `actor` of the coupon referenced by `ref` (a QR token or a typed code)."""

    actor: User
    ref: str
    action: str  # lookup or redeem
    coupon: Coupon | None = None  # once found


def scan_result_of_error(error: DomainError) -> ScanResult | None:
    """The scan result a refusal stands for (None: not an answer to a scan, e.g. a date in the future)."""
    return getattr(error, "scan_result", None) or SCAN_REASONS.get(error.code)


def result_of_view(view: CouponView, actor: User) -> ScanResult:
    """What a lookup of a visible coupon tells `actor`."""
    if view.state == "issued":
        return ScanResult.ok if is_receiver(actor, view.coupon) else ScanResult.other_organisation
    if view.state == "redeemed":
        return ScanResult.already_redeemed
    return ScanResult(view.state)


def lookup_scanned(session: Session, *, attempt: ScanAttempt) -> CouponView:
    """Find the coupon of `attempt` as the screen and the API show it, and log what the actor is told."""
    view = reading.find_coupon_view(session, actor=attempt.actor, ref=attempt.ref)
    attempt.coupon = view.coupon
    record_scan(session, attempt=attempt, result=result_of_view(view, attempt.actor))
    return view


def redeem_scanned(session: Session, *, attempt: ScanAttempt, redeemed_on: date | None = None) -> CouponView:
    """Find and redeem the coupon of `attempt`, logging the redemption in the same transaction."""
    found = reading.find_coupon_view(session, actor=attempt.actor, ref=attempt.ref)
    attempt.coupon = found.coupon
    view = changes.redeem_found(session, actor=attempt.actor, found=found, redeemed_on=redeemed_on)
    record_scan(session, attempt=attempt, result=ScanResult.redeemed)
    return view


def ref_key(ref: str) -> str:
    """The reference as the lookup reads it: a token as it is, a code normalised."""
    ref = ref.strip()
    return ref if codes.looks_like_token(ref) else codes.normalise_short_code(ref)


def record_scan(session: Session, *, attempt: ScanAttempt, result: ScanResult | str) -> None:
    """Write the scan row of `attempt` in the caller's transaction."""
    actor = attempt.actor
    via = "token" if codes.looks_like_token(attempt.ref.strip()) else "code"
    # Only a code with a right check character is kept: anything else typed might be a name.
    typed = codes.normalise_short_code(attempt.ref) if via == "code" else ""
    ref = typed if typed and codes.is_valid_short_code(typed) else ""
    coupon_id, district_id = None, None
    if attempt.coupon is not None:
        coupon_id, district_id = attempt.coupon.id, attempt.coupon.district_id
    elif via == "token" or ref:
        visible = visible_district_ids(session, actor)
        if via == "token":
            found = sql.coupon_of_scan(session, token=attempt.ref.strip(), district_ids=visible)
        else:
            found = sql.coupon_of_scan(session, code=ref, district_ids=visible)
        if found is not None:
            coupon_id, district_id = found
    if district_id is None:
        district_id = _scanner_district(session, actor)
    sql.insert_scan(
        session,
        {
            "scanned_at": utcnow(),
            "scanned_on": local_today(),
            "user_id": actor.id,
            "organisation_id": actor.organisation_id,
            "district_id": district_id,
            "coupon_id": coupon_id,
            "via": via,
            "action": attempt.action,
            "ref": ref,
            "result": ScanResult(result).value,
        },
    )


def _scanner_district(session: Session, actor: User) -> int | None:
    if actor.organisation_id is not None:
        district = sql.organisation_district(session, actor.organisation_id)
        if district is not None:
            return district
    return actor.district_id


def _ensure_organiser(actor: User) -> None:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see the scan log."))


def coupon_scans(
    session: Session, *, actor: User, coupon: Coupon, page: int = 1, per_page: int = 50
) -> tuple[list[ScanRow], int]:
    """The scans of one coupon, newest first (organisers)."""
    _ensure_organiser(actor)
    return sql.scans_of_coupon(session, coupon.id, page=page, per_page=per_page)


def organisation_scans(
    session: Session,
    *,
    actor: User,
    organisation_id: int,
    result: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[Organisation, list[ScanRow], int]:
    """The scans made by staff of one organisation of the organiser's district, newest first."""
    _ensure_organiser(actor)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or organisation.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such organisation."), code="organisation_not_found")
    if result and result not in {r.value for r in ScanResult}:
        raise Invalid(_("No such scan result."), code="unknown_result")
    rows, total = sql.scans_of_organisation(
        session, organisation_id, result=result, page=page, per_page=per_page
    )
    return organisation, rows, total
