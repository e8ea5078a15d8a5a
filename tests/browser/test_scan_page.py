"""The scan page in a real browser: a fake camera showing a coupon's QR, typed codes checked as typed, a
keyboard-wedge scanner on a desktop, a refused camera, and the warning over plain http on a network name.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import qrcode
from PIL import Image, ImageDraw, ImageFont

from fairs.clock import local_today
from fairs.services.coupons.codes import LAYOUT_KEYS, LAYOUT_LATIN
from tests.browser.helpers import (
    DEMO,
    DEMO_ORGANISATION,
    desktop_page,
    has_horizontal_scroll,
    login,
    phone_page,
    screenshot_to_docs,
)

FAKE_CAMERA = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")
FRAME = (640, 480)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")


def issue_coupon(base: str) -> dict:
    """A coupon for the demo partner's organisation (the employment centre), issued through the JSON API."""
    with httpx.Client(base_url=base, timeout=30) as api:
        form = {"username": "organiser", "password": DEMO["organiser"]}
        token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        orgs = api.get("/api/v1/organisations", headers=headers).json()
        target = next(o for o in orgs if o["name"] == DEMO_ORGANISATION["partner"])
        issuer = next(o for o in orgs if o["id"] != target["id"])
        today = local_today().isoformat()
        fair = next((f for f in api.get("/api/v1/fairs", headers=headers).json() if f["date"] == today), None)
        if fair is None:
            fair = api.post("/api/v1/fairs", json={"date": today, "confirm": True}, headers=headers).json()
        if fair["status"] != "open":
            assert api.post(f"/api/v1/fairs/{fair['id']}/open", headers=headers).status_code == 200
        booths = api.get(f"/api/v1/fairs/{fair['id']}/booths", headers=headers).json()
        booth = next((b for b in booths if b["organisation_id"] == issuer["id"]), None)
        if booth is None:
            body = {"organisation_id": issuer["id"]}
            booth = api.post(f"/api/v1/fairs/{fair['id']}/booths", json=body, headers=headers).json()
        person = {"mother_name": "Нина", "father_name": "Олег", "sex": "M", "birth_year": 1984}
        client = api.post("/api/v1/clients", json=person, headers=headers).json()
        body = {"client_id": client["id"], "organisation_id": target["id"]}
        body["direction"] = "employment_counselling"
        body["confirm_duplicate"] = True
        issued = api.post(f"/api/v1/booths/{booth['id']}/coupons", json=body, headers=headers)
        assert issued.status_code == 201, issued.text
        return issued.json()


def coupon_state(base: str, code: str) -> dict:
    """The coupon as the JSON API reads it to its receiving partner."""
    with httpx.Client(base_url=base, timeout=30) as api:
        form = {"username": "partner", "password": DEMO["partner"]}
        token = api.post("/api/v1/auth/token", data=form).json()["access_token"]
        return api.get(f"/api/v1/coupons/{code}", headers={"Authorization": f"Bearer {token}"}).json()


def write_y4m(picture: Image.Image, path: Path, frames: int = 10) -> Path:
    """A raw YUV4MPEG2 video of `picture` (4:2:0), which Chromium's fake camera plays in a loop."""
    y, cb, cr = picture.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    data = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + data)
    return path


