"""The status badges (and the coloured buttons) as served are readable: WCAG 2 contrast of at least 4.5:1
between their text and background colours, computed from the stylesheets' own rules and variables."""

from __future__ import annotations

import re

import pytest

STYLESHEETS = ("app.css", "touch.css", "reports.css", "scan.css")
MINIMUM = 4.5
RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX_RE = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _rules(css: str) -> list[tuple[list[str], dict[str, str]]]:
    """(selectors, declarations) of every plain rule; @media wrappers are read through (their own
    braces hold rules), comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"@media[^{]*\{", "", css)  # the rules inside stay, the closing brace is left over
    rules = []
    for selectors, body in RULE_RE.findall(css):
        declarations = {}
        for part in body.split(";"):
            name, _sep, value = part.partition(":")
            if value.strip():
                declarations[name.strip()] = value.strip()
        rules.append(([s.strip().lstrip("}").strip() for s in selectors.split(",")], declarations))
    return rules


def _colour(value: str, variables: dict[str, str]) -> str | None:
    """A declared colour as #rrggbb (variables resolved), None when it is not a plain colour."""
    value = value.split("!")[0].strip()
    while value.startswith("var("):
        value = variables.get(value[4:].rstrip(")").strip(), "")
    if value in ("#fff", "white"):
        return "#ffffff"
    match = HEX_RE.match(value)
    if not match:
        return None
    digits = match.group(1)
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits).lower()


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_ratio_is_wcag_s() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic just-failing grey
    assert contrast("#1b7f3b", "#e5f4ea") < MINIMUM  # the issued badge's old green: why it changed


@pytest.fixture
def served_rules(client) -> list[tuple[list[str], dict[str, str]]]:  # noqa: ANN001
    rules = []
    for name in STYLESHEETS:
        response = client.get(f"/static/css/{name}")
        assert response.status_code == 200, name
        rules += _rules(response.text)
    return rules


def _pairs(rules, base: str, prefix: str, only: set[str] | None = None) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """For each class starting with `prefix` (of `only`, when given): (text, background) over the `base`
    class's defaults."""
    variables = {k: v for selectors, decls in rules if ":root" in selectors for k, v in decls.items()}
    defaults = {}
    for selectors, decls in rules:
        if base in selectors:
            defaults |= decls
    found: dict[str, dict[str, str]] = {}
    for selectors, decls in rules:
        for selector in selectors:
            if re.fullmatch(re.escape(prefix) + r"[\w-]+", selector) and (only is None or selector in only):
                found.setdefault(selector, dict(defaults)).update(decls)
    pairs = {}
    for selector, decls in found.items():
        text = _colour(decls.get("color", ""), variables)
        background = _colour(decls.get("background", decls.get("background-color", "")), variables)
        assert text and background, f"{selector}: colours not read ({decls})"
        pairs[selector] = (text, background)
    return pairs


def test_every_status_badge_reaches_4_5_to_1(served_rules) -> None:  # noqa: ANN001
    badges = _pairs(served_rules, ".badge", ".badge-")
    # The coupon and fair states at least: the parser found the rules it is meant to check.
    assert {".badge-coupon-issued", ".badge-coupon-redeemed", ".badge-coupon-expired", ".badge-open"} <= set(
        badges
    )
    low = {s: round(contrast(*pair), 2) for s, pair in badges.items() if contrast(*pair) < MINIMUM}
    assert low == {}


def test_coloured_buttons_reach_4_5_to_1(served_rules) -> None:  # noqa: ANN001
    coloured = _pairs(served_rules, ".btn", ".btn-", {".btn-primary", ".btn-go", ".btn-danger"})
    assert len(coloured) == 3
    low = {s: round(contrast(*pair), 2) for s, pair in coloured.items() if contrast(*pair) < MINIMUM}
    assert low == {}
