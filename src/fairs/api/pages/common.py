"""Shared by the page routers: rendering (whole page or HTMX fragment), flash messages, redirects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import Response
from markupsafe import Markup

from fairs.api.deps import csrf_token, is_htmx
from fairs.api.redirects import see_other
from fairs.config import get_settings
from fairs.errors import DomainError
from fairs.i18n import N_, in_locale
from fairs.labels import (
    audit_action_label,
    audit_entity_label,
    coupon_state_label,
    direction_visit_note,
    fair_status_label,
    need_status_label,
    organisation_kind_label,
    role_label,
    what_to_bring,
)
from fairs.models import OrganisationKind, Role, User
from fairs.services import checks, coupons
from fairs.templating import templates

FLASH_KEY = "flash"
MAX_FLASHES = 8


@dataclass
class NavItem:
    """One link of the main navigation."""

    href: str
    label: str


def nav_for(user: User | None) -> list[NavItem]:
    """The main navigation for the user's role (labels are msgids, translated in the layout)."""
    if user is None:
        return []
    fairs = NavItem("/fairs", N_("Fairs"))
    orgs = NavItem("/organisations", N_("Organisations"))
    redeem = NavItem("/scan", N_("Scan a coupon"))
    return {
        Role.organiser: [
            fairs,
            redeem,
            NavItem("/clients", N_("Clients")),
            NavItem("/followup", N_("Follow-up")),
            NavItem("/expected", N_("Expected")),
            NavItem("/checks", N_("Checks")),
            NavItem("/handovers", N_("Handovers")),
            orgs,
            NavItem("/reports", N_("Report")),
            NavItem("/audit", N_("Audit log")),
            NavItem("/users", N_("Users")),
        ],
        Role.partner: [
            NavItem("/inbox", N_("Inbox")),
            NavItem("/referrals", N_("Issued by us")),
            redeem,
            fairs,
            orgs,
        ],
        Role.committee: [NavItem("/reports", N_("Report")), fairs, orgs],
        Role.prison_worker: [NavItem("/release", N_("Before release"))],
        Role.curator: [NavItem("/curator", N_("My people")), NavItem("/checks", N_("Checks"))],
        Role.admin: [
            NavItem("/admin/districts", N_("Districts")),
            NavItem("/admin/directions", N_("Directions")),
            NavItem("/admin/categories", N_("Categories")),
            NavItem("/admin/nonhire-reasons", N_("Reasons")),
            NavItem("/users", N_("Users")),
            NavItem("/reports", N_("Report")),
        ],
    }.get(user.role, [])


# The layout needs these on every page, including error.html rendered by api/problems.py.
templates.env.globals.update(
    nav_for=nav_for,
    fair_status_label=fair_status_label,
    coupon_state_label=coupon_state_label,
    organisation_kind_label=organisation_kind_label,
    role_label=role_label,
    need_status_label=need_status_label,
    audit_action_label=audit_action_label,
    audit_entity_label=audit_entity_label,
    direction_visit_note=direction_visit_note,
    what_to_bring=what_to_bring,
    finding_names=checks.finding_names,
    ORGANISATION_KINDS=[kind.value for kind in OrganisationKind],
)


def wants_fragment(request: Request) -> bool:
    """An htmx request that swaps part of the page (a history restore needs the whole page)."""
    return is_htmx(request) and request.headers.get("hx-history-restore-request") != "true"


def flash(request: Request, message: str, kind: str = "ok", *, where: str = "", code: str = "") -> None:
    """Keep a message for the next page the user sees (kind: ok, warn, error, code).

    `where` names the section of the page that shows it (e.g. `booth-3`); empty means the top; `code`,
    a refusal's code (`refusal_note`)."""
    messages = list(request.session.get(FLASH_KEY, []))[-(MAX_FLASHES - 1) :]
    messages.append({"kind": kind, "text": message, "where": where} | ({"code": code} if code else {}))
    request.session[FLASH_KEY] = messages


