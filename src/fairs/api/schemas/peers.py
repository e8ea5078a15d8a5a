"""Bodies of the peers API: invitation slips for peers and the recruiter's incentive."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from fairs.api.schemas.base import Strict


class InvitationsIn(Strict):
    """POST /api/v1/peers/invitations: give slips to a client of the district."""

    client_id: int
    count: int = Field(default=3, ge=1, le=3)


class InvitationOut(BaseModel):
    """An invitation as organisers read it: client codes only, never a name."""

    id: int
    code: str
    token: str
    recruiter_code: str
    state: str  # open / used / expired / voided
    issued_on: dt.date
    expires_on: dt.date
    recruit_code: str | None = None
    incentive_on: dt.date | None = None


class IncentiveOut(BaseModel):
    id: int
    invitation_id: int
    handed_on: dt.date
