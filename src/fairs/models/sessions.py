"""Logged-in page sessions, kept on the server so that logging out (or being blocked) ends them at once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class UserSession(SQLModel, table=True):
    """One logged-in browser: the SHA-256 hash of the random id in its cookie, its user and its start.

    Only the hash is stored, so reading the table does not give anyone a cookie that works."""

    __tablename__ = "user_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
