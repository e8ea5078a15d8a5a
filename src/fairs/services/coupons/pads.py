"""Pads of blank coupons: printed for a booth, bound at the stand (or from the stubs after the fair), voided.

A blank is a coupon with status `blank` and no client, direction, receiving organisation or expiry. Binding
it applies the rules of issuing (services/issue.check_issue) and then one conditional UPDATE: of two
people binding the same stub, exactly one finds it still blank. Blanks are never counted
(services/tally_queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.config import get_settings
from fairs.errors import Conflict, Forbidden, Gone, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Booth, Coupon, CouponStatus, Fair, FairStatus, Organisation, Pad, Role, User, utcnow
from fairs.services import audit, schedule
from fairs.services.clients import add_visit
from fairs.services.coupons import codes, issue, reading
from fairs.services.coupons import coupon_lists as lists
from fairs.services.coupons import coupon_reads as reads
from fairs.services.coupons import repository as sql
from fairs.services.coupons.view import CouponView
from fairs.services.scope import ensure_organiser_of, visible_district_ids

PAD_MIN_COUNT, PAD_MAX_COUNT, PAD_DEFAULT_COUNT = 1, 200, 20
VOID_REASON = "unused blank"  # stored as the cancel reason of a voided blank (tallies skip cancelled ones)
# Pads are printed for a fair still to come or under way; after it only binding and voiding are left.
PAD_PRINTABLE = {FairStatus.planned.value, FairStatus.open.value}
FAIR_OVER = {FairStatus.closed.value, FairStatus.cancelled.value}


@dataclass
class PadSheet:
    """A pad to print: its booth's organisation and fair, and the coupons of it still blank."""

    pad: Pad
    fair: Fair
    booth: Booth
    organisation: Organisation
    blanks: list[Coupon]


def _organiser_booth(session: Session, *, actor: User, fair_id: int, booth_id: int) -> tuple[Booth, Fair]:
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers print pads of blank coupons."))
    booth, fair = schedule.get_booth(session, actor=actor, booth_id=booth_id)
    if fair.id != fair_id:
        raise NotFound(_("No such booth."), code="booth_not_found")
    ensure_organiser_of(actor, fair.district_id)
    return booth, fair


def pad_form(session: Session, *, actor: User, fair_id: int, booth_id: int) -> tuple[Booth, Fair, list[Pad]]:
    """The booth, its fair and the pads printed for it so far (newest first), for an organiser."""
    booth, fair = _organiser_booth(session, actor=actor, fair_id=fair_id, booth_id=booth_id)
    pads = session.exec(select(Pad).where(Pad.booth_id == booth.id).order_by(Pad.id.desc())).all()
    return booth, fair, list(pads)


def create_pad(session: Session, *, actor: User, fair_id: int, booth_id: int, count: int) -> Pad:
    """A pad of `count` blank coupons for a booth of a fair to come or under way (organisers)."""
    booth, fair = _organiser_booth(session, actor=actor, fair_id=fair_id, booth_id=booth_id)
    if fair.status not in PAD_PRINTABLE:
        raise Conflict(_("Pads are printed only before or during the fair."), code="fair_over")
    if not PAD_MIN_COUNT <= count <= PAD_MAX_COUNT:
        raise Invalid(
            _("A pad has from %(min)s to %(max)s coupons.") % {"min": PAD_MIN_COUNT, "max": PAD_MAX_COUNT},
            code="bad_count",
        )
    pad = Pad(
        district_id=fair.district_id, fair_id=fair.id, booth_id=booth.id, count=count, created_by_id=actor.id
    )
    session.add(pad)
    session.flush()
    now = utcnow()
    for _n in range(count):
        issue.insert_coupon(
            session,
            {
                "district_id": fair.district_id,
                "token": codes.new_token(),
                "fair_id": fair.id,
                "booth_id": booth.id,
                "client_id": None,
                "person_id": None,
                "issuing_organisation_id": booth.organisation_id,
                "organisation_id": None,
                "direction_id": None,
                "status": CouponStatus.blank.value,
                "issued_on": fair.date,  # a placeholder: binding sets the real day
                "expires_on": None,
                "issued_at": now,
                "issued_by_id": actor.id,
                "back_entered": False,
                "pad_id": pad.id,
                **sql.NOT_YET,
            },
        )
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="pad",
        entity_id=pad.id,
        district_id=fair.district_id,
        details={"booth_id": booth.id, "count": count},
    )
    return pad


