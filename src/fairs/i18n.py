"""gettext via Babel: Russian by default, English and Belarusian complete; the locale of a request lives in a
contextvar."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.support import NullTranslations, Translations

from fairs.errors import Invalid

LOCALES = ("ru", "en", "be")
# Each language named in itself, for the switcher and the forms that offer a choice.
LANGUAGE_NAMES = {"ru": "Русский", "en": "English", "be": "Беларуская"}
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"

current_locale: ContextVar[str] = ContextVar("current_locale", default="ru")
# Whether the request named its language (`lang` in the query or the cookie): a user's stored preference
# applies only when it did not.
locale_chosen: ContextVar[bool] = ContextVar("locale_chosen", default=False)


@lru_cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue for `locale` (source strings are English, so `en` may be empty)."""
    return Translations.load(str(LOCALE_DIR), [locale], domain=DOMAIN)


def gettext(message: str) -> str:
    """Translate `message` into the current locale."""
    return translations(current_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Plural-aware translation into the current locale."""
    return translations(current_locale.get()).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark `message` for extraction without translating it now."""
    return message


@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    """Translate into `locale` inside the block (Russian if it is not supported); the caller's is restored."""
    token = current_locale.set(locale if locale in LOCALES else "ru")
    try:
        yield
    finally:
        current_locale.reset(token)


def preferred_locale(stored: str | None) -> str | None:
    """A user's stored language if it applies: set, supported, and the request named none itself."""
    return stored if stored in LOCALES and not locale_chosen.get() else None


def checked_locale(value: str, *, blank_allowed: bool = False) -> str:
    """`value` if it is a supported language (or blank, where blank means the default); else 400
    `unknown_locale` naming the languages there are."""
    value = (value or "").strip().lower()
    if value in LOCALES or (blank_allowed and not value):
        return value
    raise Invalid(
        gettext("Unknown language: choose one of %(languages)s.") % {"languages": ", ".join(LOCALES)},
        code="unknown_locale",
        field="locale",
    )


def pick_locale(requested: str | None, accept_language: str | None, default: str) -> str:
    """The first supported locale among an explicit choice, the Accept-Language header, the default."""
    if requested in LOCALES:
        return requested
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in LOCALES:
            return tag
    return default if default in LOCALES else "ru"