def qr_frame(text: str) -> Image.Image:
    """A 640×480 white frame with the QR code of `text` in the middle."""
    qr = qrcode.QRCode(border=4, box_size=8)
    qr.add_data(text)
    qr.make(fit=True)
    code = qr.make_image(fill_color="black", back_color="white").convert("RGB")
    side = FRAME[1] - 60
    code = code.resize((side, side), Image.NEAREST)
    frame = Image.new("RGB", FRAME, "white")
    frame.paste(code, ((FRAME[0] - side) // 2, (FRAME[1] - side) // 2))
    return frame


def stub_frame() -> Image.Image:
    """A coupon stub in front of the camera (a short code, no QR): something to look at, nothing to read."""
    frame = Image.new("RGB", FRAME, (222, 226, 230))
    draw = ImageDraw.Draw(frame)
    draw.rounded_rectangle((90, 110, 550, 370), radius=16, fill="white", outline=(120, 120, 120), width=3)
    font = ImageFont.truetype(str(FONT), 54) if FONT.exists() else ImageFont.load_default()
    draw.text((320, 240), "K7QM-2XHD-9", fill="black", font=font, anchor="mm")
    return frame


def verdict(page) -> str:  # noqa: ANN001
    """The machine code of the answer on the coupon screen."""
    return page.locator("[data-verdict]").get_attribute("data-verdict")


def test_fake_camera_reads_the_qr_then_redeem_and_outcome_in_two_taps(
    live_server, launch_chromium, tmp_path: Path
) -> None:  # noqa: ANN001
    coupon = issue_coupon(live_server.url)
    video = write_y4m(qr_frame(coupon["url"]), tmp_path / "coupon.y4m")
    browser = launch_chromium(*FAKE_CAMERA, f"--use-file-for-fake-video-capture={video}")
    page = phone_page(browser)
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])  # back to /scan, and the camera starts
    page.wait_for_url(f"**/c/{coupon['token']}", timeout=20_000)
    assert verdict(page) == "valid"
    assert not has_horizontal_scroll(page)

    page.locator(".redeem-form button[type=submit]").tap()
    page.locator('[data-verdict="redeemed_now"]').wait_for()
    page.locator(".outcome-buttons button").first.tap()
    page.locator('[data-verdict="outcome"]').wait_for()
    state = coupon_state(live_server.url, coupon["code"])
    assert state["status"] == "redeemed" and state["outcome"]

    # "Scan next" goes back to the camera, which still sees the same coupon: now amber.
    page.locator("[data-scan-next]").tap()
    page.wait_for_url(f"**/c/{coupon['token']}", timeout=20_000)
    assert verdict(page) == "already_redeemed"
    assert page.locator("[data-scan-next]").is_visible()


def test_a_foreign_qr_is_named_and_not_followed(live_server, launch_chromium, tmp_path: Path) -> None:  # noqa: ANN001
    foreign = "https://example.org/c/" + "A" * 32
    video = write_y4m(qr_frame(foreign), tmp_path / "other.y4m")
    page = phone_page(launch_chromium(*FAKE_CAMERA, f"--use-file-for-fake-video-capture={video}"))
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])
    status = page.locator("#camera-status")
    page.locator("#camera-status.note-warn").wait_for()
    assert page.url.endswith("/scan")
    assert "Этот QR-код — не талон этого сайта." in status.inner_text()  # Russian, the default locale