def refusal_note(error: DomainError, where: str = "") -> dict[str, str]:
    """A refusal shown in the section `where` of the page: its words, and its code for scripts and tests
    (the note's `data-error`, the same code as the JSON problem's)."""
    return {"kind": "error", "text": error.message, "where": where, "code": error.code}


def pop_flashes(request: Request) -> list[dict[str, str]]:
    """The kept messages, removed from the session."""
    return request.session.pop(FLASH_KEY, None) or []


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    user: User | None,
    block: str | None = None,
    status: int = 200,
) -> Response:
    """The page, or only `block` of it for htmx callers; flash messages are shown once."""
    ctx: dict[str, Any] = {
        "request": request,
        "user": user,
        "csrf": csrf_token(request),
    }
    ctx.update(context or {})
    fragment = bool(block) and wants_fragment(request)
    # A fragment shows only its own notes; kept messages wait for the next whole page.
    ctx["messages"] = list(ctx.get("messages") or []) + ([] if fragment else pop_flashes(request))
    if fragment:  # (LocaleAndHeaders adds `Vary: HX-Request` to every response)
        return templates.TemplateResponse(request, template, ctx, status_code=status, block_name=block)
    return templates.TemplateResponse(request, template, ctx, status_code=status)


def in_district_language(template: str, context: dict[str, Any], locale: str | None = None) -> Markup:
    """A piece of a page rendered in the district's language of printed matter (`locale`; None: the
    deployment's, FAIRS_DEFAULT_LOCALE), whatever the reader's: a printed coupon goes to a client of the
    district, not to the organiser who prints it."""
    with in_locale(locale or get_settings().default_locale):
        return Markup(templates.env.get_template(template).render(context))  # noqa: S704 (autoescaped)


def redirect(request: Request, url: str) -> Response:
    """POST → redirect → GET; htmx callers get 204 with HX-Redirect (a full navigation)."""
    return see_other(request, url)


def refuse(request: Request, error: DomainError, *, where: str = "") -> None:
    """Keep the refusal (its words and code) as a message for the page shown next, in the section `where`
    (the request's writes are rolled back)."""
    flash(request, error.message, "error", where=where, code=error.code)


def is_local_path(target: str | None) -> bool:
    """True for a path on this site ("/…", not "//…" nor with a backslash or control characters)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    return not any(ch == "\\" or ord(ch) < 32 for ch in target)


def local_or(target: str | None, default: str) -> str:
    """`target` when it is a local path, else `default`."""
    return target if target and is_local_path(target) else default


@dataclass
class Pager:
    """Which page of a list is shown, and the links to its neighbours."""

    page: int
    per_page: int
    total: int
    base: str
    params: dict[str, str]

    @property
    def pages(self) -> int:
        """How many pages there are (at least one)."""
        return max(1, math.ceil(self.total / self.per_page))

    def url(self, page: int) -> str:
        """The address of `page` with the same filters."""
        query = {k: v for k, v in self.params.items() if v}
        if page > 1:
            query["page"] = str(page)
        return self.base + ("?" + urlencode(query) if query else "")

    @property
    def prev_url(self) -> str | None:
        """The previous page, if any."""
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        """The next page, if any."""
        return self.url(self.page + 1) if self.page < self.pages else None


def page_number(page: int | None) -> int:
    """A page number of at least 1 (bounded, so offsets stay sane)."""
    return min(max(page or 1, 1), 100_000)


def screen_url(ref: str) -> str:
    """Where the coupon screen for `ref` lives: `/c/{token}` for a QR token, `/coupons/{code}` for a code."""
    return f"/c/{quote(ref, safe='')}" if coupons.looks_like_token(ref) else f"/coupons/{quote(ref, safe='')}"


def home_for(user: User) -> str:
    """Where a role starts."""
    return {
        Role.organiser: "/fairs",
        Role.partner: "/scan",
        Role.committee: "/fairs",
        Role.admin: "/admin/directions",
        Role.prison_worker: "/release",
        Role.curator: "/curator",
    }.get(user.role, "/fairs")