def pad_sheet(session: Session, *, actor: User, pad_id: int) -> PadSheet:
    """The printable sheet of a pad (organisers of its district): its coupons still blank."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers print pads of blank coupons."))
    pad = session.get(Pad, pad_id)
    if pad is None or pad.district_id not in visible_district_ids(session, actor):
        raise NotFound(_("No such pad."), code="pad_not_found")
    booth, fair = schedule.get_booth(session, actor=actor, booth_id=pad.booth_id)
    blanks = lists.blanks_of_pad(session, pad.id)
    organisation = session.get(Organisation, booth.organisation_id)
    return PadSheet(pad=pad, fair=fair, booth=booth, organisation=organisation, blanks=blanks)


def blank_by_ref(session: Session, *, actor: User, ref: str) -> Coupon:
    """The blank to bind for a QR token or a short code: another organisation's coupon is answered as a
    code that does not exist (reading.refuse_foreign), whatever its state."""
    ref = ref.strip()
    if codes.looks_like_token(ref):
        coupon = reads.coupon_by_token(session, ref)
    elif codes.is_valid_short_code(ref):
        coupon = reads.coupon_by_code(session, codes.normalise_short_code(ref))
    else:
        raise Invalid(_("This code is mistyped: please check it."), code="mistyped_code")
    if coupon is None or coupon.district_id not in visible_district_ids(session, actor):
        raise NotFound(reading.unknown_code_message(), code="unknown_code")
    if reading.is_foreign(actor, coupon.issuing_organisation_id, coupon.organisation_id):
        reading.refuse_foreign(ref)
    _ensure_blank(coupon)
    return coupon


def _ensure_blank(coupon: Coupon) -> None:
    if coupon.status == CouponStatus.blank:
        return
    if coupon.client_id is None:
        raise Gone(
            _("This blank coupon was voided after the fair."), code="cancelled", reason=coupon.cancel_reason
        )
    raise Conflict(_("This coupon is bound already."), code="already_bound")


def _issue_day(back: bool, fair: Fair, issued_on: date | None) -> date:
    """Today at an open fair; from the stub after it: the written day, between the fair and today."""
    today = local_today()
    if not back:
        if issued_on not in (None, today):
            raise Invalid(
                _("The date of a stub is entered only after the fair."), code="bind_date_not_allowed"
            )
        return today
    day = issued_on or fair.date
    if not fair.date <= day <= today:
        raise Invalid(
            _("The date on the stub must be between the fair (%(fair)s) and today.")
            % {"fair": fair.date.strftime("%d.%m.%Y")},
            code="bind_date_out_of_range",
        )
    return day


def bind_blank(
    session: Session,
    *,
    actor: User,
    coupon: Coupon,
    client_id: int,
    organisation_id: int,
    direction: str,
    booth_id: int | None = None,
    issued_on: date | None = None,
) -> CouponView:
    """Bind a blank of a pad (found by `blank_by_ref`) to a client, direction and receiving organisation:
    then it is issued."""
    if booth_id is not None and coupon.booth_id != booth_id:
        raise Invalid(_("This blank coupon belongs to another booth's pad."), code="blank_of_another_booth")
    ctx = issue.check_issue(
        session,
        actor=actor,
        booth_id=coupon.booth_id,
        client_id=client_id,
        organisation_id=organisation_id,
        direction=direction,
    )
    day = _issue_day(ctx.back_entered, ctx.fair, issued_on)
    bound = {
        "status": CouponStatus.issued.value,
        "client_id": client_id,
        "person_id": ctx.person_id,
        "organisation_id": ctx.target.id,
        "direction_id": ctx.direction.id,
        "issued_on": day,
        "expires_on": day + timedelta(days=get_settings().coupon_validity_days),
        "issued_at": utcnow(),
        "issued_by_id": actor.id,
        "back_entered": ctx.back_entered,
    }
    if not sql.bind(session, coupon.id, bound):  # someone bound (or voided) it since it was read
        _ensure_blank(reads.coupon_by_id(session, coupon.id))
        raise Conflict(_("This coupon is bound already."), code="already_bound")
    if not ctx.has_visit:
        add_visit(
            session,
            actor=actor,
            fair_id=ctx.fair.id,
            district_id=ctx.fair.district_id,
            client_id=client_id,
            person_id=ctx.person_id,
            client_code=ctx.client_code,
            back_entered=ctx.back_entered,
        )
    audit.record(
        session,
        actor=actor,
        action="bind",
        entity="coupon",
        entity_id=coupon.id,
        district_id=ctx.fair.district_id,
        back_entered=ctx.back_entered,
        details={
            "code": coupon.code,
            "pad_id": coupon.pad_id,
            "direction": direction,
            "organisation_id": ctx.target.id,
            "client": ctx.client_code,
            "issued_on": day.isoformat(),
        },
    )
    return reading.coupon_view(session, reads.coupon_by_id(session, coupon.id), actor=actor)