def test_the_camera_view_on_a_phone(live_server, launch_chromium, tmp_path: Path) -> None:  # noqa: ANN001
    video = write_y4m(stub_frame(), tmp_path / "stub.y4m")
    page = phone_page(launch_chromium(*FAKE_CAMERA, f"--use-file-for-fake-video-capture={video}"))
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])
    page.locator('#scan[data-camera="on"]').wait_for(state="attached")
    page.wait_for_timeout(500)
    assert page.evaluate("document.getElementById('camera-video').videoWidth") == 640
    assert page.locator("#camera").is_visible()
    assert page.evaluate("document.activeElement.id") != "code-input"  # no keyboard over the camera
    assert not has_horizontal_scroll(page)
    page.set_viewport_size({"width": 360, "height": 740})
    assert not has_horizontal_scroll(page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot_to_docs(page, "phone-scan")

    # Leaving the page turns the camera off (the track ends).
    page.evaluate(
        "window.__track = document.getElementById('camera-video').srcObject.getVideoTracks()[0];"
        "window.dispatchEvent(new PageTransitionEvent('pagehide'));"
    )
    assert page.evaluate("window.__track.readyState") == "ended"


def test_a_mistyped_code_is_caught_as_typed_without_a_request(live_server, launch_chromium) -> None:  # noqa: ANN001
    coupon = issue_coupon(live_server.url)
    code = coupon["code"]
    wrong_check = "0" if code[-1] != "0" else "1"
    typo = code[:-1] + wrong_check
    page = phone_page(launch_chromium("--use-fake-device-for-media-stream"))
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])
    box, check = page.locator("#code-input"), page.locator("#code-check")

    box.tap()  # as a person does; the phone keeps the keyboard down until then
    box.fill(code[:5].lower())
    assert check.get_attribute("data-state") == "incomplete"
    box.fill(f"{typo[:4]}-{typo[4:8]}-{typo[8:]}".lower())
    assert check.get_attribute("data-state") == "typo"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    box.press("Enter")
    page.wait_for_timeout(300)
    assert requests == [] and page.url.endswith("/scan")
    screenshot_to_docs(page, "phone-scan-typo")

    box.fill(coupon["code_display"].lower().replace("0", "o"))
    assert check.get_attribute("data-state") == "valid"
    box.press("Enter")
    page.wait_for_url(f"**/coupons/{code}")
    assert verdict(page) == "valid"

    # Typed with the Russian layout on: read key by key as typed, said so, and said again on the screen.
    page.goto(f"{live_server.url}/scan")
    on_russian = coupon["code_display"].translate(str.maketrans(LAYOUT_LATIN[:26], LAYOUT_KEYS[:26]))
    box.tap()
    box.fill(on_russian)
    note = f"Раскладка клавиатуры была русской: код прочитан как {coupon['code_display']}."
    if on_russian != coupon["code_display"]:  # a code of digits only reads the same on either layout
        assert (check.get_attribute("data-layout"), note in check.inner_text()) == ("russian", True)
        box.press("Enter")
        page.wait_for_url(f"**/coupons/{code}")
        assert note in page.locator("#result").inner_text()

    # The inbox's code search checks the code as it is typed, the same way.
    page.goto(f"{live_server.url}/inbox")
    page.locator('input[name="code"]').fill(typo)
    assert page.locator("#inbox-code-check").get_attribute("data-state") == "typo"


def test_a_keyboard_wedge_scanner_needs_no_click_on_a_desktop(live_server, browser) -> None:  # noqa: ANN001
    coupon = issue_coupon(live_server.url)
    page = desktop_page(browser)
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])
    page.wait_for_url("**/scan")
    assert page.evaluate("document.activeElement.id") == "code-input"
    page.mouse.click(1200, 780)  # a click on nothing in particular does not take the box's focus away
    page.keyboard.type(coupon["code_display"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/coupons/{coupon['code']}")
    assert verdict(page) == "valid"

    # A scanner that reads the QR types the whole address: that works too.
    page.locator("[data-scan-next]").click()
    page.wait_for_url("**/scan")
    page.keyboard.type(coupon["url"])
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/c/{coupon['token']}")
    assert verdict(page) == "valid"


def test_a_refused_camera_leaves_the_typed_box_with_a_message(live_server, launch_chromium) -> None:  # noqa: ANN001
    # A camera exists, but without --use-fake-ui-for-media-stream headless Chromium refuses the permission.
    page = phone_page(launch_chromium("--use-fake-device-for-media-stream"))
    page.goto(f"{live_server.url}/scan")
    login(page, live_server.url, "partner", DEMO["partner"])
    page.locator('#scan[data-camera="failed"]').wait_for(state="attached")
    status = page.locator("#camera-status")
    assert status.is_visible() and "note-warn" in (status.get_attribute("class") or "")
    assert not page.locator("#camera").is_visible()
    assert page.locator("#code-input").is_visible() and page.locator("#code-input").is_enabled()


def test_plain_http_on_a_network_name_shows_the_https_warning(live_server, launch_chromium) -> None:  # noqa: ANN001
    # The name is mapped to the loopback address inside the browser: plain http on a name that is not
    # localhost, as a phone on the district network would see it; no traffic leaves the machine.
    name, port = "fairs.test", live_server.url.rsplit(":", 1)[1]
    page = phone_page(launch_chromium(f"--host-resolver-rules=MAP {name} 127.0.0.1", *FAKE_CAMERA))
    base = f"http://{name}:{port}"
    page.goto(f"{base}/scan")
    login(page, base, "partner", DEMO["partner"])
    page.locator('#scan[data-camera="insecure"]').wait_for(state="attached")
    assert page.evaluate("window.isSecureContext") is False
    assert page.locator("#insecure-warning").is_visible()
    assert page.locator("#code-input").is_visible()
