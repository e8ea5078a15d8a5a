"""What `fairs retention` removes from the coupons' tables (the clients' personal fields: services/clients).

* Stored idempotency answers past their time to live (`IDEMPOTENCY_TTL`): each holds the whole answer to a
  redeem (the coupon with its client code); a repeat that late is a new request, so nothing needs them.
  A user's own expired keys are also forgotten at their next redeem; this removes everyone's.
* Scan details past the retention period: the code a scan was typed with (`Scan.ref`, the normalised short
  code, possibly someone else's coupon mistyped) is erased from scans made before the cut-off. The rows
  stay (day, district, organisation, coupon, result), so the failed-scan tallies and a coupon's scan
  history keep every count.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from fairs.models import IdempotencyKey, Scan, utcnow
from fairs.services.coupons.idempotency import IDEMPOTENCY_TTL


def expired_idempotency_answers(session: Session, *, apply: bool, now: datetime | None = None) -> int:
    """Stored answers older than IDEMPOTENCY_TTL, of every user: counted, or with `apply` deleted."""
    stale = IdempotencyKey.created_at < (now or utcnow()) - IDEMPOTENCY_TTL
    if not apply:
        return session.execute(select(func.count()).select_from(IdempotencyKey).where(stale)).scalar_one()
    return session.execute(delete(IdempotencyKey).where(stale)).rowcount


def old_scan_refs(session: Session, *, before: date, apply: bool) -> int:
    """Scans made before `before` that still hold the code they were typed with: counted, or with `apply`
    that code erased (the scan row and its counts stay)."""
    old = (Scan.scanned_on < before, Scan.ref != "")
    if not apply:
        return session.execute(select(func.count()).select_from(Scan).where(*old)).scalar_one()
    return session.execute(update(Scan).where(*old).values(ref="")).rowcount
