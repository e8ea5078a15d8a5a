"""At a booth: consultations and coupons."""

from __future__ import annotations

from fastapi import status
from fastapi.responses import Response

from fairs.api.coupons import coupon_out
from fairs.api.deps import ApiStaff, SessionDep
from fairs.api.routing import Router, short_unit
from fairs.api.schemas import ConsultationIn, ConsultationOut, CouponIn, CouponOut
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


@router.post("/{booth_id}/coupons", response_model=CouponOut, status_code=status.HTTP_201_CREATED)
@short_unit
def issue_coupon(session: SessionDep, user: ApiStaff, booth_id: int, body: CouponIn) -> Response:
    """Issue a coupon at the booth: addressed to one organisation, for one direction it receives."""
    issued = coupons.issue_coupon(
        session,
        actor=user,
        booth_id=booth_id,
        client_id=body.client_id,
        organisation_id=body.organisation_id,
        direction=body.direction,
    )
    # The answer as JSON at once (as redeem does): FastAPI would validate the model again.
    answer = coupon_out(issued).model_dump_json()
    return Response(answer, status_code=status.HTTP_201_CREATED, media_type="application/json")
