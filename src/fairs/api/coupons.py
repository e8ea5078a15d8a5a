"""Coupons by token or short code: read, redeem, outcome, cancel."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Body, Header, Query
from fastapi.responses import Response
from pydantic import BaseModel
from sqlmodel import Session

from fairs.api.deps import ApiOrganiser, ApiStaff, SessionDep, WriteSessionDep
from fairs.api.problems import PROBLEM, refusal
from fairs.api.routing import Router, short_unit
from fairs.api.schemas import CouponOut, OutcomeIn, Page, ReasonIn, RedeemIn
from fairs.i18n import current_locale
from fairs.models import Coupon, User
from fairs.services import coupons
from fairs.services.coupons import CouponView, IssuedFilter, ScanRow, format_short_code

router = Router(prefix="/api/v1/coupons", tags=["coupons"])


def coupon_out(v: CouponView) -> CouponOut:
    """The API form of a coupon (built without validation: every value was just read from the database
    or written to it, with its column's type; validating them again was a tenth of a redemption)."""
    c = v.coupon
    return CouponOut.model_construct(
        id=c.id,
        token=c.token,
        code=c.code,
        code_display=format_short_code(c.code),
        url=v.url,
        status=v.state,
        direction=v.direction.code,
        organisation_id=c.organisation_id,
        organisation=v.organisation.name,
        issuing_organisation_id=c.issuing_organisation_id,
        client_code=v.client_code,
        fair_date=v.fair_date,
        between_fairs=v.between,
        issued_on=c.issued_on,
        expires_on=c.expires_on,
        back_entered=c.back_entered,
        redeemed_on=v.redeemed_on,
        redeemed_at=v.redeemed_at,
        redeemed_by=v.redeemed_by,
        outcome=v.outcome.code if v.outcome else None,
        outcome_on=v.outcome_on,
        cancel_reason=c.cancel_reason or None,
    )


def as_typed(out: CouponOut, ref: str) -> CouponOut:
    """The answer with a note when the typed code was read from the Russian keyboard layout."""
    note = coupons.layout_note(ref)
    if note is not None:
        out.layout_converted, out.note = True, note
    return out


def answer_for(session: Session, coupon: Coupon, user: User, ref: str = "") -> CouponOut:
    """The API form of a coupon whose names are still to be read (inside the request's transaction)."""
    view = coupons.coupon_view(session, coupon, actor=user)
    out = coupon_out(view)
    if view.outcome is not None and not view.receiver_side_hidden and coupons.takes_reason(view.outcome.code):
        why = coupons.details_of(session, coupon_id=coupon.id)
        if why is not None:
            out.nonhire_reason, out.employer, out.profession = why.reason.code, why.employer, why.profession
            out.employer_organisation_id = why.employer_organisation_id
    return as_typed(out, ref)


@router.get("", response_model=Page[CouponOut])
def list_coupons(
    session: SessionDep,
    user: ApiStaff,
    fair_id: int | None = None,
    client_id: int | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[CouponOut]:
    """A page of coupons the user may see, newest first."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    rows, total = coupons.list_coupons(
        session, actor=user, fair_id=fair_id, client_id=client_id, page=page, per_page=per_page
    )
    items = [coupon_out(v) for v in coupons.coupon_views(session, rows, actor=user)]
    return Page[CouponOut](items=items, total=total, page=page, per_page=per_page)


class IssuedItemOut(BaseModel):
    """A coupon the organisation issued: whether and when it was used, not what came of it."""

    id: int
    code: str
    code_display: str
    client_code: str
    direction: str
    direction_name: str
    organisation_id: int
    organisation: str
    fair_date: dt.date
    issued_on: dt.date
    expires_on: dt.date
    state: Literal["waiting", "redeemed", "expired"]
    redeemed_on: dt.date | None = None


class IssuedCountsOut(BaseModel):
    waiting: int
    redeemed: int
    expired: int


class IssuedOut(BaseModel):
    organisation_id: int
    counts: IssuedCountsOut
    items: list[IssuedItemOut]
    total: int
    page: int
    per_page: int


@router.get("/issued", response_model=IssuedOut)
def issued_coupons(
    session: SessionDep,
    user: ApiStaff,
    state: Literal["waiting", "redeemed", "expired"] | None = Query(
        None, description="waiting: valid, not used yet; redeemed; expired: never used. Empty: all three."
    ),
    issued_from: dt.date | None = Query(None, alias="from", description="Issued on or after this day."),
    issued_to: dt.date | None = Query(None, alias="to", description="Issued on or before this day."),
    organisation_id: int | None = Query(None, description="Organisers: whose coupons (their district)."),
    page: int = Query(1, ge=1, le=100_000),
    per_page: int = Query(25, ge=1, le=200),
) -> IssuedOut:
    """The coupons the partner's organisation issued (outgoing referrals), newest first: redeemed or not and
    on which day; the receiver's outcome, its day and who redeemed are not the issuer's to read."""
    wanted = IssuedFilter(state=state, issued_from=issued_from, issued_to=issued_to)
    org = coupons.issuing_organisation(session, actor=user, organisation_id=organisation_id)
    rows, total = coupons.issued_page(
        session, actor=user, organisation_id=org.id, issued=wanted, page=page, per_page=per_page
    )
    period = IssuedFilter(issued_from=issued_from, issued_to=issued_to)
    counts = coupons.issued_counts(session, actor=user, organisation_id=org.id, issued=period)
    locale = current_locale.get()
    items = [
        IssuedItemOut(
            id=r.id,
            code=r.code,
            code_display=format_short_code(r.code),
            client_code=r.client_code,
            direction=r.direction.code,
            direction_name=r.direction.name(locale),
            organisation_id=r.organisation_id,
            organisation=r.organisation,
            fair_date=r.fair_date,
            issued_on=r.issued_on,
            expires_on=r.expires_on,
            state=r.state,
            redeemed_on=r.redeemed_on,
        )
        for r in rows
    ]
    return IssuedOut(
        organisation_id=org.id,
        counts=IssuedCountsOut(**counts),
        items=items,
        total=total,
        page=page,
        per_page=per_page,
    )


@router.get("/{ref}", response_model=CouponOut)
def get_coupon(session: WriteSessionDep, user: ApiStaff, ref: str) -> CouponOut:
    """A coupon by its QR token or its short code (hyphens and case do not matter); the look-up is logged."""
    found = coupons.look_up(session, actor=user, ref=ref[:80])
    if found.refusal is not None:
        return refusal(found.refusal)  # answered, not raised: the refusal's scan row commits
    return as_typed(coupon_out(found.view), ref)


def _json(status: int, body: str) -> Response:
    return Response(body, status_code=status, media_type=PROBLEM if status >= 400 else "application/json")


@router.post(
    "/{ref}/redeem",
    response_model=CouponOut,
    responses={409: {"description": "already redeemed"}, 410: {"description": "expired or cancelled"}},
)
@short_unit
def redeem(
    session: SessionDep,
    user: ApiStaff,
    ref: str,
    body: Annotated[RedeemIn | None, Body()] = None,
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            pattern=coupons.IDEMPOTENCY_KEY_PATTERN,
            description="Repeat the request with the same key to get the first answer again (24 h).",
        ),
    ] = None,
) -> Response:
    """Redeem the coupon: 200 now, 409 already redeemed, 410 expired or cancelled, 403, 404; the scan is
    logged. With an `Idempotency-Key`, a repeat gets the first answer (status and body) again."""

    done = coupons.redeem(
        session,
        actor=user,
        ref=ref[:80],
        redeemed_on=body.redeemed_on if body else None,
        key=idempotency_key,
        face="api",
    )
    if done.refusal is not None:
        answer = refusal(done.refusal)
    elif done.first_body is not None:
        answer = _json(200, done.first_body)
    else:
        answer = _json(200, as_typed(coupon_out(done.view), ref).model_dump_json())
    coupons.keep_answer(session, done, body=answer.body.decode())
    return answer


@router.get("/{ref}/scans", response_model=Page[ScanRow])
def coupon_scans(
    session: SessionDep, user: ApiOrganiser, ref: str, page: int = 1, per_page: int = 50
) -> Page[ScanRow]:
    """The scans of a coupon, newest first (organisers)."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    rows, total = coupons.coupon_scans(session, actor=user, coupon=coupon, page=page, per_page=per_page)
    return Page[ScanRow](items=rows, total=total, page=page, per_page=per_page)


@router.post("/{ref}/annul", response_model=CouponOut)
def annul(session: SessionDep, user: ApiStaff, ref: str, body: ReasonIn) -> CouponOut:
    """Annul a redemption made in error (organisers), with a reason: the coupon is issued again."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    coupons.annul_redemption(session, actor=user, coupon=coupon, reason=body.reason)
    return answer_for(session, coupon, user, ref)


@router.post("/{ref}/outcome", response_model=CouponOut)
def outcome(session: SessionDep, user: ApiStaff, ref: str, body: OutcomeIn) -> CouponOut:
    """Record the outcome of a redeemed coupon; «not hired» and «not eligible» with a reason (400
    `nonhire_reason_required`), an employer and a profession; other outcomes with none (400
    `nonhire_not_applicable`)."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    why = coupons.NonhireDetails(
        reason=body.reason,
        employer=body.employer,
        employer_organisation_id=body.employer_organisation_id,
        profession=body.profession,
    )
    coupons.record_outcome(
        session, actor=user, coupon=coupon, outcome=body.outcome, day=body.date, nonhire=why
    )
    return answer_for(session, coupon, user, ref)


@router.post("/{ref}/cancel", response_model=CouponOut)
def cancel(session: SessionDep, user: ApiStaff, ref: str, body: ReasonIn) -> CouponOut:
    """Cancel an unredeemed coupon (organisers), with a reason."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    coupons.cancel_coupon(session, actor=user, coupon=coupon, reason=body.reason)
    return answer_for(session, coupon, user, ref)
