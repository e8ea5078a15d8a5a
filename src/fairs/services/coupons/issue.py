"""Issuing a coupon at a booth: the rules (also for binding a blank from a pad), the row, the audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.db import detached, insert_unless_taken
from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import (
    Booth,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    Organisation,
    User,
    utcnow,
)
from fairs.services import audit
from fairs.services.clients import add_visit, check_fair_accepts_records, ensure_booth_actor
from fairs.services.coupons import codes
from fairs.services.coupons import repository as sql
from fairs.services.coupons.reading import CouponView, effective_state
from fairs.services.scope import visible_district_ids

MAX_CODE_ATTEMPTS = 8


@dataclass
class IssueContext:
    """What the rules of issuing found: the booth, its fair and organisation, the client's code, the
    direction and the receiving organisation, whether the record is back-entered, whether the visit exists."""

    booth: Booth
    fair: Fair
    issuer: Organisation
    client_code: str
    direction: Direction
    target: Organisation
    back_entered: bool
    has_visit: bool


def check_issue(
    session: Session,
    *,
    actor: User,
    booth_id: int,
    client_id: int,
    organisation_id: int,
    direction: str,
) -> IssueContext:
    """The rules of issuing at a booth (also for binding a blank from a pad): raises what issuing raises."""
    found = sql.ISSUE_CONTEXT.run(
        session,
        {"booth_id": booth_id, "client_id": client_id, "organisation_id": organisation_id, "code": direction},
    )
    row = found.first()
    visible = visible_district_ids(session, actor)
    q = sql.ISSUE_CONTEXT_COLUMNS
    fair_values = q.part(row, "fair") if row is not None else None
    if fair_values is None or fair_values["district_id"] not in visible:
        raise NotFound(_("No such booth."), code="booth_not_found")
    client = q.part(row, "client")
    if client["id"] is None or client["district_id"] not in visible:
        raise NotFound(_("No such client."), code="client_not_found")
    booth, fair = detached(Booth, q.part(row, "booth")), detached(Fair, fair_values)
    ensure_booth_actor(actor, booth)
    if client["district_id"] != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    back = check_fair_accepts_records(actor, fair)
    direction_values, target_values = q.part(row, "direction"), q.part(row, "target")
    if direction_values["id"] is None:
        raise Invalid(_("Unknown direction: %(code)s.") % {"code": direction[:50]}, code="unknown_direction")
    if (
        target_values["id"] is None
        or target_values["district_id"] != fair.district_id
        or not target_values["is_active"]
    ):
        raise NotFound(_("No such receiving organisation."), code="organisation_not_found")
    direction_row, target = detached(Direction, direction_values), detached(Organisation, target_values)
    if row.receives is None:
        raise Invalid(
            _("%(org)s does not receive coupons for «%(direction)s».")
            % {"org": target.name, "direction": direction_row.name(current_locale.get())},
            code="direction_not_received",
        )
    return IssueContext(
        booth=booth,
        fair=fair,
        issuer=detached(Organisation, q.part(row, "issuer")),
        client_code=client["code"],
        direction=direction_row,
        target=target,
        back_entered=back,
        has_visit=row.visit_id is not None,
    )


def issue_coupon(
    session: Session,
    *,
    actor: User,
    booth_id: int,
    client_id: int,
    organisation_id: int,
    direction: str,
) -> CouponView:
    """Issue a coupon at a booth to a client, for a direction the receiving organisation receives."""
    ctx = check_issue(
        session,
        actor=actor,
        booth_id=booth_id,
        client_id=client_id,
        organisation_id=organisation_id,
        direction=direction,
    )
    booth, fair, back = ctx.booth, ctx.fair, ctx.back_entered
    direction_row, target = ctx.direction, ctx.target
    if not ctx.has_visit:
        add_visit(
            session,
            actor=actor,
            fair_id=fair.id,
            district_id=fair.district_id,
            client_id=client_id,
            client_code=ctx.client_code,
            back_entered=back,
        )
    issued_on = fair.date if back else local_today()
    coupon = insert_coupon(
        session,
        {
            "district_id": fair.district_id,
            "token": codes.new_token(),
            "fair_id": fair.id,
            "booth_id": booth.id,
            "client_id": client_id,
            "issuing_organisation_id": booth.organisation_id,
            "organisation_id": target.id,
            "direction_id": direction_row.id,
            "status": CouponStatus.issued.value,
            "issued_on": issued_on,
            "expires_on": issued_on + timedelta(days=get_settings().coupon_validity_days),
            "issued_at": utcnow(),
            "issued_by_id": actor.id,
            "back_entered": back,
            **sql.NOT_YET,
        },
    )
    audit.record(
        session,
        actor=actor,
        action="issue",
        entity="coupon",
        entity_id=coupon.id,
        district_id=fair.district_id,
        back_entered=back,
        details={
            "code": coupon.code,
            "direction": direction,
            "organisation_id": target.id,
            "client": ctx.client_code,
        },
    )
    return CouponView(
        coupon=coupon,
        direction=direction_row,
        organisation=target,
        issuing_organisation=ctx.issuer,
        client_code=ctx.client_code,
        fair_date=fair.date,
        outcome=None,
        redeemed_by=None,
        state=effective_state(coupon),
    )


def insert_coupon(session: Session, values: dict) -> Coupon:
    """Insert a coupon from all its column values but `code`, drawing a short code the index accepts."""
    # The unique index decides; a collision (1 in 2^40 per pair) just draws a new code.
    statement = insert_unless_taken(session, Coupon.__table__, ("code",))
    for _attempt in range(MAX_CODE_ATTEMPTS):
        values["code"] = codes.new_short_code()
        inserted = statement.run(session, values).first()
        if inserted is not None:
            return detached(Coupon, {"id": inserted.id, **values})
    raise Conflict(_("Could not draw a unique coupon code; try again."), code="code_exhausted")
