"""Failed logins, kept briefly to throttle password guessing per account and per address."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class LoginFailure(SQLModel, table=True):
    """One failed login: the username as typed (existing or not), the client address and when; `device`,
    the id of the browser's device cookie when it had logged in as that user before (else None)."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=100, index=True)
    ip: str = Field(max_length=64, index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    device: str | None = Field(default=None, max_length=32, index=True)
