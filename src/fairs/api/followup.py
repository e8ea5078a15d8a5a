"""Follow-up (organisers): unredeemed coupons by client, "contacted" marks, re-issue."""

from __future__ import annotations

import datetime as dt

from fastapi import Query, status
from pydantic import BaseModel, Field

from fairs.api.coupons import answer_for
from fairs.api.deps import ApiOrganiser, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import CouponOut, Strict
from fairs.i18n import current_locale
from fairs.services import coupons
from fairs.services.coupons import format_short_code

router = Router(prefix="/api/v1", tags=["followup"])


class ContactIn(Strict):
    """A "contacted" mark: the day (today when left out) and a note."""

    contacted_on: dt.date | None = None
    note: str = Field(default="", max_length=coupons.NOTE_MAX)


class ContactOut(BaseModel):
    """A mark as recorded."""

    id: int
    coupon_code: str
    contacted_on: dt.date
    note: str
    created_at: dt.datetime


class LastContactOut(BaseModel):
    """The latest mark of a coupon, and how many it has."""

    contacted_on: dt.date
    note: str
    by: str
    marks: int


class OverdueCouponOut(BaseModel):
    """A coupon unredeemed N days after issue."""

    id: int
    code: str
    code_display: str
    status: str  # issued or expired
    direction: str
    direction_name: str
    organisation: str
    fair_date: dt.date
    issued_on: dt.date
    expires_on: dt.date
    days: int
    last_contact: LastContactOut | None


class OverdueClientOut(BaseModel):
    """A client and their overdue coupons (no personal field)."""

    client_id: int
    client_code: str
    oldest_issued_on: dt.date
    coupons: list[OverdueCouponOut]


class FollowupPageOut(BaseModel):
    """One page of clients, oldest overdue coupon first."""

    items: list[OverdueClientOut]
    total: int
    page: int
    per_page: int
    days: int
    as_of: dt.date


class ReissuedOut(CouponOut):
    """The new coupon, and the code of the one it replaces."""

    reissued_from: str


@router.get("/followup", response_model=FollowupPageOut)
def overdue(
    session: WriteSessionDep,
    user: ApiOrganiser,
    page: int = 1,
    per_page: int = 50,
    days: int | None = Query(None, ge=0, le=3660, description="N; the setting followup_days if left out"),
    include_contacted: bool = True,
) -> FollowupPageOut:
    """Clients with coupons neither redeemed nor cancelled N days after issue (organisers; notes shown are
    audited)."""
    page, per_page = min(max(page, 1), 100_000), min(max(per_page, 1), 200)
    result = coupons.overdue_by_client(
        session, actor=user, days=days, page=page, per_page=per_page, include_contacted=include_contacted
    )
    locale = current_locale.get()
    items = [
        OverdueClientOut(
            client_id=c.id,
            client_code=c.code,
            oldest_issued_on=c.oldest_issued_on,
            coupons=[
                OverdueCouponOut(
                    id=v.id,
                    code=v.code,
                    code_display=format_short_code(v.code),
                    status=v.state,
                    direction=v.direction.code,
                    direction_name=v.direction.name(locale),
                    organisation=v.organisation,
                    fair_date=v.fair_date,
                    issued_on=v.issued_on,
                    expires_on=v.expires_on,
                    days=v.days,
                    last_contact=LastContactOut(**vars(v.last_contact)) if v.last_contact else None,
                )
                for v in c.coupons
            ],
        )
        for c in result.clients
    ]
    return FollowupPageOut(
        items=items, total=result.total, page=page, per_page=per_page, days=result.days, as_of=result.as_of
    )


@router.post("/coupons/{ref}/contacted", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
def contacted(session: SessionDep, user: ApiOrganiser, ref: str, body: ContactIn) -> ContactOut:
    """Mark that the client was contacted about this coupon (not in the future, not before issue)."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    mark = coupons.mark_contacted(
        session, actor=user, coupon=coupon, contacted_on=body.contacted_on, note=body.note
    )
    out = ContactOut(
        id=mark.id,
        coupon_code=coupon.code,
        contacted_on=mark.contacted_on,
        note=mark.note,
        created_at=mark.created_at,
    )
    return out


@router.post("/coupons/{ref}/reissue", response_model=ReissuedOut, status_code=status.HTTP_201_CREATED)
def reissue(session: SessionDep, user: ApiOrganiser, ref: str) -> ReissuedOut:
    """Cancel the coupon as re-issued and issue its replacement: 201 the new coupon, 409 if used."""
    coupon = coupons.find_coupon(session, actor=user, ref=ref[:80])
    replacement = coupons.reissue(session, actor=user, coupon=coupon)
    out = answer_for(session, replacement, user)
    return ReissuedOut(**out.model_dump(), reissued_from=coupon.code)
