"""Accounts: users, passwords, logging in (with throttling) and the page sessions kept on the server."""

from __future__ import annotations

from fairs.services.accounts.login import (
    ADDRESS_LIMIT,
    DemoPasswordRefused,
    TooManyAttempts,
    log_in,
    username_key,
)
from fairs.services.accounts.manage import reset_password, update_account
from fairs.services.accounts.passwords import (
    MIN_LENGTH as PASSWORD_MIN_LENGTH,
)
from fairs.services.accounts.passwords import (
    PUBLISHED_DEMO_PASSWORDS,
)
from fairs.services.accounts.placement import managed_account
from fairs.services.accounts.sessions import (
    count_expired_sessions,
    delete_expired_sessions,
    end_session,
    end_sessions_everywhere,
    session_count,
    session_user,
    start_session,
)
from fairs.services.accounts.usernames import check_username
from fairs.services.accounts.usernames import skeleton as username_skeleton
from fairs.services.accounts.users import (
    active_user,
    authenticate,
    change_own_password,
    create_user,
    list_users,
    set_active,
    set_own_locale,
    set_password,
)

__all__ = [
    "ADDRESS_LIMIT",
    "DemoPasswordRefused",
    "PASSWORD_MIN_LENGTH",
    "PUBLISHED_DEMO_PASSWORDS",
    "TooManyAttempts",
    "active_user",
    "authenticate",
    "change_own_password",
    "check_username",
    "count_expired_sessions",
    "create_user",
    "delete_expired_sessions",
    "end_session",
    "end_sessions_everywhere",
    "list_users",
    "log_in",
    "managed_account",
    "reset_password",
    "session_count",
    "session_user",
    "set_active",
    "set_own_locale",
    "set_password",
    "start_session",
    "update_account",
    "username_key",
    "username_skeleton",
]
