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
    assert "Запрос слишком большой" in page.text  # the default language is Russian
    assert "The request is too large" not in page.text
    fragment = b.client.post("/fairs", data=form, headers=HX, follow_redirects=False)
    assert fragment.status_code == 413 and "<html" not in fragment.text.lower()
    assert (h.count(session, "fair"), h.count(session, "audit_entry")) == before
    assert b.get("/fairs").status_code == 200  # the session is intact


def test_mistyped_codes_typed_on_the_redeem_page_write_nothing(browser, session) -> None:  # noqa: ANN001
    b = browser("partner_hospital")
    before = h.count(session, "audit_entry")
    # A wrong check character (Q is right for K7QM2XHD), punctuation, Cyrillic look-alikes and an invisible
    # character are typos, refused before any look-up; 500 letters of the alphabet are too long for a short
    # code, so they are looked up as a QR token, and no coupon has it.
    answers = {
        "K7QM-2XHD-8": (400, "mistyped_code"),
        "!!!": (400, "mistyped_code"),
        "К7QМ": (400, "mistyped_code"),
        "A" * 500: (404, "unknown_code"),
        "\u200b": (400, "mistyped_code"),
    }
    assert h.luhn32_check("K7QM2XHD") == "Q"
    for typed, want in answers.items():
        screen = b.get("/scan", params={"code": typed})
        assert (screen.status_code, verdict(screen.text)) == want, typed[:20]
    assert h.count(session, "audit_entry") == before
