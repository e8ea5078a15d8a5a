"""Coupons: issue at a booth, look up by token or short code, redeem at most once, outcome, cancel."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy.orm import aliased
from sqlmodel import Session, func, or_, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.db import detached, insert_unless_taken, set_loaded
from fairs.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import (
    Booth,
    Client,
    Coupon,
    CouponStatus,
    Direction,
    Fair,
    Organisation,
    Outcome,
    Role,
    User,
    utcnow,
)
from fairs.services import audit, codes
from fairs.services import coupon_sql as sql
from fairs.services.clients import add_visit, check_fair_accepts_records, ensure_booth_actor
from fairs.services.directions import get_outcome
from fairs.services.scope import visible_district_ids

MAX_CODE_ATTEMPTS = 8
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


def effective_state(coupon: Coupon, today: date | None = None) -> str:
    """The stored status, with issued coupons past their expiry date read as expired."""
    if coupon.status == CouponStatus.issued and coupon.expires_on < (today or local_today()):
        return CouponStatus.expired.value
    return coupon.status


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
    found = session.connection().execute(
        sql.ISSUE_CONTEXT,
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
        inserted = session.connection().execute(statement, values).first()
        if inserted is not None:
            return detached(Coupon, {"id": inserted.id, **values})
    raise Conflict(_("Could not draw a unique coupon code; try again."), code="code_exhausted")


def find_coupon_view(session: Session, *, actor: User, ref: str) -> CouponView:
    """The coupon for a QR token or a short code, with its names, if the actor may see it."""
    ref = ref.strip()
    if codes.looks_like_token(ref):
        row = session.connection().execute(sql.VIEW_BY_TOKEN, {"ref": ref}).first()
    else:
        if not codes.is_valid_short_code(ref):
            raise Invalid(_("This code is mistyped: please check it."), code="mistyped_code")
        row = session.connection().execute(sql.VIEW_BY_CODE, {"ref": codes.normalise(ref)}).first()
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
    key = Coupon.token == ref if codes.looks_like_token(ref) else Coupon.code == codes.normalise(ref)
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


def _ensure_receiver(actor: User, coupon: Coupon) -> None:
    if is_receiver(actor, coupon):
        return
    raise Forbidden(_("This coupon is addressed to another organisation."), code="other_organisation")


def redeem_by_ref(session: Session, *, actor: User, ref: str, redeemed_on: date | None = None) -> CouponView:
    """Find the coupon by QR token or short code and redeem it; the view shows it redeemed."""
    found = find_coupon_view(session, actor=actor, ref=ref)
    return redeem_found(session, actor=actor, found=found, redeemed_on=redeemed_on)


def redeem_found(
    session: Session, *, actor: User, found: CouponView, redeemed_on: date | None = None
) -> CouponView:
    """Redeem a coupon already found with its names; the view shows it redeemed."""
    redeem_coupon(session, actor=actor, coupon=found.coupon, redeemed_on=redeemed_on)
    return replace(found, redeemed_by=actor.full_name or actor.username, state=effective_state(found.coupon))


def redeem_coupon(
    session: Session, *, actor: User, coupon: Coupon, redeemed_on: date | None = None
) -> Coupon:
    """Mark the coupon used, at most once: one conditional UPDATE decides between racing scans."""
    _ensure_receiver(actor, coupon)
    today = local_today()
    back = redeemed_on is not None and redeemed_on != today
    day = redeemed_on or today
    if day > today:
        raise Invalid(_("The redemption date cannot be in the future."), code="date_in_future")
    if back and actor.role != Role.organiser:
        raise Forbidden(_("Only organisers enter a redemption date from a paper stub."), code="forbidden")
    if day < coupon.issued_on:
        raise Invalid(_("The redemption date is before the coupon was issued."), code="date_before_issue")
    redeemed = {
        "status": CouponStatus.redeemed.value,
        "redeemed_at": utcnow(),
        "redeemed_on": day,
        "redeemed_by_id": actor.id,
    }
    result = session.connection().execute(
        sql.REDEEM, {"coupon_id": coupon.id, "day": day, **sql.bound(redeemed)}
    )
    if result.rowcount != 1:
        _reload(session, coupon)
        _explain_refusal(session, coupon, day)
    set_loaded(coupon, redeemed)
    audit.record(
        session,
        actor=actor,
        action="redeem",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        back_entered=back,
        details={"code": coupon.code, "redeemed_on": day.isoformat()},
    )
    return coupon


def _reload(session: Session, coupon: Coupon) -> None:
    """Read the coupon's stored columns again (after an UPDATE that did not apply)."""
    row = session.connection().execute(sql.COUPON_BY_ID, {"coupon_id": coupon.id}).one()
    set_loaded(coupon, dict(row._mapping))


def _explain_refusal(session: Session, coupon: Coupon, day: date) -> None:
    if coupon.status == CouponStatus.redeemed:
        who = session.get(User, coupon.redeemed_by_id) if coupon.redeemed_by_id else None
        raise Conflict(
            _("Already redeemed on %(day)s by %(who)s.")
            % {
                "day": coupon.redeemed_on.strftime("%d.%m.%Y") if coupon.redeemed_on else "?",
                "who": (who.full_name or who.username) if who else "?",
            },
            code="already_redeemed",
            redeemed_on=coupon.redeemed_on.isoformat() if coupon.redeemed_on else None,
            redeemed_by=(who.full_name or who.username) if who else None,
        )
    if coupon.status == CouponStatus.cancelled:
        raise Gone(_("This coupon was cancelled."), code="cancelled", reason=coupon.cancel_reason)
    raise Gone(
        _("This coupon expired on %(day)s.") % {"day": coupon.expires_on.strftime("%d.%m.%Y")},
        code="expired",
        expires_on=coupon.expires_on.isoformat(),
    )


