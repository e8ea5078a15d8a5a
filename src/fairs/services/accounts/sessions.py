"""Page sessions kept on the server: started at login, ended by logout, "log out on every device", a
password change (the other devices) or a block, and at the latest `session_max_age_seconds` after login.
The last three also end every bearer token of the user (`User.token_generation`).

The cookie carries a random session id (256 bits); the table holds only its SHA-256 hash, so a copy of the
table gives no one a working cookie. Every page request finds its user through that hash in one statement.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, delete, func, true, update
from sqlmodel import Session, select

from fairs.config import get_settings
from fairs.db import detached
from fairs.db.precompiled import Precompiled
from fairs.models import User, UserSession, utcnow
from fairs.services import audit

_users = User.__table__
_sessions = UserSession.__table__
# On every page request's path: built once (see fairs.precompiled).
_USER_BY_SESSION = Precompiled(
    select(_users)
    .join(_sessions, _sessions.c.user_id == _users.c.id)
    .where(
        _sessions.c.token_hash == bindparam("token_hash"),
        _sessions.c.created_at >= bindparam("since"),
        _users.c.is_active == true(),
    )
)


def session_token_hash(token: str) -> str:
    """What the table stores of a session id."""
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest_live() -> datetime:
    return utcnow() - timedelta(seconds=get_settings().session_max_age_seconds)


def start_session(session: Session, *, user: User) -> str:
    """A new session of `user` (in the caller's transaction); returns the id to put in the cookie.

    The user's expired sessions are removed on the way, so the table stays small."""
    token = secrets.token_urlsafe(32)
    session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.created_at < _oldest_live())
    )
    session.add(UserSession(token_hash=session_token_hash(token), user_id=user.id, created_at=utcnow()))
    session.flush()
    return token


def session_user(conn: Connection, token: object) -> User | None:
    """The active user of a live session id, or None (no, unknown, ended or expired session).

    Takes a bare connection, not a session: this read is part of every page request's fixed cost."""
    if not isinstance(token, str) or not token or len(token) > 200:
        return None
    params = {"token_hash": session_token_hash(token), "since": _oldest_live()}
    row = _USER_BY_SESSION.run(conn, params).first()
    return detached(User, dict(row._mapping)) if row is not None else None


def end_session(session: Session, *, token: object) -> None:
    """End one session (logout): a copy of its cookie stops working with it."""
    if isinstance(token, str) and token:
        session.execute(delete(UserSession).where(UserSession.token_hash == session_token_hash(token)))


def end_sessions_of(session: Session, *, user_id: int, keep: object = None) -> int:
    """End every session of a user, except the one with id `keep` if given, and every bearer token issued
    to them so far (their token generation moves on); the number of sessions ended."""
    session.execute(update(User).where(User.id == user_id).values(token_generation=User.token_generation + 1))
    query = delete(UserSession).where(UserSession.user_id == user_id)
    if isinstance(keep, str) and keep:
        query = query.where(UserSession.token_hash != session_token_hash(keep))
    return session.execute(query).rowcount or 0


def end_sessions_everywhere(session: Session, *, actor: User) -> int:
    """The user logs out on every device (this one included); audited."""
    ended = end_sessions_of(session, user_id=actor.id)
    audit.record(
        session,
        actor=actor,
        action="end_sessions",
        entity="user",
        entity_id=actor.id,
        district_id=actor.district_id,
        details={"sessions": ended},
    )
    return ended


def delete_expired_sessions(session: Session) -> int:
    """Remove every session past its lifetime (for `fairs retention`); the number removed."""
    return session.execute(delete(UserSession).where(UserSession.created_at < _oldest_live())).rowcount or 0


def count_expired_sessions(session: Session) -> int:
    """Sessions past their lifetime (no longer working; `fairs retention --apply` removes them)."""
    return session.execute(select(func.count()).where(UserSession.created_at < _oldest_live())).scalar_one()


def session_count(session: Session, *, user_id: int) -> int:
    """How many live sessions a user has (shown on the account page)."""
    live = (UserSession.user_id == user_id, UserSession.created_at >= _oldest_live())
    return session.execute(select(func.count()).where(*live)).scalar_one()
