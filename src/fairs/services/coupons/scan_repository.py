"""The SQL of the scan log: the row written for every lookup or redeem by staff (an insert built once), the
coupon and district a scan is filed under, and the log read back as `ScanRow`s. The rules (what a scan
records, who may read the log) are in `scanlog.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, select

from fairs.db.precompiled import Precompiled
from fairs.models import Coupon, Organisation, Scan, User

_INSERT = Precompiled(insert(Scan.__table__))  # built once (see fairs/db/precompiled.py)
_SCANNER = aliased(User, name="scanner")
_SCANNER_ORG = aliased(Organisation, name="scanner_org")


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


def insert_scan(session: Session, values: dict) -> None:
    """Write one scan row from all its column values, in the caller's transaction."""
    _INSERT.run(session, values)


def coupon_of_scan(
    session: Session, *, token: str | None = None, code: str | None = None, district_ids: object
) -> tuple[int, int] | None:
    """(id, district) of the coupon in these districts with this QR token (or else this short code)."""
    key = Coupon.token == token if token is not None else Coupon.code == code
    found = session.exec(
        select(Coupon.id, Coupon.district_id).where(key, Coupon.district_id.in_(district_ids))
    ).first()
    return tuple(found) if found is not None else None


def organisation_district(session: Session, organisation_id: int) -> int | None:
    """The district of an organisation (None: no such organisation)."""
    return session.exec(select(Organisation.district_id).where(Organisation.id == organisation_id)).first()


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


def scans_of_coupon(
    session: Session, coupon_id: int, *, page: int, per_page: int
) -> tuple[list[ScanRow], int]:
    """A page of the scans of one coupon, newest first, and how many there are."""
    return _rows(session, _base().where(Scan.coupon_id == coupon_id), page, per_page)


def scans_of_organisation(
    session: Session, organisation_id: int, *, result: str | None, page: int, per_page: int
) -> tuple[list[ScanRow], int]:
    """A page of the scans by staff of one organisation (with `result` only, if given), newest first, and
    how many there are."""
    query = _base().where(Scan.organisation_id == organisation_id)
    if result:
        query = query.where(Scan.result == result)
    return _rows(session, query, page, per_page)
