"""The report page's figures as the reader's locale writes them."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent

from fairs import i18n


def percent(value: float | None) -> str:
    """A rate as a percentage in the current locale; a dash when there is none."""
    return "—" if value is None else format_percent(value, locale=i18n.current_locale.get())


def days(value: float | None) -> str:
    """A number of days with at most one decimal in the current locale; a dash when there is none."""
    return "—" if value is None else format_decimal(value, "#,##0.#", locale=i18n.current_locale.get())
