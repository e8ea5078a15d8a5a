"""Users: creation, passwords (argon2) and authentication."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam
from sqlmodel import Session, select

from fairs.config import get_settings
from fairs.db import detached
from fairs.db.precompiled import Precompiled
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _, checked_locale
from fairs.models import Role, User
from fairs.services import audit
from fairs.services.accounts import sessions
from fairs.services.accounts.passwords import check_password
from fairs.services.accounts.placement import (
    authorise,
    ensure_not_last_admin,
    managed_account,
    place_account,
)
from fairs.services.accounts.usernames import check_username


@cache
def _hasher_with(memory_kib: int) -> PasswordHasher:
    return PasswordHasher(memory_cost=memory_kib)


def _hasher() -> PasswordHasher:
    """argon2id with the configured memory (RFC 9106's low-memory profile unless lowered for tests)."""
    return _hasher_with(get_settings().password_hash_memory_kib)


@cache
def _dummy_hash_with(memory_kib: int) -> str:
    return _hasher_with(memory_kib).hash("not-a-real-password")


def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not tell whether a login is real.

    Made on first use: argon2 takes 64 MB to hash, which every process importing the domain would pay."""
    return _dummy_hash_with(get_settings().password_hash_memory_kib)


MIN_PASSWORD_LENGTH = 8
# Built once: a Core statement reused as is skips SQLAlchemy's per-call cache-key work and ORM loading.
_USER_BY_ID = Precompiled(select(User.__table__).where(User.__table__.c.id == bindparam("user_id")))


def hash_password(password: str, *, username: str = "", check_rules: bool = True) -> str:
    """An argon2id hash of `password`, which must follow the password rules (services/passwords)."""
    if check_rules:
        check_password(password, username=username)
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_("The password must have at least 8 characters."), code="weak_password")
    return _hasher().hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the user's current password."""
    try:
        return _hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def active_user(conn: Connection, user_id: int) -> User | None:
    """The active user with this id, or None; read on every request, so blocking an account acts at once.

    Takes a bare connection, not a session: this read is part of every request's fixed cost."""
    row = _USER_BY_ID.run(conn, {"user_id": user_id}).first()
    return detached(User, dict(row._mapping)) if row is not None and row.is_active else None


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    """The active user with this username and password, or None."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    hasher = _hasher()
    try:
        hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def create_user(
    session: Session,
    *,
    actor: User | None,
    username: str,
    password: str,
    role: Role | str,
    district_id: int | None = None,
    region_id: int | None = None,
    organisation_id: int | None = None,
    full_name: str = "",
    check_rules: bool = True,
    temporary: bool | None = None,
) -> User:
    """A new user; partners need an organisation, everyone but admins a district (a committee member may
    have a whole region instead).

    `temporary`: the password must be changed at the first login; by default when an organiser or admin
    (`actor`) creates the account, as they chose the password. `check_rules=False` only for the demo
    accounts, whose published passwords log in only in demo mode."""
    role = Role(role)
    if actor is not None:
        authorise(actor, role=role, district_id=district_id)
    username = check_username(session, username)
    place = place_account(
        session,
        actor=actor,
        role=role,
        district_id=district_id,
        region_id=region_id,
        organisation_id=organisation_id,
    )
    user = User(
        username=username,
        password_hash=hash_password(password, username=username, check_rules=check_rules),
        role=role.value,
        district_id=place.district_id,
        region_id=place.region_id,
        organisation_id=place.organisation_id,
        full_name=full_name,
        # Someone else chose the password: the person replaces it at the first login.
        must_change_password=actor is not None if temporary is None else temporary,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="user",
        entity_id=user.id,
        district_id=user.district_id,
        details={"username": username, "role": role.value, "temporary": user.must_change_password},
    )
    return user


def set_password(session: Session, *, actor: User | None, username: str, password: str) -> User:
    """Replace a user's password; every page session of the user ends."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None:
        raise NotFound(_("No such user."), code="user_not_found")
    return _new_password(session, actor=actor, user=user, password=password, keep_session="")


def change_own_password(
    session: Session, *, actor: User, current: str, new: str, repeat: str, keep_session: str | None = None
) -> User:
    """A user replaces their own password, giving the current one; the new one follows the rules.

    Every other page session of the user ends; the one with id `keep_session` (the browser in use) stays."""
    user = session.get(User, actor.id)
    if user is None or not verify_password(user, current):
        raise Invalid(_("The current password is not right."), code="wrong_password")
    if new != repeat:
        raise Invalid(_("The two new passwords differ."), code="password_mismatch")
    if new == current:
        raise Invalid(_("The new password must differ from the current one."), code="same_password")
    user.must_change_password = False  # the password is the person's own now
    return _new_password(session, actor=actor, user=user, password=new, keep_session=keep_session or "")


def _new_password(session: Session, *, actor: User, user: User, password: str, keep_session: str) -> User:
    """Store `user`'s new password (hashed), end their other page sessions, audit it."""
    user.password_hash = hash_password(password, username=user.username)
    session.add(user)
    sessions.end_sessions_of(session, user_id=user.id, keep=keep_session)
    session.expire(user, ["token_generation"])  # moved on in the database: read again when asked
    audit.record(
        session,
        actor=actor,
        action="set_password",
        entity="user",
        entity_id=user.id,
        district_id=user.district_id,
    )
    return user


def list_users(session: Session, *, actor: User) -> list[User]:
    """The accounts the actor manages: an organiser's district, or all of them for admins."""
    query = select(User).order_by(User.role, User.username)
    if actor.role == Role.organiser:
        query = query.where(User.district_id == actor.district_id)
    elif actor.role != Role.admin:
        raise Forbidden(_("You may not manage these accounts."))
    return list(session.exec(query).all())


def set_active(session: Session, *, actor: User, user_id: int, active: bool) -> User:
    """Block or unblock an account (never one's own); a blocked user's sessions and tokens stop working."""
    user = managed_account(session, actor=actor, user_id=user_id)
    if user.id == actor.id:
        raise Conflict(_("You cannot block your own account."), code="own_account")
    if not active:
        ensure_not_last_admin(session, user=user)
    user.is_active = active
    session.add(user)
    if not active:
        sessions.end_sessions_of(session, user_id=user.id)
    audit.record(
        session,
        actor=actor,
        action="activate" if active else "deactivate",
        entity="user",
        entity_id=user.id,
        district_id=user.district_id,
    )
    return user


def set_own_locale(session: Session, *, actor: User, locale: str) -> User:
    """Store the language of the user's own pages (ru, en, be; blank: the deployment's default)."""
    user = session.get(User, actor.id)
    before, user.locale = user.locale, checked_locale(locale, blank_allowed=True)
    session.add(user)
    session.flush()
    if before != user.locale:
        details = {"locale": [before, user.locale]}
        audit.record(
            session,
            actor=actor,
            action="update",
            entity="user",
            entity_id=user.id,
            district_id=user.district_id,
            details=details,
        )
    return user
