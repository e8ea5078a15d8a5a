"""services/qr.py: the inline SVG of exactly one URL."""

from __future__ import annotations

from fairs.services import coupons


def test_svg_is_inline_scalable_and_deterministic() -> None:
    url = "https://fairs.example.test/c/abcdefghijklmnopqrstuvwxyz012345"
    svg = coupons.svg_for(url)
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert 'viewBox="0 0 ' in svg and 'width="' not in svg and "<path" in svg
    assert svg == coupons.svg_for(url)
    assert svg != coupons.svg_for(url + "x")


def test_longer_urls_make_bigger_codes() -> None:
    small = coupons.svg_for("https://x.test/c/a")
    big = coupons.svg_for("https://x.test/c/" + "a" * 200)
    size = lambda svg: int(svg.split('viewBox="0 0 ', 1)[1].split(" ", 1)[0])  # noqa: E731
    assert size(big) > size(small)
