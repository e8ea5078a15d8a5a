"""Every page route, every field, hostile values: no answer is a 5xx.

The routes come from the app's route table (their path, query and form parameters), the fields also from
the forms the pages render (the report's period picker reads its fields from the query string). As a
logged-in organiser and as a partner, each field of each route is sent each hostile value in turn, the
other fields keeping the value the rendered form would send; path parameters are tried the same way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from sqlmodel import select

from fairs.app import create_app
from fairs.models import Client, User

HOSTILE = (
    "²",
    "٣",
    "-1",
    "1e9",
    "9" * 10_000,
    "\x00",
    "<script>alert(1)</script>",
    "'; drop table coupon; --",
    "/fairs?q=Иван Ⅻ",  # a local `next` that is not Latin-1
)
# Ending the session or the fair spoils what follows: these run last, and the browser logs in again.
ENDS_SESSION = {"/logout", "/account/sessions/end-all"}
RUN_LAST = ENDS_SESSION | {"/fairs/{fair_id}/cancel", "/fairs/{fair_id}/close", "/users/{user_id}/active"}
# The same for every role (and slow: argon2 per attempt): crawled as the organiser only.
ANY_ROLE = {"/login", "/lang", "/account/password", "/account/sessions/end-all", "/logout"}
# Text fields checked against a password hash: every field takes each value at once (one hash per value).
HASHED = {"/login", "/account/password"}
PATH_PARAM = re.compile(r"{(\w+)(:\w+)?}")


def _params(dependant, kind: str) -> list[str]:  # noqa: ANN001
    names = [field.alias for field in getattr(dependant, kind)]
    for sub in dependant.dependencies:
        names += _params(sub, kind)
    return names


def page_routes() -> list[tuple[str, str, list[str], list[str]]]:
    """(method, path, path parameters, query or form fields) of every route outside the JSON API."""
    found = []
    for context in iter_route_contexts(create_app().routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or context.path.startswith("/api/"):
            continue
        for method in sorted(route.methods or ()):
            kind = "query_params" if method == "GET" else "body_params"
            fields = [n for n in _params(route.dependant, kind) if n != "csrf_token"]
            found.append((method, context.path, _params(route.dependant, "path_params"), fields))
    return sorted(found, key=lambda r: (r[1] in RUN_LAST, r[0] != "GET", r[1]))


class Forms(HTMLParser):
    """The forms of a page: (method, action) → {field: the value the form would send}."""

    def __init__(self, page_url: str) -> None:
        super().__init__()
        self.page = urlsplit(page_url).path
        self.forms: dict[tuple[str, str], dict[str, str]] = {}
        self.current: dict[str, str] | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = (a.get("method") or "get").upper()
            action = a.get("hx-post") or a.get("action") or a.get("hx-get") or self.page
            method = "POST" if a.get("hx-post") else method
            self.current = self.forms.setdefault((method, urlsplit(action).path), {})
        elif self.current is not None and tag in ("input", "textarea", "select") and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self.current.setdefault(a["name"], "")
            else:
                self.current[a["name"]] = a.get("value", "")
            self.select = a["name"] if tag == "select" else None
        elif tag == "option" and self.current is not None and self.select:
            self.current[self.select] = self.current.get(self.select) or a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        if tag == "select":
            self.select = None


@pytest.fixture
def world_ids(api_coupon, session, orgs) -> dict[str, str]:  # noqa: ANN001
    """Real values for path parameters: an open fair today, a booth, a client, an issued coupon."""
    coupon = api_coupon(booth="employment", to="hospital", direction="hiv_testing")
    committee = session.exec(select(User).where(User.username == "committee")).one()
    person = session.exec(select(Client).order_by(Client.id.desc())).first()
    return {
        "fair_id": str(coupon["fair_id"]),
        "booth_id": str(coupon["booth_id"]),
        "client_id": str(person.id),
        "code": coupon["code"],
        "ref": coupon["code"],
        "token": coupon["token"],
        "organisation_id": str(orgs["hospital"]),
        "user_id": str(committee.id),
        "identifier": "committee",
        "pad_id": "1",
    }


def concrete(path: str, ids: dict[str, str], hostile: tuple[str, str] | None = None) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1)
        value = hostile[1] if hostile and hostile[0] == name else ids.get(name, "1")
        return quote(value, safe="")

    return PATH_PARAM.sub(fill, path)


@pytest.mark.parametrize("username", ["organiser", "partner_hospital"])
def test_no_page_answers_5xx_to_hostile_values(browser, world_ids, username: str) -> None:  # noqa: ANN001
    b = browser(username)
    routes = page_routes()
    # The forms as rendered: the fields a route reads from the request itself, and their usual values.
    rendered: dict[tuple[str, str], dict[str, str]] = {}
    for method, path, _path_params, _fields in routes:
        if method == "GET":
            url = concrete(path, world_ids)
            parser = Forms(url)
            parser.feed(b.get(url).text)
            for key, fields in parser.forms.items():
                rendered.setdefault(key, {}).update(fields)
    failures, sent, reached, refused = [], 0, 0, 0
    for method, path, path_params, fields in routes:
        url = concrete(path, world_ids)
        if username != "organiser" and path in ANY_ROLE:
            continue
        usual = {k: v for k, v in rendered.get((method, urlsplit(url).path), {}).items() if k != "csrf_token"}
        names = sorted(set(fields) | set(usual))
        tries = [(None, name, value) for name in names for value in HOSTILE]
        if path in HASHED:
            tries = [(None, "*", value) for value in HOSTILE]
        tries += [(name, None, value) for name in path_params for value in HOSTILE]
        if not tries:
            continue
        # A role the route refuses outright is refused before any field is read: one try is enough.
        probe = b.get(url, params=usual, follow_redirects=False) if method == "GET" else b.post(url, usual)
        if probe.status_code == 403 and "csrf" not in probe.text:
            refused += 1
            continue
        for n, (path_param, field, value) in enumerate(tries):
            target = concrete(path, world_ids, (path_param, value)) if path_param else url
            data = {**usual, field: value} if field else dict(usual)
            if field == "*":
                data = dict.fromkeys(names, value)
            htmx = n % 2 == 1 or value.startswith("/")
            try:
                if method == "GET":
                    answer = b.get(target, htmx=htmx, params=data, follow_redirects=False)
                else:
                    answer = b.post(target, data, htmx=htmx)
            except Exception as error:  # noqa: BLE001  (the app raised: what a real server answers 500)
                failures.append((method, path, path_param or field, value[:20], repr(error)[:200]))
                continue
            sent += 1
            if answer.status_code >= 500:
                failures.append((method, path, path_param or field, value[:20], answer.status_code))
            if path in ENDS_SESSION:  # did this one end the session? (a hostile confirmation should not)
                answer = b.get("/account/password", follow_redirects=False)
            went = answer.headers.get("location", "") + answer.headers.get("hx-redirect", "")
            if went.startswith("/login"):
                b.login(username)
            else:
                reached += 1
    assert not failures, failures
    # The crawl was logged in and broad: every route with a field or a parameter was tried.
    assert sent >= 9 * 50 and reached >= 0.9 * sent, (sent, reached, refused)


@pytest.mark.parametrize(
    ("method", "url", "form"),
    [
        ("GET", "/reports?district=²", None),
        ("GET", "/reports?year=²", None),
        ("GET", "/reports?kind=month&month=٢٠٢٦-٠٣", None),
        ("GET", "/inbox?fair_id=²", None),
        ("GET", "/exports/committee.xlsx?from=2026-01-01&to=2026-03-31&district=²", None),
        ("POST", "/fairs/{fair_id}/visitors", {"mother_name": "Анна", "sex": "F", "birth_year": "²"}),
        ("POST", "/booths/{booth_id}/coupons", {"client_code": "x", "target": "²:hiv_testing"}),
    ],
)
def test_digits_outside_ascii_are_refused_readably(browser, world_ids, method, url, form) -> None:  # noqa: ANN001
    """ "²" passes str.isdigit() and breaks int(); "٣" is a digit int() reads: neither is a number here."""
    b = browser("organiser")
    url = concrete(url, world_ids)
    answer = b.get(url) if method == "GET" else b.post(url, form, htmx=True)
    assert answer.status_code < 500, answer.text[:300]
    assert "html" in answer.headers["content-type"]


def test_a_non_latin1_next_is_percent_encoded_in_hx_redirect(browser) -> None:  # noqa: ANN001
    b = browser("organiser")
    answer = b.post("/lang", {"lang": "en", "next": "/fairs?q=Иван Ⅻ"}, htmx=True)
    assert answer.status_code == 204
    assert answer.headers["hx-redirect"] == "/fairs?q=%D0%98%D0%B2%D0%B0%D0%BD%20%E2%85%AB"
