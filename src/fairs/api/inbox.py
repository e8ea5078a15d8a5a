"""The receiving organisation's inbox: coupons addressed to it by state, with the counts on top."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import Query
from pydantic import BaseModel

from fairs.api.deps import ApiStaff, SessionDep
from fairs.api.routing import Router
from fairs.i18n import current_locale
from fairs.services import coupons
from fairs.services.coupons import InboxRow, format_short_code

router = Router(prefix="/api/v1/inbox", tags=["inbox"])


class InboxCountsOut(BaseModel):
    expected: int
    redeemed: int
    redeemed_without_outcome: int
    expired: int


class InboxItemOut(BaseModel):
    id: int
    token: str
    code: str
    code_display: str
    state: Literal["expected", "redeemed", "expired"]
    fair_id: int
    fair_date: dt.date
    between_fairs: bool = False
    issuing_organisation: str
    direction: str
    direction_name: str
    client_code: str
    issued_on: dt.date
    expires_on: dt.date
    days_left: int
    redeemed_on: dt.date | None = None
    outcome: str | None = None
    outcome_name: str | None = None
    needs_outcome: bool


class InboxOut(BaseModel):
    counts: InboxCountsOut
    items: list[InboxItemOut]
    total: int
    page: int
    per_page: int


def item_out(row: InboxRow, locale: str) -> InboxItemOut:
    """The API form of an inbox row."""
    return InboxItemOut(
        id=row.id,
        token=row.token,
        code=row.code,
        code_display=format_short_code(row.code),
        state=row.state,
        fair_id=row.fair_id,
        fair_date=row.fair_date,
        between_fairs=row.between,
        issuing_organisation=row.issuing_organisation,
        direction=row.direction.code,
        direction_name=row.direction.name(locale),
        client_code=row.client_code,
        issued_on=row.issued_on,
        expires_on=row.expires_on,
        days_left=row.days_left,
        redeemed_on=row.redeemed_on,
        outcome=row.outcome.code if row.outcome else None,
        outcome_name=row.outcome.name(locale) if row.outcome else None,
        needs_outcome=row.needs_outcome,
    )


@router.get("", response_model=InboxOut)
def get_inbox(
    session: SessionDep,
    user: ApiStaff,
    state: Literal["expected", "redeemed", "expired"] = Query(
        "expected", description="expected: issued and still valid; redeemed; expired: issued, never used."
    ),
    organisation_id: int | None = Query(None, description="Organisers: whose inbox (their district)."),
    fair_id: int | None = None,
    direction: str | None = Query(None, max_length=50),
    code: str | None = Query(None, max_length=40, description="A short code or its beginning."),
    page: int = Query(1, ge=1),
    per_page: int = Query(25, ge=1, le=200),
) -> InboxOut:
    """Coupons addressed to the organisation in one state (expected: soonest expiry first; redeemed:
    outcome missing first, then newest; expired unused), with the count of each state."""
    counts = coupons.inbox_counts(session, actor=user, organisation_id=organisation_id)
    rows, total = coupons.inbox_page(
        session,
        actor=user,
        state=state,
        organisation_id=organisation_id,
        fair_id=fair_id,
        direction=direction,
        code=code,
        page=page,
        per_page=per_page,
    )
    locale = current_locale.get()
    return InboxOut(
        counts=InboxCountsOut(**counts),
        items=[item_out(r, locale) for r in rows],
        total=total,
        page=page,
        per_page=per_page,
    )
