"""Coupon codes: an unguessable QR token and a short, typable code with a check character.

The short code is 8 Crockford base32 symbols plus one check symbol from the same alphabet, computed with
the Luhn mod 32 algorithm. Luhn mod N detects every single-symbol substitution (the doubling step is a
permutation of the alphabet) and most swaps of neighbours. Input is normalised the Crockford way:
case-insensitive, hyphens and spaces ignored, I/L read as 1 and O as 0.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
BODY_LENGTH = 8
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")


def new_token() -> str:
    """A random URL-safe token of 192 bits for the QR code."""
    return secrets.token_urlsafe(24)


def looks_like_token(text: str) -> bool:
    """True when `text` has the shape of a QR token rather than a short code."""
    return bool(_TOKEN_RE.match(text)) and len(text) > 16


def check_symbol(body: str) -> str:
    """The Luhn mod 32 check symbol for `body` (already normalised)."""
    total = 0
    factor = 2
    for ch in reversed(body):
        addend = factor * _VALUE[ch]
        total += addend // BASE + addend % BASE
        factor = 1 if factor == 2 else 2
    return ALPHABET[(BASE - total % BASE) % BASE]


def new_short_code() -> str:
    """A random 8-symbol body and its check symbol, stored without hyphens (9 symbols)."""
    # 40 random bits, five to a symbol: the same uniform draw as eight `secrets.choice` calls, at one call.
    bits = int.from_bytes(secrets.token_bytes(BODY_LENGTH * 5 // 8))
    body = "".join(ALPHABET[(bits >> shift) & 31] for shift in range(0, BODY_LENGTH * 5, 5))
    return body + check_symbol(body)


def normalise_short_code(text: str) -> str:
    """Upper-case, drop hyphens and spaces, read look-alikes the Crockford way."""
    return re.sub(r"[\s\-]", "", text).upper().translate(_ALIASES)


def is_valid_short_code(text: str) -> bool:
    """True when `text` normalises to 9 alphabet symbols whose last is the right check symbol."""
    code = normalise_short_code(text)
    if len(code) != BODY_LENGTH + 1 or any(ch not in _VALUE for ch in code):
        return False
    return check_symbol(code[:-1]) == code[-1]


def format_short_code(code: str) -> str:
    """Printed form in groups: `K7QM-2XHD-9`."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"
