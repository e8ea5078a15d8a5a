"""Jinja2 environment: gettext from the request's locale, fragments for HTMX, shared filters."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import jinja2
from jinja2_fragments.fastapi import Jinja2Blocks

from fairs import i18n
from fairs.clock import to_local
from fairs.models import NONHIRE_OUTCOMES
from fairs.services.coupons import format_short_code

TEMPLATE_DIR = Path(__file__).parent / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    extensions=["jinja2.ext.i18n"],
)
_env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
templates = Jinja2Blocks(env=_env)


def _fmt_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _fmt_datetime(value: datetime | None) -> str:
    local = to_local(value)
    return local.strftime("%d.%m.%Y %H:%M") if local else ""


templates.env.filters["d"] = _fmt_date
templates.env.filters["dt"] = _fmt_datetime
templates.env.filters["shortcode"] = format_short_code
templates.env.globals["locale"] = i18n.current_locale.get
templates.env.globals["LOCALES"] = i18n.LOCALES
# Outcomes that take a reason, an employer and a profession: recorded on the coupon's page, not in one click.
templates.env.globals["REASON_OUTCOMES"] = NONHIRE_OUTCOMES
templates.env.globals["LANGUAGE_NAMES"] = i18n.LANGUAGE_NAMES
