"""Reading whole numbers typed by people or sent in forms and query strings: ASCII digits only.

`str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads as another number; a
thousand-digit string costs time to convert and overflows every column. One reader for every place that
turns user input into a number: "" or anything but 1 to `max_digits` ASCII digits is no number.
"""

from __future__ import annotations

import re

ASCII_DIGITS = re.compile(r"[0-9]+")
MAX_DIGITS = 18  # below 2**63: fits every integer column, on SQLite and PostgreSQL


def whole_number(text: str | None, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The number `text` spells in ASCII digits (surrounding spaces allowed), else None."""
    if text is None:
        return None
    text = text.strip()
    if not 0 < len(text) <= max_digits or not ASCII_DIGITS.fullmatch(text):
        return None
    return int(text)
