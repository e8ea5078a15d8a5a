"""Coupon codes: an unguessable QR token and a short, typable code with a check character.

The short code is 8 Crockford base32 symbols plus one check symbol from the same alphabet, computed with
the Luhn mod 32 algorithm. Luhn mod N detects every single-symbol substitution (the doubling step is a
permutation of the alphabet) and most swaps of neighbours. Input is normalised the Crockford way:
case-insensitive, hyphens and spaces ignored, I/L read as 1 and O as 0; the Cyrillic letters that look like
Latin ones (А В Е К М Н О Р С Т Х У) are read as those. A code typed with the Russian (or Belarusian)
keyboard layout on, "ЛЩ…" for "KO…", is read key by key as the Latin letters of the same keys, but only
when the text is not a valid code as it stands and the converted text is one: no valid code is ever read
as another. static/js/scan.js applies the same maps as the code is typed (a test compares them).
"""

from __future__ import annotations

import re
import secrets
from typing import NamedTuple

from fairs.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BASE = len(ALPHABET)
BODY_LENGTH = 8
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
# Cyrillic capitals that look like Latin ones (input is upper-cased first, so lower case is covered).
CYRILLIC_LOOKALIKES = "АВЕКМНОРСТХУ"
LATIN_LOOKS = "ABEKMHOPCTXY"
# The letter keys of the Russian ЙЦУКЕН layout (and the Belarusian І and Ў) and the Latin QWERTY letters
# on the same keys.
LAYOUT_KEYS = "ЙЦУКЕНГШЩЗФЫВАПРОЛДЯЧСМИТЬІЎ"
LAYOUT_LATIN = "QWERTYUIOPASDFGHJKLZXCVBNMBO"
# One pass: a Cyrillic О is read as the Latin O, and so as 0.
_READ = str.maketrans(CYRILLIC_LOOKALIKES + "ILO", LATIN_LOOKS.translate(_ALIASES) + "110")
_LAYOUT = str.maketrans(LAYOUT_KEYS, LAYOUT_LATIN)
_SPACES = re.compile(r"[\s\-]")
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


class TypedCode(NamedTuple):
    """A short code as typed, read: the normalised code and whether the keyboard layout was converted."""

    code: str
    layout_converted: bool


def _checks(code: str) -> bool:
    if len(code) != BODY_LENGTH + 1 or any(ch not in _VALUE for ch in code):
        return False
    return check_symbol(code[:-1]) == code[-1]


def read_short_code(text: str) -> TypedCode:
    """Upper-case, drop hyphens and spaces, read look-alikes (Crockford's and the Cyrillic ones); when that
    is not a valid code, but the same keys on the Latin layout give one, that one (see the module doc)."""
    compact = _SPACES.sub("", text).upper()
    code = compact.translate(_READ)
    if not _checks(code):
        # Key by key: the Latin letters left as they are, then the Crockford look-alikes as always.
        converted = compact.translate(_LAYOUT).translate(_ALIASES)
        if converted != code and _checks(converted):
            return TypedCode(converted, True)
    return TypedCode(code, False)


def normalise_short_code(text: str) -> str:
    """The code as stored, read from what was typed (`read_short_code`)."""
    return read_short_code(text).code


def is_valid_short_code(text: str) -> bool:
    """True when `text` normalises to 9 alphabet symbols whose last is the right check symbol."""
    return _checks(normalise_short_code(text))


def format_short_code(code: str) -> str:
    """Printed form in groups: `K7QM-2XHD-9`."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def layout_note(ref: str) -> str | None:
    """What to tell the person whose typed `ref` was read from the Russian keyboard layout, else None."""
    if looks_like_token(ref.strip()):
        return None
    typed = read_short_code(ref)
    if not typed.layout_converted:
        return None
    return _("The keyboard layout was Russian: the code was read as %(code)s. Switch the layout.") % {
        "code": format_short_code(typed.code)
    }
