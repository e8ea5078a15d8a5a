"""Handovers to another district: organisers hand a client over (with consent), list arriving and outgoing
handovers, acknowledge an arriving one and read the other side's history during the handover."""

from __future__ import annotations

from fastapi import status

from fairs.api.deps import ApiOrganiser, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import Page
from fairs.api.schemas.handovers import HandedCouponOut, HandoverIn, HandoverOut, HistoryLineOut
from fairs.models import User
from fairs.services import handover

router = Router(prefix="/api/v1/handovers", tags=["handovers"])


def handover_out(user: User, line: handover.HandoverLine) -> HandoverOut:
    one = line.handover
    return HandoverOut(
        id=one.id,
        client_code=line.code,
        from_district_id=one.from_district_id,
        to_district_id=one.to_district_id,
        other_district=line.other_district,
        made_on=one.made_on,
        readable_until=one.readable_until,
        accepted=one.accepted_at is not None,
        history_readable=handover.reads_across(user, one),
        coupons=[
            HandedCouponOut(code=c["code"], replacement_code=c["replacement_code"], kept=c["kept"])
            for c in one.coupons
        ],
    )


@router.post("", response_model=HandoverOut, status_code=status.HTTP_201_CREATED)
def hand_over(session: SessionDep, user: ApiOrganiser, body: HandoverIn) -> HandoverOut:
    """Hand a client of the district over to another district of the region: their open coupons re-issued
    there (the old ones cancelled, reason «handover»); 409 `handover_needs_consent` without consent, 409
    `already_handed_over`; 404 `client_not_found`, `district_not_found`."""
    made = handover.hand_over(
        session,
        actor=user,
        client_id=body.client_id,
        to_district_id=body.to_district_id,
        consent=body.consent,
    )
    return handover_out(user, handover.line_of(session, user, made))


@router.get("", response_model=Page[HandoverOut])
def list_handovers(
    session: SessionDep, user: ApiOrganiser, show: str = "arriving", page: int = 1, per_page: int = 50
) -> Page[HandoverOut]:
    """The district's arriving (`show=arriving`) or outgoing (`show=outgoing`) handovers, newest first."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    lines, total = handover.list_handovers(session, actor=user, show=show, page=page, per_page=per_page)
    items = [handover_out(user, line) for line in lines]
    return Page[HandoverOut](items=items, total=total, page=page, per_page=per_page)


@router.get("/{handover_id}", response_model=HandoverOut)
def read_handover(session: SessionDep, user: ApiOrganiser, handover_id: int) -> HandoverOut:
    """One handover of the district (either side; 404 `handover_not_found` for anyone else)."""
    one = handover.get_handover(session, actor=user, handover_id=handover_id)
    return handover_out(user, handover.line_of(session, user, one))


@router.post("/{handover_id}/accept", response_model=HandoverOut)
def accept(session: SessionDep, user: ApiOrganiser, handover_id: int) -> HandoverOut:
    """The receiving district acknowledges an arriving handover (409 `already_accepted`)."""
    one = handover.accept_handover(session, actor=user, handover_id=handover_id)
    return handover_out(user, handover.line_of(session, user, one))


@router.get("/{handover_id}/history", response_model=list[HistoryLineOut])
def history(session: WriteSessionDep, user: ApiOrganiser, handover_id: int) -> list[HistoryLineOut]:
    """The other district's visits, consultations and coupons of the person during the handover (403
    `handover_period_over` after it); each reading audited."""
    one = handover.get_handover(session, actor=user, handover_id=handover_id)
    lines = handover.other_history(session, actor=user, handover=one)
    return [HistoryLineOut(**vars(line)) for line in lines]
