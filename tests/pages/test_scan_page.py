"""The scan page: who may open it, what it loads, the plain-http warning, the no-JS path, the JS check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from fairs.api.pages.scan import JSQR, is_local_host
from fairs.services import coupons
from tests.pages.conftest import login

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "fairs" / "static"
SCAN_JS = STATIC / "js" / "scan.js"
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
WARNING = 'id="insecure-warning"'


def verdict(html: str) -> str:
    """The machine code of the answer on the coupon screen (data-verdict)."""
    marker = 'data-verdict="'
    assert marker in html, html[:2000]
    return html.split(marker, 1)[1].split('"', 1)[0]


def logged_in(client: TestClient, username: str) -> TestClient:
    """The client, logged in over https (the session cookie is Secure in the tests)."""
    client.base_url = "https://testserver"
    login(client, username)
    return client


def test_anonymous_is_sent_to_login_and_back(client: TestClient) -> None:
    response = client.get("/scan", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/login?next={quote('/scan', safe='')}"


@pytest.mark.parametrize("username", ["committee", "admin"])
def test_committee_and_admin_are_refused(client: TestClient, username: str) -> None:
    assert logged_in(client, username).get("/scan").status_code == 403


@pytest.mark.parametrize("username", ["partner_hospital", "organiser"])
def test_partners_and_organisers_get_the_page_with_the_nav_link(client: TestClient, username: str) -> None:
    page = logged_in(client, username).get("/scan")
    assert page.status_code == 200
    assert 'id="camera-video"' in page.text and 'id="code-input"' in page.text
    assert '<a href="/scan" aria-current="page">' in page.text  # the main menu links here
    assert '<a href="/scan"' in logged_in(client, username).get("/fairs").text


def test_the_page_loads_the_vendored_reader_and_no_inline_script(client: TestClient) -> None:
    page = logged_in(client, "partner_hospital").get("/scan")
    scripts = SCRIPT_RE.findall(page.text)
    sources = [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts if "src=" in attrs]
    assert [body.strip() for _, body in scripts] == [""] * len(scripts)  # every script comes from a file
    assert len(sources) == len(scripts)
    assert JSQR in sources and "/static/js/scan.js" in sources
    assert re.fullmatch(r"/static/vendor/jsqr-\d+\.\d+\.\d+\.js", JSQR)
    assert "Apache License" in (STATIC / "vendor" / Path(JSQR).name.replace(".js", ".LICENSE")).read_text()
    for src in sources:
        served = client.get(src)
        assert served.status_code == 200 and served.text.strip()
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "camera=(self)" in page.headers["permissions-policy"]


def _session_cookie(client: TestClient) -> dict[str, str]:
    return {"Cookie": f"fairs_session={client.cookies.get('fairs_session')}"}


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://192.168.1.20:8000/scan", True),
        ("http://fairs.district.local/scan", True),
        ("https://192.168.1.20/scan", False),
        ("https://fairs.district.local/scan", False),
        ("http://127.0.0.1:8000/scan", False),
        ("http://localhost:8000/scan", False),
        ("http://[::1]:8000/scan", False),
    ],
)
def test_plain_http_on_a_network_address_says_the_camera_needs_https(
    client: TestClient, url: str, warned: bool
) -> None:
    logged_in(client, "partner_hospital")
    # The cookie is Secure, so a plain-http request would not carry it: send it by hand, as a proxy might.
    page = client.get(url, headers=_session_cookie(client))
    assert page.status_code == 200
    assert (WARNING in page.text) is warned
    assert ("Serving over https on the district network" in page.text) is warned


def test_local_host_names() -> None:
    local = ["localhost", "LOCALHOST.", "app.localhost", "127.0.0.1", "127.3.2.1", "[::1]"]
    assert all(map(is_local_host, local))
    assert not any(map(is_local_host, ["", "192.168.1.20", "10.0.0.1", "fairs.by", "localhost.example.org"]))


def test_manual_form_works_without_javascript(client: TestClient, api_coupon) -> None:
    coupon = api_coupon()
    page = logged_in(client, "partner_hospital").get("/scan")
    form = re.search(r'<form method="get" action="([^"]+)"[^>]*id="manual-form"', page.text)
    assert form and form.group(1) == "/scan"
    assert 'name="code"' in page.text and "autofocus" in page.text
    typed = coupons.format_short_code(coupon["code"]).lower().replace("0", "o")  # as a person might type it
    answer = client.get(form.group(1), params={"code": typed}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/coupons/{coupon['code']}"
    screen = client.get(answer.headers["location"])
    assert verdict(screen.text) == "valid"
    assert 'href="/scan"' in screen.text  # "Scan next"

    typo = coupon["code"][:-1] + ("0" if coupon["code"][-1] != "0" else "1")
    answer = client.get("/scan", params={"code": typo})
    assert answer.status_code == 400 and verdict(answer.text) == "mistyped_code"
    assert 'data-scan-next href="/scan"' in answer.text or 'href="/scan" data-scan-next' in answer.text


def test_result_screens_have_their_colour_and_scan_next(client: TestClient, api_coupon) -> None:
    coupon = api_coupon()
    hospital = logged_in(client, "partner_hospital")
    valid = hospital.get(f"/c/{coupon['token']}")
    assert 'class="result result-green"' in valid.text and "btn-huge btn-go" in valid.text
    other = logged_in(client, "partner_employment").get(f"/c/{coupon['token']}")
    assert 'class="result result-red"' in other.text and verdict(other.text) == "other_organisation"
    for screen in (valid, other):
        assert '<link rel="stylesheet" href="/static/css/scan.css">' in screen.text
        assert 'href="/scan" data-scan-next' in screen.text


# ---- the check-character port in scan.js, run under Node against the Python implementation ----

NODE = shutil.which("node")
SAMPLES_JS = """
const api = require(process.argv[1]);
const samples = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(samples.map((s) => [
  api.normalise(s), api.isValidShortCode(s), api.classify(s).state,
])));
"""


def _samples() -> list[str]:
    """Codes made by the Python side, and the ways people (and scanners) get them wrong."""
    made = [coupons.new_short_code() for _ in range(300)]
    samples: list[str] = []
    for i, code in enumerate(made):
        samples.append(code)
        samples.append(coupons.format_short_code(code).lower())
        samples.append(code.replace("1", "l" if i % 2 else "I").replace("0", "o"))
        pos = i % 9
        wrong = coupons.ALPHABET[(coupons.ALPHABET.index(code[pos]) + 1 + i % 31) % 32]
        samples.append(code[:pos] + wrong + code[pos + 1 :])  # one symbol substituted
        swapped = code[:pos] + code[pos + 1 : pos + 2] + code[pos] + code[pos + 2 :]
        samples.append(swapped)  # neighbours swapped
        samples.append(code[: 1 + i % 8])  # incomplete
        samples.append(code + code[i % 9])  # too long
    samples += [
        "",
        " - ",
        "K7QM-2XHD-9",
        "uuuuuuuuu",
        "ABCD EFGH\u00a0J",
        "ABCD\u2003EFGH\u3000J",
        "ABCD\x1cEFGH\x1fJ",
        "ABCD\u0085EFGH-J",
        "ABCD\ufeffEFGH-J",  # a BOM is not a space for Python: a character that is not in the alphabet
        "ıiIlLoO0",
        "ß",
    ]
    return samples


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_check_character_port_agrees_with_the_python_implementation() -> None:
    samples = _samples()
    out = subprocess.run(
        [NODE, "-e", SAMPLES_JS, str(SCAN_JS)],
        input=json.dumps(samples),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    results = json.loads(out.stdout)
    mismatches = [
        (s, js, (coupons.normalise_short_code(s), coupons.is_valid_short_code(s)))
        for s, js in zip(samples, results, strict=True)
        if (js[0], js[1]) != (coupons.normalise_short_code(s), coupons.is_valid_short_code(s))
    ]
    assert mismatches == []
    states = {s: js[2] for s, js in zip(samples, results, strict=True)}
    assert (
        sum(coupons.is_valid_short_code(s) for s in samples) >= 900
    )  # the three spellings of 300 good codes
    assert all(states[s] == "valid" for s in samples if coupons.is_valid_short_code(s))
    wrong_states = {states[s] for s in samples if not coupons.is_valid_short_code(s)}
    assert wrong_states >= {"typo", "incomplete", "long", "bad"}
    assert states["K7QM-2XHD-9"] in {"valid", "typo"} and states[""] == "empty"
    assert states["uuuuuuuuu"] == "bad"
    token = coupons.new_token()
    assert _classify_one(f"https://fairs.example/c/{token}") == "address"


def _classify_one(text: str) -> str:
    script = "process.stdout.write(require(process.argv[1]).classify(process.argv[2]).state)"
    return subprocess.run(
        [NODE, "-e", script, str(SCAN_JS), text], capture_output=True, text=True, check=True, timeout=30
    ).stdout
