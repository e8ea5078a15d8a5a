"""Managing other people's accounts: where an account sits (role, organisation, district or region), its
edits, and the password reset that gives a temporary password to hand over.

Organisers manage the non-admin accounts of their own district; admins every account. An account of
another district is, to an organiser, an account that does not exist (404, as for a made-up id). Nobody
changes their own role or place (an admin would lock themselves out); the last active admin is never
demoted or blocked.
"""

from __future__ import annotations

import secrets

from sqlmodel import Session

from fairs.errors import Conflict, Invalid
from fairs.i18n import _
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
from fairs.services.accounts.users import hash_password

# Lower-case letters and digits a reader cannot take for one another (no 0/o, 1/l/i), in three groups of
# four: 31^12 ≈ 2^59 possibilities, easy to read out and to type on a phone.
TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
TEMPORARY_GROUPS = 3
TEMPORARY_GROUP_LENGTH = 4


def temporary_password(*, username: str = "") -> str:
    """A random password like `k7qm-2xhd-9pwr`, which passes the password rules."""
    while True:
        groups = (
            "".join(secrets.choice(TEMPORARY_ALPHABET) for _i in range(TEMPORARY_GROUP_LENGTH))
            for _g in range(TEMPORARY_GROUPS)
        )
        password = "-".join(groups)
        try:
            check_password(password, username=username)
        except Invalid:  # a rare draw that spells something guessable: draw again
            continue
        return password


def reset_password(session: Session, *, actor: User, user_id: int) -> tuple[User, str]:
    """Give an account a temporary password (returned once, to hand over; stored only hashed); the account
    must change it at the next login, and is logged out everywhere at once (sessions and tokens)."""
    user = managed_account(session, actor=actor, user_id=user_id)
    if user.id == actor.id:
        raise Conflict(
            _("Change your own password on the account page, giving the current one."), code="own_account"
        )
    password = temporary_password(username=user.username)
    user.password_hash = hash_password(password, username=user.username, check_rules=False)
    user.must_change_password = True
    session.add(user)
    sessions.end_sessions_of(session, user_id=user.id)
    session.expire(user, ["token_generation"])
    audit.record(
        session,
        actor=actor,
        action="reset_password",
        entity="user",
        entity_id=user.id,
        district_id=user.district_id,
    )
    return user, password


_PLACE_FIELDS = ("role", "organisation_id", "district_id", "region_id")


def update_account(
    session: Session,
    *,
    actor: User,
    user_id: int,
    full_name: str,
    role: Role | str,
    organisation_id: int | None,
    district_id: int | None,
    region_id: int | None = None,
) -> User:
    """Change an account's name, role and place. A change of role or place ends the tokens issued to the
    account (its page sessions follow at once: they read the account on every request). Audited with the
    values before and after (the name only as changed: it is personal)."""
    user = managed_account(session, actor=actor, user_id=user_id)
    role = Role(role)
    # An organiser's accounts stay in their district and never become admins (403, as for creating one).
    authorise(
        actor, role=role, district_id=actor.district_id if actor.role == Role.organiser else district_id
    )
    place = place_account(
        session,
        actor=actor,
        role=role,
        district_id=district_id,
        region_id=region_id,
        organisation_id=organisation_id,
    )
    before = {name: getattr(user, name) for name in _PLACE_FIELDS}
    after = {"role": role.value, **{name: getattr(place, name) for name in _PLACE_FIELDS[1:]}}
    changed = {name for name in _PLACE_FIELDS if before[name] != after[name]}
    if changed and user.id == actor.id:
        raise Conflict(_("You cannot change your own role or place."), code="own_account")
    if "role" in changed:
        ensure_not_last_admin(session, user=user)
    name_changed = user.full_name != full_name.strip()
    if not changed and not name_changed:
        return user
    user.full_name = full_name.strip()
    for name in changed:
        setattr(user, name, after[name])
    if changed:
        user.token_generation += 1  # tokens carry the old role and place: they stop at once
    session.add(user)
    details: dict[str, object] = {
        "before": {name: before[name] for name in sorted(changed)},
        "after": {name: after[name] for name in sorted(changed)},
    }
    if name_changed:
        details["full_name"] = "changed"
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
