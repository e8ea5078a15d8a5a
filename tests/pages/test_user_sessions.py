"""Page sessions kept on the server: a copied cookie dies with its session; logout, "log out on every
device", a password change and a block end sessions at once; expired and pre-change cookies are refused;
the table holds only hashes of the session ids.
"""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner
from sqlalchemy import text
from sqlmodel import Session, select
from typer.testing import CliRunner

from fairs import config
from fairs.cli import app as cli_app
from fairs.models import AuditEntry, User, UserSession, utcnow
from fairs.security import secret_key
from fairs.services.accounts.sessions import session_token_hash
from tests import world
from tests.conftest import shared_app
from tests.pages.conftest import HX, Browser, csrf_of

COOKIE = "fairs_session"
NEW_PASSWORD = "violet-harbour-lantern-47"


def _payload(client: TestClient) -> dict:
    """The signed cookie's content (Starlette: base64 JSON, then the signature)."""
    value = client.cookies.get(COOKIE)
    assert value, "no session cookie"
    data = value.split(".")[0]
    return json.loads(base64.b64decode(data + "=" * (-len(data) % 4)))


def _copy_cookie(source: TestClient, target: TestClient) -> None:
    target.cookies.set(COOKIE, source.cookies.get(COOKIE), domain="testserver.local")


def _signed(content: dict) -> str:
    data = base64.b64encode(json.dumps(content).encode())
    return TimestampSigner(secret_key()).sign(data).decode()


