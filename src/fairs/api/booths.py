"""At a booth: consultations and coupons."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated

from fastapi import Header, status
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.coupons import coupon_out
from fairs.api.deps import ApiStaff, SessionDep
from fairs.api.routing import Router, short_unit
from fairs.api.schemas import (
    ConsultationIn,
    ConsultationOut,
    CouponBatchIn,
    CouponBatchOut,
    CouponIn,
    CouponOut,
)
from fairs.models import User
from fairs.services import clients, coupons, schedule

router = Router(prefix="/api/v1/booths", tags=["booths"])


@router.post("/{booth_id}/consultations", response_model=ConsultationOut, status_code=status.HTTP_201_CREATED)
def record_consultation(
    session: SessionDep, user: ApiStaff, booth_id: int, body: ConsultationIn
) -> ConsultationOut:
    """Record that a client was consulted at the booth."""
    booth, fair = schedule.get_booth(session, actor=user, booth_id=booth_id)
    client = clients.get_client(session, actor=user, client_id=body.client_id)
    consultation = clients.record_consultation(
        session, actor=user, booth=booth, fair=fair, client=client, direction=body.direction, note=body.note
    )
    return ConsultationOut(
        id=consultation.id,
        booth_id=booth.id,
        client_id=client.id,
        direction=body.direction,
        back_entered=consultation.back_entered,
    )


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        pattern=coupons.IDEMPOTENCY_KEY_PATTERN,
        description="Repeat the request with the same key to get the first answer again (24 h).",
    ),
]
DUPLICATE = {409: {"description": "duplicate_coupon: the client holds a valid coupon like it (`existing`)"}}


def _issued_once(
    session: Session, user: User, key: str | None, fingerprint: str, issue: Callable[[], str]
) -> Response:
    """201 with the JSON `issue()` wrote; with an idempotency key, a repeat of the request gets the first
    answer again and issues nothing (a refusal is not kept: it wrote nothing, so a repeat is asked again)."""
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()
    if key is not None:
        stored = coupons.claim_key(session, user_id=user.id, key=key, fingerprint=digest)
        if stored is not None:
            return Response(stored.body, status_code=stored.status, media_type="application/json")
    answer = issue()
    if key is not None:
        kept = coupons.IdempotentAnswer(status.HTTP_201_CREATED, answer)
        coupons.store_answer(session, user_id=user.id, key=key, answer=kept)
    return Response(answer, status_code=status.HTTP_201_CREATED, media_type="application/json")


@router.post(
    "/{booth_id}/coupons", response_model=CouponOut, status_code=status.HTTP_201_CREATED, responses=DUPLICATE
)
@short_unit
def issue_coupon(
    session: SessionDep,
    user: ApiStaff,
    booth_id: int,
    body: CouponIn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Issue a coupon at the booth: addressed to one organisation, for one direction it receives. A client
    holding a valid coupon like it: 409 `duplicate_coupon` unless `confirm_duplicate`."""

    def issue() -> str:
        issued = coupons.issue_coupon(
            session,
            actor=user,
            booth_id=booth_id,
            client_id=body.client_id,
            organisation_id=body.organisation_id,
            direction=body.direction,
            confirm_duplicate=body.confirm_duplicate,
        )
        # The answer as JSON at once (as redeem does): FastAPI would validate the model again.
        return coupon_out(issued).model_dump_json()

    fingerprint = f"issue|{booth_id}|{body.model_dump_json()}"
    return _issued_once(session, user, idempotency_key, fingerprint, issue)


@router.post(
    "/{booth_id}/coupons/batch",
    response_model=CouponBatchOut,
    status_code=status.HTTP_201_CREATED,
    responses=DUPLICATE,
)
@short_unit
def issue_coupons(
    session: SessionDep,
    user: ApiStaff,
    booth_id: int,
    body: CouponBatchIn,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Issue several coupons to one client at the booth, all or nothing: a refusal of one item (by the
    rules of a single issue, the duplicate guard included) names it (`item`, from 0) and issues none."""

    def issue() -> str:
        issued = coupons.issue_coupons(
            session,
            actor=user,
            booth_id=booth_id,
            client_id=body.client_id,
            items=[coupons.BatchItem(i.organisation_id, i.direction) for i in body.items],
            confirm_duplicate=body.confirm_duplicate,
        )
        return CouponBatchOut.model_construct(coupons=[coupon_out(v) for v in issued]).model_dump_json()

    fingerprint = f"batch|{booth_id}|{body.model_dump_json()}"
    return _issued_once(session, user, idempotency_key, fingerprint, issue)
