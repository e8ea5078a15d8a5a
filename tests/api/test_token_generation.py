"""Bearer tokens end with a password change, "log out on every device" and a block (which an unblock does
not undo): each token carries its account's token generation, read with the account on every request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fairs.cli import app as cli_app
from fairs.security import ALGORITHM, secret_key
from tests.api import helpers as h
from tests.pages.conftest import Browser
from tests.world import PASSWORD

NEW_PASSWORD = "violet-harbour-lantern-47"


def _token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    resp = client.post(f"{h.API}/auth/token", data={"username": username, "password": password})
    return {"Authorization": f"Bearer {h.expect(resp, 200)['access_token']}"}


def _works(client: TestClient, headers: dict[str, str]) -> bool:
    resp = client.get(f"{h.API}/fairs", headers=headers)
    assert resp.status_code in (200, 401), resp.text
    if resp.status_code == 401:
        assert resp.json()["code"] == "not_authenticated"
    return resp.status_code == 200


@pytest.fixture
def web(client: TestClient) -> Browser:
    """The same app through the pages (https: the session cookie is Secure)."""
    client.base_url = "https://testserver"
    return Browser(client)


def test_a_password_change_on_the_page_ends_every_token(client, web) -> None:  # noqa: ANN001
    old, other = _token(client, "organiser"), _token(client, "organiser")
    bystander = _token(client, "partner_employment")
    web.login("organiser")
    form = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    changed = web.post("/account/password", form)
    assert changed.status_code == 303, changed.text
    assert not _works(client, old) and not _works(client, other)
    assert _works(client, bystander)  # another account's tokens are untouched
    fresh = _token(client, "organiser", NEW_PASSWORD)
    assert _works(client, fresh)
    # Organiser-only write route with the new token: the token's role checks still apply.
    assert client.post(f"{h.API}/fairs/schedule", json={"year": 2031}, headers=fresh).status_code == 201


def test_a_password_set_from_the_cli_ends_every_token(client) -> None:  # noqa: ANN001
    old = _token(client, "organiser")
    result = CliRunner().invoke(cli_app, ["users", "set-password", "organiser", "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert not _works(client, old)
    assert _works(client, _token(client, "organiser", NEW_PASSWORD))


def test_log_out_on_every_device_ends_every_token(client, web) -> None:  # noqa: ANN001
    old = _token(client, "partner_employment")
    web.login("partner_employment")
    assert web.post("/account/sessions/end-all", {"confirm": "yes"}).status_code == 303
    assert not _works(client, old)
    assert _works(client, _token(client, "partner_employment"))


def test_an_unticked_log_out_everywhere_keeps_the_tokens(client, web) -> None:  # noqa: ANN001
    old = _token(client, "partner_employment")
    web.login("partner_employment")
    assert web.post("/account/sessions/end-all", {"confirm": ""}).status_code == 422
    assert _works(client, old)


def test_block_then_unblock_does_not_revive_old_tokens_on_issue_and_redeem(  # noqa: ANN001
    client, hdr, scene, orgs, session
) -> None:
    organiser = hdr["organiser"]
    old = _token(client, "partner_employment")
    coupon = h.issue(
        client,
        old,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    users = {u["username"]: u for u in client.get(f"{h.API}/users", headers=organiser).json()}
    partner_id = users["partner_employment"]["id"]
    h.expect(client.post(f"{h.API}/users/{partner_id}/deactivate", headers=organiser), 200)
    h.expect(client.post(f"{h.API}/users/{partner_id}/activate", headers=organiser), 200)
    coupons_before, scans_before = h.count(session, "coupon"), h.count(session, "scan")
    refused = h.issue_resp(
        client,
        old,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    refused = h.redeem(client, old, coupon["code"])
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
    assert (h.count(session, "coupon"), h.count(session, "scan")) == (coupons_before, scans_before)
    # A login after the unblock gives a token that issues again.
    fresh = _token(client, "partner_employment")
    assert _works(client, fresh)
    again = h.issue_resp(
        client,
        fresh,
        booth=scene.employment_booth,
        client_id=scene.client_id,
        org=orgs["employment"],
        direction="employment_referral",
    )
    assert again.status_code == 201, again.text


@pytest.mark.parametrize("gen", [None, "0", 0.0, True, 1, -1])
def test_a_token_without_the_current_generation_is_refused(client, session, gen) -> None:  # noqa: ANN001
    # Signed with the right key, unexpired, the right user: only the generation claim is wrong or missing
    # (tokens made before generations existed carry none).
    from sqlmodel import select

    from fairs.models import User

    user = session.exec(select(User).where(User.username == "organiser")).one()
    now = datetime.now(UTC)
    claims: dict = {"sub": str(user.id), "iat": now, "exp": now + timedelta(minutes=5)}
    if gen is not None:
        claims["gen"] = gen
    forged = jwt.encode(claims, secret_key(), algorithm=ALGORITHM)
    assert not _works(client, {"Authorization": f"Bearer {forged}"})
    claims["gen"] = 0
    current = jwt.encode(claims, secret_key(), algorithm=ALGORITHM)
    assert _works(client, {"Authorization": f"Bearer {current}"})
