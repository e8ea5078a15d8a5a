"""Password hashes: argon2id with 64 MiB unless configured otherwise, upgraded at the next login."""

from __future__ import annotations

import pytest
from sqlmodel import select

from fairs import config
from fairs.models import User
from tests.api import helpers as h
from tests.world import PASSWORD


def _stored_hash(session, username: str) -> str:  # noqa: ANN001
    session.expire_all()
    return session.exec(select(User.password_hash).where(User.username == username)).one()


def _log_in(client, username: str) -> None:  # noqa: ANN001
    h.expect(client.post(f"{h.API}/auth/token", data={"username": username, "password": PASSWORD}), 200)


def test_the_suite_hashes_cheaply_and_a_login_keeps_the_hash(client, session):
    before = _stored_hash(session, "organiser")
    assert before.startswith("$argon2id$v=19$m=32,")
    _log_in(client, "organiser")
    assert _stored_hash(session, "organiser") == before


@pytest.mark.parametrize("memory", [None, "19456"])
def test_a_login_rehashes_with_the_configured_memory(client, session, monkeypatch, memory):
    """Unset, the setting is RFC 9106's 64 MiB: the next login re-hashes a weaker hash with it; the old
    password still logs in, and the new hash is kept at the login after."""
    if memory is None:
        monkeypatch.delenv("FAIRS_PASSWORD_HASH_MEMORY_KIB")
    else:
        monkeypatch.setenv("FAIRS_PASSWORD_HASH_MEMORY_KIB", memory)
    config.get_settings.cache_clear()
    _log_in(client, "partner_hospital")
    upgraded = _stored_hash(session, "partner_hospital")
    assert upgraded.startswith(f"$argon2id$v=19$m={memory or 65536},t=3,p=4$")
    _log_in(client, "partner_hospital")
    assert _stored_hash(session, "partner_hospital") == upgraded
    assert _stored_hash(session, "organiser").startswith("$argon2id$v=19$m=32,")  # only who logged in
    wrong = {"username": "partner_hospital", "password": "wrong-one-9"}
    h.expect(client.post(f"{h.API}/auth/token", data=wrong), 401)
