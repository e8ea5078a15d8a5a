"""The pseudonymous client code (the unique identifier code used by HIV programmes in the region).

Formula: the first two letters of the mother's first name, the first two letters of the father's first
name, the sex digit (1 = male, 2 = female) and the last two digits of the birth year:
mother "Анна", father "Иван", male, born 1985 → `АНИВ185`.

Names are normalised first, so the same person always gets the same code: Unicode NFKC (composes a
letter typed as base + combining mark, folds full-width and compatibility forms), upper case, Ё → Е,
everything but letters dropped (spaces, hyphens, apostrophes, digits, stray combining marks such as a
stress accent, zero-width characters), and the Latin look-alikes (A, B, C, E, H, I, K, M, O, P, T, X, Y)
are read as the Cyrillic letters they resemble in a name that has a Cyrillic letter or consists of
look-alikes only (a name typed on a Latin keyboard layout by mistake).
"""

from __future__ import annotations

import re
import unicodedata

from fairs.errors import Invalid
from fairs.i18n import _

SEX_DIGIT = {"M": "1", "F": "2"}
LOOKALIKES = "ABCEHIKMOPTXY"
_LATIN_TO_CYRILLIC = str.maketrans(LOOKALIKES, "АВСЕНІКМОРТХУ")
_SUFFIX = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*(\d+)\s*$")


def _read_as_cyrillic(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = any("CYRILLIC" in unicodedata.name(ch, "") for ch in letters)
    if cyrillic or (letters and all(ch in LOOKALIKES for ch in letters)):
        return text.translate(_LATIN_TO_CYRILLIC)
    return text


def normalise_name(name: str) -> str:
    """Upper-case letters only, Ё read as Е, Latin look-alikes read as Cyrillic (see the module doc)."""
    text = unicodedata.normalize("NFKC", name).upper().replace("Ё", "Е")
    return _read_as_cyrillic("".join(ch for ch in text if ch.isalpha()))


def normalise_sex(sex: str) -> str:
    """`M` or `F` from M/F, Russian М/Ж or 1/2 (any case)."""
    key = sex.strip().upper()[:1]
    key = {"М": "M", "Ж": "F", "1": "M", "2": "F"}.get(key, key)
    if key not in SEX_DIGIT:
        raise Invalid(_("Sex must be M or F."), code="bad_sex")
    return key


def normalise_code(text: str) -> str:
    """A typed client code as stored: upper case, Ё read as Е, Latin look-alikes read as Cyrillic; the
    suffix of a second person with the same code (`АНИВ185-2`) kept after one hyphen."""
    code = unicodedata.normalize("NFKC", text).upper().replace("Ё", "Е")
    # A suffix is digits after a dash (any dash a keyboard or a word processor gives) at the end.
    body, suffix = code, ""
    match = _SUFFIX.search(code)
    if match is not None:
        body, suffix = code[: match.start()], f"-{match.group(1)}"
    # Letters and digits only: spaces, zero-width characters and stray marks do not make another code.
    return _read_as_cyrillic("".join(ch for ch in body if ch.isalnum())) + suffix


def client_code(*, mother_name: str, father_name: str, sex: str, birth_year: int) -> str:
    """The client code for these attributes (see the module docstring)."""
    mother, father = normalise_name(mother_name), normalise_name(father_name)
    if len(mother) < 2 or len(father) < 2:
        raise Invalid(_("The parents' first names need at least two letters each."), code="name_too_short")
    sex_key = normalise_sex(sex)
    if not 1900 <= birth_year <= 2100:
        raise Invalid(_("The birth year is out of range."), code="bad_birth_year")
    return f"{mother[:2]}{father[:2]}{SEX_DIGIT[sex_key]}{birth_year % 100:02d}"