def record_outcome(
    session: Session, *, actor: User, coupon: Coupon, outcome: str, day: date | None = None
) -> Coupon:
    """Record (or correct) the outcome of a redeemed coupon, from its direction's list."""
    _ensure_receiver(actor, coupon)
    if coupon.status != CouponStatus.redeemed:
        raise Conflict(
            _("An outcome can be recorded only after the coupon is redeemed."), code="not_redeemed"
        )
    day = day or local_today()
    if day > local_today():
        raise Invalid(_("The outcome date cannot be in the future."), code="date_in_future")
    if coupon.redeemed_on and day < coupon.redeemed_on:
        raise Invalid(_("The outcome date is before the redemption."), code="date_before_redemption")
    outcome_row = get_outcome(session, direction_id=coupon.direction_id, code=outcome)
    previous = coupon.outcome_id
    values = {"outcome_id": outcome_row.id, "outcome_on": day, "outcome_by_id": actor.id}
    session.connection().execute(sql.SET_OUTCOME, {"coupon_id": coupon.id, **sql.bound(values)})
    set_loaded(coupon, values)
    audit.record(
        session,
        actor=actor,
        action="outcome",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={
            "code": coupon.code,
            "outcome": outcome,
            "date": day.isoformat(),
            "corrected": bool(previous),
        },
    )
    return coupon


def cancel_coupon(session: Session, *, actor: User, coupon: Coupon, reason: str) -> Coupon:
    """Organisers cancel an unredeemed coupon issued in error, with a reason."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers cancel coupons."), code="forbidden")
    if not reason.strip():
        raise Invalid(_("A reason is required."), code="reason_required")
    cancelled = {
        "status": CouponStatus.cancelled.value,
        "cancelled_at": utcnow(),
        "cancelled_by_id": actor.id,
        "cancel_reason": reason.strip()[:500],
    }
    result = session.connection().execute(sql.CANCEL, {"coupon_id": coupon.id, **sql.bound(cancelled)})
    if result.rowcount == 1:
        set_loaded(coupon, cancelled)
    else:
        _reload(session, coupon)
        if coupon.status == CouponStatus.redeemed:
            raise Conflict(_("A redeemed coupon cannot be cancelled."), code="already_redeemed")
        raise Conflict(_("This coupon was cancelled already."), code="cancelled")
    audit.record(
        session,
        actor=actor,
        action="cancel",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={"code": coupon.code, "reason": reason.strip()[:500]},
    )
    return coupon


def annul_redemption(session: Session, *, actor: User, coupon: Coupon, reason: str) -> Coupon:
    """Organisers undo a redemption made in error, with a reason: the coupon is issued again (and reads as
    expired if its validity has ended), its outcome cleared; the audit row keeps what was undone."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers annul a redemption."), code="forbidden")
    reason = reason.strip()
    if not reason:
        raise Invalid(_("A reason is required."), code="reason_required")
    if len(reason) > 500:
        raise Invalid(_("The reason is longer than 500 characters."), code="reason_too_long")
    before = {"redeemed_on": coupon.redeemed_on, "redeemed_by_id": coupon.redeemed_by_id}
    outcome_id = coupon.outcome_id
    result = session.connection().execute(sql.ANNUL, {"coupon_id": coupon.id, **sql.bound(sql.ANNULLED)})
    if result.rowcount != 1:
        raise Conflict(_("This coupon is not redeemed."), code="not_redeemed")
    set_loaded(coupon, sql.ANNULLED)
    audit.record(
        session,
        actor=actor,
        action="annul",
        entity="coupon",
        entity_id=coupon.id,
        district_id=coupon.district_id,
        details={
            "code": coupon.code,
            "reason": reason,
            "redeemed_on": before["redeemed_on"].isoformat() if before["redeemed_on"] else None,
            "redeemed_by_id": before["redeemed_by_id"],
            "outcome_id": outcome_id,
        },
    )
    return coupon


def view(session: Session, coupon: Coupon) -> CouponView:
    """The coupon with the names shown beside it."""
    return views(session, [coupon])[0]


def views(session: Session, rows: list[Coupon]) -> list[CouponView]:
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
    if actor.role == Role.committee:
        raise Forbidden(_("The committee sees tallies, not coupons."), code="forbidden")
    query = select(Coupon).where(
        Coupon.district_id.in_(visible_district_ids(session, actor)),
        Coupon.client_id.is_not(None),  # bound coupons only: blanks of pads (and voided ones) have no client
    )
    if actor.role == Role.partner:
        query = query.where(
            or_(
                Coupon.organisation_id == actor.organisation_id,
                Coupon.issuing_organisation_id == actor.organisation_id,
            )
        )
    if fair_id is not None:
        query = query.where(Coupon.fair_id == fair_id)
    if client_id is not None:
        query = query.where(Coupon.client_id == client_id)
    if booth_id is not None:
        query = query.where(Coupon.booth_id == booth_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Coupon.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total
