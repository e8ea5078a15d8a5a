"""Logging in and out, `next`, CSRF, the home page by role, the language switch, forbidden pages."""

from __future__ import annotations

import pytest
from sqlmodel import Session, func, select

from fairs.clock import local_today
from fairs.models import AuditEntry, Fair
from tests import world
from tests.pages.conftest import Browser, csrf_of, login


@pytest.fixture
def https(client):  # noqa: ANN001, ANN201
    client.base_url = "https://testserver"  # the session cookie is Secure (FAIRS_BASE_URL is https)
    return client


def test_login_goes_back_to_next_and_logout_ends_the_session(https) -> None:
    assert https.get("/fairs", follow_redirects=False).headers["location"] == "/login?next=%2Ffairs"
    response = login(https, "organiser", next_url="/clients?q=AB")
    assert response.headers["location"] == "/clients?q=AB"
    page = https.get("/fairs")
    assert page.status_code == 200 and "Иванова А. А." in page.text
    out = https.post("/logout", data={"csrf_token": csrf_of(page.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/login"
    assert https.get("/fairs", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "fairs"])
def test_next_must_be_a_local_path(https, target: str) -> None:
    assert login(https, "organiser", next_url=target).headers["location"] == "/fairs"


def test_wrong_password_shows_the_form_again(https) -> None:
    page = https.get("/login")
    response = https.post(
        "/login",
        data={"username": "organiser", "password": "nope", "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 401
    assert 'name="password"' in response.text
    assert https.get("/fairs", follow_redirects=False).status_code == 303


def test_login_rotates_the_csrf_token(https) -> None:
    before = csrf_of(https.get("/login").text)
    location = login(https, "organiser").headers["location"]
    after = csrf_of(https.get(location).text)
    assert before != after
    refused = https.post(
        "/fairs/schedule", data={"csrf_token": before, "year": "2031"}, follow_redirects=False
    )
    assert refused.status_code == 403


def test_post_without_csrf_is_refused_and_writes_nothing(browser, session: Session) -> None:
    b = browser("organiser")
    audit_before = session.exec(select(func.count()).select_from(AuditEntry)).one()
    day = local_today().isoformat()
    response = b.client.post("/fairs", data={"day": day}, follow_redirects=False)
    assert response.status_code == 403
    wrong = b.client.post("/fairs", data={"day": day, "csrf_token": "x" * 43}, follow_redirects=False)
    assert wrong.status_code == 403
    assert session.exec(select(func.count()).select_from(Fair)).one() == 0
    assert session.exec(select(func.count()).select_from(AuditEntry)).one() == audit_before
    # htmx sends the token in a header (hx-headers on <body>)
    ok = b.client.post("/fairs", data={"day": day}, headers={"X-CSRF-Token": b.csrf}, follow_redirects=False)
    assert ok.status_code in (204, 303)
    assert session.exec(select(func.count()).select_from(Fair)).one() == 1


def test_login_form_needs_its_csrf_token(https) -> None:
    https.get("/login")
    response = https.post(
        "/login", data={"username": "organiser", "password": world.PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("username", "home"),
    [
        ("organiser", "/fairs"),
        ("partner_employment", "/scan"),
        ("committee", "/fairs"),
        ("admin", "/admin/directions"),
    ],
)
def test_home_by_role(browser, username: str, home: str) -> None:
    b = browser(username)
    response = b.get("/", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == home
    assert b.get(home).status_code == 200


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("partner_employment", "/clients"),
        ("partner_employment", "/audit"),
        ("partner_employment", "/admin/directions"),
        ("committee", "/audit"),
        ("committee", "/clients"),
        ("committee", "/redeem"),
        ("admin", "/fairs"),
        ("organiser", "/admin/directions"),
    ],
)
def test_forbidden_pages(browser, username: str, path: str) -> None:
    response = browser(username).get(path)
    assert response.status_code == 403
    assert "<html" in response.text  # a readable page, not JSON


def test_russian_by_default_and_the_english_switch(browser) -> None:
    b = browser("organiser")
    assert "Ярмарки" in b.get("/fairs").text
    switched = b.post("/lang", {"lang": "en", "next": "/fairs?year=2030"})
    assert switched.status_code == 303 and switched.headers["location"] == "/fairs?year=2030"
    assert "lang=en" in switched.headers["set-cookie"]
    page = b.get("/fairs?year=2030")
    assert "Fairs" in page.text and "Ярмарки" not in page.text
    assert '<html lang="en">' in page.text
    b.post("/lang", {"lang": "ru", "next": "/fairs"})
    assert "Ярмарки" in b.get("/fairs").text


def test_partner_sees_the_calendar_read_only(browser) -> None:
    b = browser("organiser")
    b.post("/fairs/schedule", {"year": "2030"})
    partner = Browser(b.client)
    partner.login("partner_employment")
    page = partner.get("/fairs?year=2030")
    assert page.status_code == 200
    assert "/fairs/schedule" not in page.text and "/open" not in page.text
    assert partner.post("/fairs/schedule", {"year": "2031"}).status_code == 403
