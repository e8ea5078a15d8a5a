"""Users: creation, passwords (argon2) and authentication."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, bindparam
from sqlmodel import Session, select

from fairs.db import detached
from fairs.db.precompiled import Precompiled
from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Organisation, Role, User
from fairs.services import audit, registry
from fairs.services.accounts import sessions
from fairs.services.accounts.passwords import check_password
from fairs.services.accounts.usernames import check_username

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the user does not exist, so timing does not tell whether a login is real.

    Made on first use: argon2 takes 64 MB to hash, which every process importing the domain would pay."""
    return _hasher.hash("not-a-real-password")


MIN_PASSWORD_LENGTH = 8
# Built once: a Core statement reused as is skips SQLAlchemy's per-call cache-key work and ORM loading.
_USER_BY_ID = Precompiled(select(User.__table__).where(User.__table__.c.id == bindparam("user_id")))


def hash_password(password: str, *, username: str = "", check_rules: bool = True) -> str:
    """An argon2id hash of `password`, which must follow the password rules (services/passwords)."""
    if check_rules:
        check_password(password, username=username)
    elif len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(_("The password must have at least 8 characters."), code="weak_password")
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    """True when `password` is the user's current password."""
    try:
        return _hasher.verify(user.password_hash, password)
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
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.is_active:
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
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
) -> User:
    """A new user; partners need an organisation, everyone but admins a district (or a region).

    `check_rules=False` only for the demo accounts, whose published passwords are changed on first use."""
    role = Role(role)
    if actor is not None:
        _authorise(actor, role=role, district_id=district_id)
    username = check_username(session, username)
    if role == Role.partner:
        org = _organisation_of(session, actor, organisation_id)
        if org is None:
            raise Invalid(_("A partner user must belong to an organisation."), code="organisation_required")
        district_id = org.district_id
    if role in (Role.organiser, Role.partner) and district_id is None:
        raise Invalid(_("This role needs a district."), code="district_required")
    if role == Role.committee and district_id is None and region_id is None:
        raise Invalid(_("A committee user needs a district or a region."), code="district_required")
    # A retired district or region keeps its accounts but takes no new one.
    if district_id is not None:
        registry.ensure_open_district(session, district_id)
    elif region_id is not None:
        registry.ensure_open_region(session, region_id)
    user = User(
        username=username,
        password_hash=hash_password(password, username=username, check_rules=check_rules),
        role=role.value,
        district_id=district_id,
        region_id=region_id,
        organisation_id=organisation_id if role == Role.partner else None,
        full_name=full_name,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="user",
        entity_id=user.id,
        district_id=district_id,
        details={"username": username, "role": role.value},
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
    return _new_password(session, actor=actor, user=user, password=new, keep_session=keep_session or "")


def _new_password(session: Session, *, actor: User, user: User, password: str, keep_session: str) -> User:
    """Store `user`'s new password (hashed), end their other page sessions, audit it."""
    user.password_hash = hash_password(password, username=user.username)
    session.add(user)
    sessions.end_sessions_of(session, user_id=user.id, keep=keep_session)
    audit.record(
        session,
        actor=actor,
        action="set_password",
        entity="user",
        entity_id=user.id,
        district_id=user.district_id,
    )
    return user


def _authorise(actor: User, *, role: Role, district_id: int | None) -> None:
    """Admins manage every account; organisers those of their own district except admins."""
    if actor.role == Role.admin:
        return
    _may_manage_accounts(actor)
    if role == Role.admin:
        raise Forbidden(_("You may not manage these accounts."), code="forbidden")
    if role == Role.partner:
        # The organisation decides the district: one the organiser cannot see is refused later exactly as
        # one that does not exist (`organisation_required`), so its existence does not leak.
        district_id = actor.district_id
    if district_id != actor.district_id:
        raise Forbidden(_("This belongs to another district."), code="other_district")


def _may_manage_accounts(actor: User) -> None:
    """Only admins and organisers manage accounts: 403 for anyone else, before any look-up."""
    if actor.role not in (Role.admin, Role.organiser):
        raise Forbidden(_("You may not manage these accounts."), code="forbidden")


def _organisation_of(
    session: Session, actor: User | None, organisation_id: int | None
) -> Organisation | None:
    """The organisation a new partner account joins, if `actor` may see it (organisers: their district's)."""
    org = session.get(Organisation, organisation_id) if organisation_id else None
    if org is not None and actor is not None and actor.role == Role.organiser:
        return org if org.district_id == actor.district_id else None
    return org


def list_users(session: Session, *, actor: User) -> list[User]:
    """The accounts the actor manages: an organiser's district, or all of them for admins."""
    query = select(User).order_by(User.role, User.username)
    if actor.role == Role.organiser:
        query = query.where(User.district_id == actor.district_id)
    elif actor.role != Role.admin:
        raise Forbidden(_("You may not manage these accounts."), code="forbidden")
    return list(session.exec(query).all())


def set_active(session: Session, *, actor: User, user_id: int, active: bool) -> User:
    """Block or unblock an account (never one's own); a blocked user's sessions and tokens stop working."""
    _may_manage_accounts(actor)  # before the look-up: whether an account exists is not theirs to learn
    user = session.get(User, user_id)
    if user is None or (actor.role == Role.organiser and user.district_id != actor.district_id):
        raise NotFound(_("No such user."), code="user_not_found")
    _authorise(actor, role=Role(user.role), district_id=user.district_id)
    if user.id == actor.id:
        raise Conflict(_("You cannot block your own account."), code="own_account")
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
