"""Bodies of the handovers API: a client handed over to another district, the lists and the history."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from fairs.api.schemas.base import Strict


class HandoverIn(Strict):
    """POST /api/v1/handovers: hand a client of the district over to another district of the region, with
    the client's consent to it."""

    client_id: int
    to_district_id: int
    consent: bool = False


class HandedCouponOut(BaseModel):
    """An open coupon at the handover: re-issued there (`replacement_code`), or kept open at home and why
    (`no_receiver`, `period_submitted`, ...)."""

    code: str
    replacement_code: str | None
    kept: str | None


class HandoverOut(BaseModel):
    """A handover as an organiser of either side reads it: codes and districts, never a name."""

    id: int
    client_code: str
    from_district_id: int
    to_district_id: int
    other_district: str
    made_on: dt.date
    readable_until: dt.date
    accepted: bool
    history_readable: bool
    coupons: list[HandedCouponOut]


class HistoryLineOut(BaseModel):
    """One record of the other side's history: a visit, a consultation or a coupon."""

    day: dt.date
    kind: str
    direction: str
    organisation: str
    code: str
    status: str
