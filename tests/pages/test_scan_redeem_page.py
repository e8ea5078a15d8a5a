"""One page for the camera and the typed code: /redeem is now /scan; codes typed with Cyrillic look-alikes
or the Russian keyboard layout on the scan page and in the inbox search; the live check's maps in scan.js
are the Python ones."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from fairs.services.coupons import codes
from tests.api.test_code_typing import ON_RUSSIAN_KEYS, TO_CYRILLIC, russian_note, suits
from tests.pages.test_scan_page import verdict

SCAN_JS = Path(__file__).resolve().parents[2] / "src" / "fairs" / "static" / "js" / "scan.js"
NODE = shutil.which("node")


def suitable_coupon(api_coupon) -> dict:  # noqa: ANN001
    """A coupon to the hospital whose code can be typed both ways (`tests/api/test_code_typing.suits`)."""
    coupon = api_coupon()
    while not suits(coupon["code"]):
        coupon = api_coupon()
    return coupon


def test_redeem_moved_to_the_scan_page(browser, api_coupon) -> None:  # noqa: ANN001
    coupon = api_coupon()
    b = browser("partner_hospital")
    moved = b.get("/redeem", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, "/scan")
    typed = codes.format_short_code(coupon["code"]).lower()
    moved = b.get("/redeem", params={"code": typed}, follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (308, f"/scan?code={quote(typed)}")
    assert verdict(b.get("/redeem", params={"code": typed}).text) == "valid"  # /redeem → /scan → the screen

    # The partner starts on the scan page; nothing links to /redeem any more.
    assert b.get("/", follow_redirects=False).headers["location"] == "/scan"
    scan = b.get("/scan")
    assert re.search(r'<form method="get" action="/scan"[^>]*id="manual-form"', scan.text)
    typo = b.get("/scan", params={"code": coupon["code"][:-1] + ("0" if coupon["code"][-1] != "0" else "1")})
    assert verdict(typo.text) == "mistyped_code" and 'action="/scan"' in typo.text
    for page in (scan, typo, b.get("/inbox"), b.get("/fairs")):
        assert '"/redeem' not in page.text


def test_codes_typed_on_the_scan_page_and_in_the_inbox(browser, api_coupon) -> None:  # noqa: ANN001
    coupon = suitable_coupon(api_coupon)
    code = coupon["code"]
    b = browser("partner_hospital")

    # Typed with the Russian layout on: the coupon screen, which says how the code was read.
    on_russian = codes.format_short_code(code).translate(ON_RUSSIAN_KEYS).lower()
    go = b.get("/scan", params={"code": on_russian}, follow_redirects=False)
    assert (go.status_code, go.headers["location"]) == (303, f"/coupons/{code}")
    screen = b.get(go.headers["location"])
    assert verdict(screen.text) == "valid" and russian_note(code) in screen.text
    assert "Раскладка" not in b.get(go.headers["location"]).text  # said once

    # Cyrillic look-alikes: the code itself, nothing to say.
    cyrillic = code.translate(TO_CYRILLIC)
    go = b.get("/scan", params={"code": cyrillic}, follow_redirects=False)
    assert go.headers["location"] == f"/coupons/{code}"
    assert "Раскладка" not in b.get(go.headers["location"]).text

    # The inbox search: the same live check (scan.js on a box marked for it), and the same reading.
    inbox = b.get("/inbox")
    assert 'data-code-check="inbox-code-check"' in inbox.text and 'id="inbox-code-check"' in inbox.text
    assert '<script src="/static/js/scan.js" defer></script>' in inbox.text
    texts = re.search(r'<div id="code-check-texts" hidden([^>]*)>', inbox.text).group(1)
    assert 'data-layout="Раскладка клавиатуры была русской: код прочитан как {code}.' in texts
    for typed in (on_russian, cyrillic[:5].lower()):
        found = b.get("/inbox", params={"code": typed}, htmx=True)
        assert re.findall(r'data-code="([^"]+)"', found.text) == [code], typed


def test_the_live_check_reads_codes_as_the_server_does() -> None:
    script = SCAN_JS.read_text()
    for name in ("CYRILLIC_LOOKALIKES", "LATIN_LOOKS", "LAYOUT_KEYS", "LAYOUT_LATIN"):
        assert f'var {name} = "{getattr(codes, name)}";' in script, name
    if NODE is None:
        pytest.skip("node is not installed")
    made = [codes.new_short_code() for _ in range(200)]
    samples = [" ".join(c.translate(TO_CYRILLIC).lower()) for c in made]
    samples += [codes.format_short_code(c).translate(ON_RUSSIAN_KEYS) for c in made]
    samples += [c.translate(ON_RUSSIAN_KEYS)[:-1] + "Ж" for c in made[:20]]
    samples += ["ЛЩ", "ІЎ", "йцук", "Ж"]
    run = (
        "const api = require(process.argv[1]);"
        'const s = JSON.parse(require("fs").readFileSync(0, "utf8"));'
        "process.stdout.write(JSON.stringify(s.map((t) => [api.read(t).code, api.read(t).layout, "
        "api.classify(t).state, api.classify(t).layout])));"
    )
    out = subprocess.run(
        [NODE, "-e", run, str(SCAN_JS)], input=json.dumps(samples), capture_output=True, text=True, check=True
    )
    results = json.loads(out.stdout)
    python = [list(codes.read_short_code(s)) for s in samples]
    assert [r[:2] for r in results] == python
    assert sum(r[1] for r in results) >= 190  # nearly every code typed on the Russian layout is converted
    assert all(r[2] == "valid" for r, s in zip(results, samples, strict=True) if codes.is_valid_short_code(s))
    states = dict(zip(samples, (r[2:] for r in results), strict=True))
    assert states["ЛЩ"] == ["bad", True]  # the hint: the layout is Russian
    assert states["Ж"] == ["bad", False]
