"""The rules shared by the admin-managed lists (directions, their outcomes, categories of persons, reasons
why a job fell through): a code that never changes, Russian and English names required, an optional
Belarusian one; and the adding and changing of a plain named list (categories, reasons)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from sqlmodel import Session, func, select

from fairs.errors import Conflict, Invalid
from fairs.i18n import _

Named = TypeVar("Named")  # a table with code, name_ru, name_en, name_be, sort_order and is_active

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


def _names(name_ru: str, name_en: str) -> tuple[str, str]:
    name_ru, name_en = required_names(name_ru, name_en)
    return name_ru[:200], name_en[:200]  # a listed item's names are kept to 200 characters


def add_named(
    session: Session,
    model: type[Named],
    *,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str,
    sort_order: int | None,
    exists: Callable[[], Conflict],
) -> Named:
    """A new item of the list `model` (flushed: it has its id), its code checked and fixed from now on, at
    the end of the list unless `sort_order` says where; `exists()` is raised when the code is taken."""
    table: Any = model
    code = checked_code(code.strip())
    name_ru, name_en = _names(name_ru, name_en)
    if session.exec(select(table.id).where(table.code == code)).first() is not None:
        raise exists()
    if sort_order is None:
        sort_order = (session.exec(select(func.max(table.sort_order))).one() or 0) + 1
    item = model(code=code, name_ru=name_ru, name_en=name_en, name_be=be_name(name_be), sort_order=sort_order)
    session.add(item)
    session.flush()
    return item


def change_named(
    session: Session,
    item: Named,
    *,
    new_code: str | None,
    name_ru: str,
    name_en: str,
    name_be: str | None,
    sort_order: int | None,
    is_active: bool | None,
) -> None:
    """Rename `item`, reorder it, or retire or reactivate it (None: unchanged); its code never changes."""
    row: Any = item
    keep_code(row.code, new_code)
    row.name_ru, row.name_en = _names(name_ru, name_en)
    if name_be is not None:
        row.name_be = be_name(name_be)
    if sort_order is not None:
        row.sort_order = sort_order
    if is_active is not None:
        row.is_active = is_active
    session.add(row)
