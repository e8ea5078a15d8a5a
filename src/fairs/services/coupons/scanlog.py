"""The scan log: every lookup or redeem of a coupon by staff, with what they were told.

Routes write the row: a success in the same transaction as the redeem, a refusal (which rolls the request's
work back) in a transaction of its own, committed before the refusal is answered (api/scanning.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.db.precompiled import Precompiled
from fairs.errors import DomainError, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Coupon, Organisation, Role, Scan, ScanResult, User, utcnow
from fairs.services.coupons import changes, codes, reading
from fairs.services.coupons.reading import CouponView, is_receiver
from fairs.services.scope import visible_district_ids

_INSERT = Precompiled(insert(Scan.__table__))  # built once (see fairs/db/precompiled.py)
_SCANNER = aliased(User, name="scanner")
_SCANNER_ORG = aliased(Organisation, name="scanner_org")

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


@dataclass
class ScanRow:
    """A scan with the names shown beside it (also the API's answer: the scan log's JSON is this row)."""

    id: int
    scanned_at: datetime
    scanned_on: date
    user: str
    organisation_id: int | None
    organisation: str | None
    coupon_id: int | None
    coupon_code: str | None
    via: str
    action: str
    ref: str
    result: str


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
        column = Coupon.token if via == "token" else Coupon.code
        found = session.exec(
            select(Coupon.id, Coupon.district_id).where(
                column == (attempt.ref.strip() if via == "token" else ref),
                Coupon.district_id.in_(visible_district_ids(session, actor)),
            )
        ).first()
        if found is not None:
            coupon_id, district_id = found
    if district_id is None:
        district_id = _scanner_district(session, actor)
    _INSERT.run(
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
        district = session.exec(
            select(Organisation.district_id).where(Organisation.id == actor.organisation_id)
        ).first()
        if district is not None:
            return district
    return actor.district_id


def _ensure_organiser(actor: User) -> None:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers see the scan log."), code="forbidden")


def _rows(session: Session, query, page: int, per_page: int) -> tuple[list[ScanRow], int]:  # noqa: ANN001
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    found = session.exec(
        query.order_by(Scan.scanned_at.desc(), Scan.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return [
        ScanRow(
            id=scan.id,
            scanned_at=scan.scanned_at,
            scanned_on=scan.scanned_on,
            user=full_name or username,
            organisation_id=scan.organisation_id,
            organisation=org_name,
            coupon_id=scan.coupon_id,
            coupon_code=code,
            via=scan.via,
            action=scan.action,
            ref=scan.ref,
            result=scan.result,
        )
        for scan, username, full_name, org_name, code in found
    ], total


def _base():  # noqa: ANN202
    return (
        select(Scan, _SCANNER.username, _SCANNER.full_name, _SCANNER_ORG.name, Coupon.code)
        .join(_SCANNER, _SCANNER.id == Scan.user_id)
        .outerjoin(_SCANNER_ORG, _SCANNER_ORG.id == Scan.organisation_id)
        .outerjoin(Coupon, Coupon.id == Scan.coupon_id)
    )


def coupon_scans(
    session: Session, *, actor: User, coupon: Coupon, page: int = 1, per_page: int = 50
) -> tuple[list[ScanRow], int]:
    """The scans of one coupon, newest first (organisers)."""
    _ensure_organiser(actor)
    return _rows(session, _base().where(Scan.coupon_id == coupon.id), page, per_page)


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
    query = _base().where(Scan.organisation_id == organisation_id)
    if result:
        if result not in {r.value for r in ScanResult}:
            raise Invalid(_("No such scan result."), code="unknown_result")
        query = query.where(Scan.result == result)
    rows, total = _rows(session, query, page, per_page)
    return organisation, rows, total
