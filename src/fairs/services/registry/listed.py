"""The rules shared by the admin-managed lists (directions, their outcomes, categories of persons): a code
that never changes, Russian and English names required, an optional Belarusian one."""

from __future__ import annotations

import re

from fairs.errors import Invalid
from fairs.i18n import _

# Lowercase latin letters, digits and underscores, starting with a letter: it goes into URLs and exports.
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


def checked_code(code: str) -> str:
    """`code` if it is a valid code (400 `invalid_code` otherwise)."""
    if not CODE_RE.match(code):
        raise Invalid(
            _("A code holds only lowercase latin letters, digits and underscores, and starts with a letter."),
            code="invalid_code",
        )
    return code


def keep_code(code: str, new_code: str | None) -> None:
    """A change never renames a code (400 `code_immutable`)."""
    if new_code is not None and new_code != code:
        raise Invalid(_("A code never changes once it is created."), code="code_immutable")


def required_names(name_ru: str, name_en: str) -> tuple[str, str]:
    """The Russian and English names, stripped; both are required (400 `name_required`)."""
    name_ru, name_en = name_ru.strip(), name_en.strip()
    if not name_ru or not name_en:
        raise Invalid(_("Both names are required."), code="name_required")
    return name_ru, name_en


def be_name(name_be: str) -> str:
    """A Belarusian name as stored: optional ("" shows the Russian one), at most 200 characters."""
    return name_be.strip()[:200]
