"""Issuing a coupon at a booth: the rules (also for binding a blank from a pad), the row, the audit entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import (
    Booth,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    FairKind,
    Organisation,
    User,
    utcnow,
)
from fairs.services import audit, registry
from fairs.services.clients import add_visit, check_fair_accepts_records, ensure_booth_actor
from fairs.services.coupons import codes
from fairs.services.coupons import coupon_reads as reads
from fairs.services.coupons import repository as sql
from fairs.services.coupons.view import CouponView, effective_state
from fairs.services.period_lock import ensure_period_open
from fairs.services.registry import ensure_direction_open
from fairs.services.scope import visible_district_ids

MAX_CODE_ATTEMPTS = 8


@dataclass
class IssueContext:
    """What the rules of issuing found: the booth, its fair and organisation, the client's code and
    person, the direction and the receiving organisation, whether the record is back-entered, whether the
    visit exists."""

    booth: Booth
    fair: Fair
    issuer: Organisation
    client_code: str
    person_id: int  # the client's
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
    between: bool = False,
) -> IssueContext:
    """The rules of issuing at a booth (also for binding a blank from a pad): raises what issuing raises.

    `between`: the booth is at an office day (services/coupons/between.py has checked who may issue)."""
    found = reads.issue_context(
        session, booth_id=booth_id, client_id=client_id, organisation_id=organisation_id, direction=direction
    )
    visible = visible_district_ids(session, actor)
    if found is None or found.fair.district_id not in visible:
        raise NotFound(_("No such booth."), code="booth_not_found")
    if found.client_id is None or found.client_district_id not in visible:
        raise NotFound(_("No such client."), code="client_not_found")
    booth, fair = found.booth, found.fair
    if not between:
        ensure_booth_actor(actor, booth)
    if found.client_district_id != fair.district_id:
        raise NotFound(_("No such client."), code="client_not_found")
    back = False if between else check_fair_accepts_records(actor, fair)
    ensure_period_open(session, district_id=fair.district_id, day=fair.date)  # the fair's date counts
    direction_row, target = found.direction, found.target
    if direction_row is None:
        raise Invalid(_("Unknown direction: %(code)s.") % {"code": direction[:50]}, code="unknown_direction")
    ensure_direction_open(direction_row)
    # The receiver serves the fair's district: one of its own, or a regional organisation of its region.
    serves = target is not None and registry.serves_district(session, target, fair.district_id)
    if target is None or not target.is_active or not serves:
        raise NotFound(_("No such receiving organisation."), code="organisation_not_found")
    if not found.receives:
        raise Invalid(
            _("%(org)s does not receive coupons for «%(direction)s».")
            % {"org": target.name, "direction": direction_row.name(current_locale.get())},
            code="direction_not_received",
        )
    return IssueContext(
        booth=booth,
        fair=fair,
        issuer=found.issuer,
        client_code=found.client_code,
        person_id=found.person_id,
        direction=direction_row,
        target=target,
        back_entered=back,
        has_visit=found.has_visit,
    )


def issue_coupon(
    session: Session,
    *,
    actor: User,
    booth_id: int,
    client_id: int,
    organisation_id: int,
    direction: str,
    confirm_duplicate: bool = False,
) -> CouponView:
    """Issue a coupon at a booth to a client, for a direction the receiving organisation receives.

    A client who holds a valid coupon for the same direction and receiving organisation is asked about
    first: 409 `duplicate_coupon` naming it, unless `confirm_duplicate`."""
    ctx = check_issue(
        session,
        actor=actor,
        booth_id=booth_id,
        client_id=client_id,
        organisation_id=organisation_id,
        direction=direction,
    )
    return issue_checked(
        session,
        actor=actor,
        ctx=ctx,
        client_id=client_id,
        direction=direction,
        confirm_duplicate=confirm_duplicate,
    )


def issue_checked(
    session: Session,
    *,
    actor: User,
    ctx: IssueContext,
    client_id: int,
    direction: str,
    confirm_duplicate: bool,
    visit: bool = True,
) -> CouponView:
    """Issue the coupon `ctx` was checked for (`visit`: record the client's visit to the fair too)."""
    if not confirm_duplicate:
        refuse_duplicate(session, ctx=ctx, client_id=client_id)
    booth, fair, back = ctx.booth, ctx.fair, ctx.back_entered
    direction_row, target = ctx.direction, ctx.target
    if visit and not ctx.has_visit:
        add_visit(
            session,
            actor=actor,
            fair_id=fair.id,
            district_id=fair.district_id,
            client_id=client_id,
            person_id=ctx.person_id,
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
            "person_id": ctx.person_id,
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
            **({"between_fairs": True} if fair.kind == FairKind.between else {}),
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
        between=fair.kind == FairKind.between,
    )


def valid_duplicate(
    session: Session, *, client_id: int, organisation_id: int, direction_id: int
) -> Coupon | None:
    """The newest coupon of the client still valid today (issued, not expired, not cancelled) for the same
    receiving organisation and direction, if any."""
    query = (
        select(Coupon)
        .where(
            Coupon.client_id == client_id,
            Coupon.organisation_id == organisation_id,
            Coupon.direction_id == direction_id,
            Coupon.status == CouponStatus.issued.value,
            col(Coupon.expires_on) >= local_today(),
        )
        .order_by(col(Coupon.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def refuse_duplicate(session: Session, *, ctx: IssueContext, client_id: int) -> None:
    """409 `duplicate_coupon` when the client already holds a valid coupon like the one asked for; the
    problem names it (`existing`: its code and expiry), so the face can offer to print it instead."""
    existing = valid_duplicate(
        session, client_id=client_id, organisation_id=ctx.target.id, direction_id=ctx.direction.id
    )
    if existing is None:
        return
    raise Conflict(
        _(
            "Client %(client)s already has a valid coupon %(code)s for «%(direction)s» to %(org)s, "
            "valid until %(day)s."
        )
        % {
            "client": ctx.client_code,
            "code": codes.format_short_code(existing.code),
            "direction": ctx.direction.name(current_locale.get()),
            "org": ctx.target.name,
            "day": existing.expires_on.strftime("%d.%m.%Y"),
        },
        code="duplicate_coupon",
        existing={
            "code": existing.code,
            "code_display": codes.format_short_code(existing.code),
            "expires_on": existing.expires_on.isoformat(),
        },
    )


def insert_coupon(session: Session, values: dict) -> Coupon:
    """Insert a coupon from all its column values but `code`, drawing a short code the index accepts."""
    # The unique index decides; a collision (1 in 2^40 per pair) just draws a new code.
    for _attempt in range(MAX_CODE_ATTEMPTS):
        values["code"] = codes.new_short_code()
        coupon = sql.insert(session, values)
        if coupon is not None:
            return coupon
    raise Conflict(_("Could not draw a unique coupon code; try again."), code="code_exhausted")
