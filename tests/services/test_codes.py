"""The short code's check character, tested exhaustively against every single-symbol typo."""

from __future__ import annotations

import random
import re

import pytest

from fairs.services import coupons

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_check(body: str) -> str:
    """Luhn mod 32 written out independently: double every second symbol from the right, fold, negate."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        value = CROCKFORD.index(ch) * (2 if i % 2 == 0 else 1)
        total += value // 32 + value % 32
    return CROCKFORD[(32 - total % 32) % 32]


def substitutions(code: str):
    for position, original in enumerate(code):
        for symbol in CROCKFORD:
            if symbol != original:
                yield code[:position] + symbol + code[position + 1 :]


@pytest.fixture(scope="module")
def many_codes() -> list[str]:
    rng = random.Random(20261125)
    bodies = ["00000000", "ZZZZZZZZ", "0123ABCD", "XYZ98765"]
    bodies += ["".join(rng.choice(CROCKFORD) for _ in range(8)) for _ in range(400)]
    return [b + reference_check(b) for b in bodies] + [coupons.new_short_code() for _ in range(100)]


def test_alphabet_is_crockford():
    assert coupons.ALPHABET == CROCKFORD
    assert len(set(coupons.ALPHABET)) == 32
    assert not set("ILOU") & set(coupons.ALPHABET)


def test_check_symbol_matches_reference(many_codes):
    for code in many_codes:
        assert coupons.check_symbol(code[:8]) == reference_check(code[:8]) == code[8]
        assert coupons.is_valid_short_code(code)


def test_new_codes_are_nine_alphabet_symbols_with_valid_check():
    drawn = [coupons.new_short_code() for _ in range(500)]
    for code in drawn:
        assert len(code) == 9 and set(code) <= set(CROCKFORD)
        assert reference_check(code[:8]) == code[8]
    assert len(set(drawn)) == len(drawn)


def test_every_single_substitution_is_caught(many_codes):
    checked = 0
    for code in many_codes:
        for typo in substitutions(code):
            assert not coupons.is_valid_short_code(typo), (code, typo)
            checked += 1
    assert checked == len(many_codes) * 9 * 31


def test_every_symbol_pair_at_every_body_position():
    # For each position and each original symbol there, all 31 replacements are caught.
    rng = random.Random(7)
    for position in range(8):
        for original in CROCKFORD:
            body = [rng.choice(CROCKFORD) for _ in range(8)]
            body[position] = original
            code = "".join(body) + reference_check("".join(body))
            for symbol in CROCKFORD.replace(original, ""):
                assert not coupons.is_valid_short_code(code[:position] + symbol + code[position + 1 :]), (
                    code,
                    symbol,
                )


def test_most_adjacent_swaps_are_caught(many_codes):
    caught = total = 0
    for code in many_codes:
        for i in range(8):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                total += 1
                caught += not coupons.is_valid_short_code(swapped)
    assert caught / total > 0.9


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("abcd-efgh-j", "ABCDEFGHJ"), (" ab cd ef gh j ", "ABCDEFGHJ"), ("iLoo", "1100"), ("a-b", "AB")],
)
def test_normalise(typed, expected):
    assert coupons.normalise_short_code(typed) == expected


def test_valid_code_in_any_typed_form(many_codes):
    code = many_codes[0]
    for typed in (
        code.lower(),
        coupons.format_short_code(code),
        coupons.format_short_code(code).lower(),
        f" {code[:4]} {code[4:]} ",
    ):
        assert coupons.is_valid_short_code(typed), typed
    # Crockford look-alikes: O read as 0, I and L as 1.
    zero_code = "0000000" + "0" + reference_check("00000000")
    assert coupons.is_valid_short_code(zero_code.replace("0", "O"))
    ones = "11111111" + reference_check("11111111")
    assert coupons.is_valid_short_code(ones.replace("1", "I")) and coupons.is_valid_short_code(
        ones.replace("1", "l")
    )


@pytest.mark.parametrize("text", ["", "ABCDEFGH", "ABCDEFGHJK", "ABCDEFGH!", "ABCDEFGHU", "АБВГДЕЖЗИ"])
def test_malformed_codes_are_invalid(text):
    assert not coupons.is_valid_short_code(text)


def test_format_short_code():
    assert coupons.format_short_code("K7QM2XHD9") == "K7QM-2XHD-9"


def test_tokens_are_long_random_and_url_safe():
    tokens = [coupons.new_token() for _ in range(200)]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)  # 24 random bytes = 192 bits
        assert coupons.looks_like_token(token)
    for code in ("ABCDEFGHJ", "abcd-efgh-j", "K7QM2XHD9"):
        assert not coupons.looks_like_token(code)
