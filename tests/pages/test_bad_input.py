"""Bad input in the pages: a readable page (or fragment) and nothing written."""

from __future__ import annotations

from tests.api import helpers as h
from tests.pages.conftest import HX
from tests.pages.test_coupons import verdict


def test_an_oversized_form_gets_a_readable_413_page(browser, session) -> None:  # noqa: ANN001
    b = browser("organiser")
    before = h.count(session, "fair"), h.count(session, "audit_entry")
    form = {"csrf_token": b.csrf, "date": "2031-03-10", "venue": "x" * (1024 * 1024 + 10)}
    page = b.client.post("/fairs", data=form, follow_redirects=False)
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "<html" in page.text.lower()
    assert "Запрос слишком большой" in page.text or "The request is too large" in page.text  # until merged
    fragment = b.client.post("/fairs", data=form, headers=HX, follow_redirects=False)
    assert fragment.status_code == 413 and "<html" not in fragment.text.lower()
    assert (h.count(session, "fair"), h.count(session, "audit_entry")) == before
    assert b.get("/fairs").status_code == 200  # the session is intact


def test_mistyped_codes_typed_on_the_redeem_page_write_nothing(browser, session) -> None:  # noqa: ANN001
    b = browser("partner_hospital")
    before = h.count(session, "audit_entry")
    for typed in ("K7QM-2XHD-8", "!!!", "К7QМ", "A" * 500, "\u200b"):
        screen = b.get("/redeem", params={"code": typed})
        assert screen.status_code in (400, 404), (typed, screen.status_code)
        assert verdict(screen.text) in ("mistyped_code", "unknown_code"), typed
    assert h.count(session, "audit_entry") == before