def _refused(b: Browser) -> None:
    """The browser is logged out: pages redirect to the login, htmx gets HX-Redirect."""
    page = b.get("/fairs", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login"), page.headers
    htmx = b.get("/fairs", htmx=True, follow_redirects=False)
    assert htmx.headers.get("hx-redirect", "").startswith("/login"), htmx.headers


def _in(b: Browser) -> None:
    assert b.get("/fairs", follow_redirects=False).status_code == 200


def _rows(session: Session, username: str) -> list[UserSession]:
    session.expire_all()
    user = session.exec(select(User).where(User.username == username)).one()
    return list(session.exec(select(UserSession).where(UserSession.user_id == user.id)).all())


@pytest.fixture
def second(db_url: str):  # noqa: ANN201
    """Another browser (its own cookie jar) on the same app."""
    with TestClient(shared_app(), base_url="https://testserver") as other:
        yield Browser(other)


def test_a_cookie_copied_before_logout_is_refused_after_it(browser, second) -> None:  # noqa: ANN001
    b = browser("organiser")
    _copy_cookie(b.client, second.client)
    second.csrf = b.csrf
    _in(second)  # the copy works while the session lives
    assert b.post("/logout").status_code == 303
    _refused(b)
    _refused(second)
    # Nor does a form sent with the copy get through.
    refused = second.post("/fairs/schedule", {"year": "2031"})
    assert refused.status_code in (303, 403)


def test_logging_out_of_one_device_leaves_the_other(browser, second, session) -> None:  # noqa: ANN001
    phone = browser("organiser")
    second.login("organiser")
    assert len(_rows(session, "organiser")) == 2
    assert phone.post("/logout").status_code == 303
    _refused(phone)
    _in(second)
    assert len(_rows(session, "organiser")) == 1


def test_log_out_on_every_device_ends_all(browser, second, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    second.login("organiser")
    page = b.get("/account/password")
    assert "/account/sessions/end-all" in page.text and csrf_of(page.text)
    # Without the confirmation nothing ends.
    unconfirmed = b.post("/account/sessions/end-all")
    assert unconfirmed.status_code == 422
    _in(b)
    _in(second)
    done = b.post("/account/sessions/end-all", {"confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/login"
    _refused(b)
    _refused(second)
    assert _rows(session, "organiser") == []
    user = session.exec(select(User).where(User.username == "organiser")).one()
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "end_sessions")).all()
    assert [(a.user_id, a.entity_id) for a in audit] == [(user.id, user.id)]
    # Logging in again works.
    b.login("organiser")
    _in(b)


def test_log_out_everywhere_needs_the_csrf_token(browser, second) -> None:  # noqa: ANN001
    b = browser("organiser")
    second.login("organiser")
    refused = b.client.post("/account/sessions/end-all", data={"confirm": "yes"}, follow_redirects=False)
    assert refused.status_code == 403
    _in(b)
    _in(second)


def test_a_password_change_ends_the_other_sessions_not_this_one(browser, second, session) -> None:  # noqa: ANN001
    b = browser("partner_employment")
    second.login("partner_employment")
    changed = b.post(
        "/account/password",
        {"current": world.PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD},
    )
    assert changed.status_code == 303, changed.text[:300]
    assert b.get("/inbox", follow_redirects=False).status_code == 200
    assert second.get("/inbox", follow_redirects=False).status_code == 303
    assert len(_rows(session, "partner_employment")) == 1


def test_a_refused_password_change_ends_nothing(browser, second) -> None:  # noqa: ANN001
    b = browser("organiser")
    second.login("organiser")
    wrong = b.post("/account/password", {"current": "not-it", "new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert wrong.status_code == 400 or wrong.status_code == 422, wrong.status_code
    _in(b)
    _in(second)


def test_blocking_a_user_ends_their_sessions(browser, second, session) -> None:  # noqa: ANN001
    partner = browser("partner_employment")
    second.login("organiser")
    target = session.exec(select(User).where(User.username == "partner_employment")).one()
    blocked = second.post(f"/users/{target.id}/active", {"active": "false"})
    assert blocked.status_code == 303
    assert partner.get("/inbox", follow_redirects=False).status_code == 303
    assert _rows(session, "partner_employment") == []
    # Unblocking does not bring the old session back.
    assert second.post(f"/users/{target.id}/active", {"active": "true"}).status_code == 303
    assert partner.get("/inbox", follow_redirects=False).status_code == 303


def test_an_expired_session_row_is_refused_and_cleared_at_the_next_login(browser, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    lifetime = config.get_settings().session_max_age_seconds
    (row,) = _rows(session, "organiser")
    expired = row.token_hash
    row.created_at = utcnow() - timedelta(seconds=lifetime + 5)
    session.add(row)
    session.commit()
    _refused(b)
    b.login("organiser")
    _in(b)
    rows = _rows(session, "organiser")
    assert [r.token_hash != expired for r in rows] == [True]  # the expired row went at the login


def test_the_table_holds_only_hashes(browser, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    sid = _payload(b.client)["sid"]
    assert len(sid) >= 43  # 32 random bytes
    session.expire_all()
    dump = " ".join(
        " ".join(str(value) for value in row)
        for row in session.execute(text("SELECT * FROM user_session")).all()
    )
    assert sid not in dump
    assert session_token_hash(sid) in dump


def test_an_old_style_cookie_with_only_uid_is_refused(browser, second, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    content = _payload(b.client)
    assert content["uid"] and content["sid"]
    old = {key: value for key, value in content.items() if key != "sid"}
    second.client.cookies.set(COOKIE, _signed(old), domain="testserver.local")
    _refused(second)
    # The same cookie re-signed with its sid works: the refusal is the missing sid, not the signing.
    second.client.cookies.set(COOKIE, _signed(content), domain="testserver.local")
    _in(second)


def test_a_made_up_sid_is_refused(second) -> None:  # noqa: ANN001
    second.client.cookies.set(COOKIE, _signed({"sid": "x" * 43, "uid": 1}), domain="testserver.local")
    _refused(second)
    assert second.client.get("/fairs", headers=HX, follow_redirects=False).status_code == 204


def test_retention_removes_expired_sessions_only(browser, second, session) -> None:  # noqa: ANN001
    browser("organiser")
    second.login("partner_employment")
    lifetime = config.get_settings().session_max_age_seconds
    (old,) = _rows(session, "organiser")
    old.created_at = utcnow() - timedelta(seconds=lifetime + 5)
    session.add(old)
    session.commit()
    shown = CliRunner().invoke(cli_app, ["retention"])
    assert shown.exit_code == 0 and "1 expired login sessions would be removed" in shown.output, shown.output
    assert len(_rows(session, "organiser")) == 1
    applied = CliRunner().invoke(cli_app, ["retention", "--apply"])
    assert applied.exit_code == 0 and "Removed 1 expired login sessions" in applied.output, applied.output
    assert _rows(session, "organiser") == []
    assert len(_rows(session, "partner_employment")) == 1
    _in(second)


def test_setting_a_password_from_the_cli_ends_every_session(browser, second, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    second.login("organiser")
    result = CliRunner().invoke(cli_app, ["users", "set-password", "organiser", "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    _refused(b)
    _refused(second)
    assert _rows(session, "organiser") == []
