"""Re-issuing an open coupon in another district (a handover): the original cancelled with a reason at
home, its replacement issued today at the other district's office day, to the client row there.

The replacement goes to the original receiving organisation when it serves the other district and still
receives the direction, else to the first active organisation there (by name) that receives it; with none,
the coupon is left open at home and the caller is told (`receiver_in`)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from fairs.clock import local_today
from fairs.models import (
    Booth,
    Coupon,
    CouponStatus,
    Direction,
    Organisation,
    OrganisationDirection,
    User,
)
from fairs.services import audit, schedule
from fairs.services.coupons import changes, issue
from fairs.services.coupons.reissue import replacement_row
from fairs.services.registry import ensure_direction_open, serves_district


def open_coupons_of(session: Session, *, client_id: int) -> list[Coupon]:
    """The client's coupons still usable: issued, not redeemed, cancelled or expired; oldest first."""
    return list(
        session.exec(
            select(Coupon)
            .where(
                Coupon.client_id == client_id,
                Coupon.status == CouponStatus.issued,
                Coupon.expires_on >= local_today(),
            )
            .order_by(col(Coupon.id))
        ).all()
    )


def receiver_in(session: Session, *, coupon: Coupon, district_id: int) -> Organisation | None:
    """The organisation of `district_id` a replacement of `coupon` goes to (see the module), or None."""
    candidates = session.exec(
        select(Organisation)
        .join(OrganisationDirection, OrganisationDirection.organisation_id == Organisation.id)
        .where(OrganisationDirection.direction_id == coupon.direction_id, col(Organisation.is_active))
        .order_by(col(Organisation.id) != coupon.organisation_id, Organisation.name, Organisation.id)
    ).all()
    return next((org for org in candidates if serves_district(session, org, district_id)), None)


def reissue_in_district(
    session: Session,
    *,
    actor: User,
    coupon: Coupon,
    client_id: int,
    district_id: int,
    organisation: Organisation,
    reason: str,
) -> Coupon:
    """Cancel `coupon` with `reason` and issue its replacement today in `district_id` to `client_id`,
    addressed to `organisation`, made at that district's office day by that organisation's booth there.

    The cancel's conditional UPDATE decides between a racing redemption and this re-issue; each district's
    audit log gets its half (the cancel at home, the issue there). A retired direction is refused (409
    `direction_retired`) before anything is written."""
    ensure_direction_open(session.get(Direction, coupon.direction_id))
    changes.cancel_coupon(session, actor=actor, coupon=coupon, reason=reason)
    today = local_today()
    booth_id = schedule.office_day_booth_id(
        session, district_id=district_id, day=today, organisation_id=organisation.id
    )
    booth = session.get(Booth, booth_id)
    moved = replacement_row(
        coupon,
        actor,
        district_id=district_id,
        fair_id=booth.fair_id,
        booth_id=booth_id,
        client_id=client_id,
        issuing_organisation_id=organisation.id,
        organisation_id=organisation.id,
    )
    replacement = issue.insert_coupon(session, moved)
    audit.record(
        session,
        actor=actor,
        action="issue",
        entity="coupon",
        entity_id=replacement.id,
        district_id=district_id,
        details={"code": replacement.code, "reissued_from": coupon.code, "organisation_id": organisation.id},
    )
    return replacement
