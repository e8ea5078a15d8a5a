"""The HTML pages (Jinja2 + htmx): one router per area; app.py includes every router of ROUTERS."""

from __future__ import annotations

from fastapi import APIRouter

from fairs.api.pages import (
    account,
    admin,
    auth,
    between,
    booth,
    categories,
    checks,
    closed_days,
    coupons,
    curation,
    expected,
    fair_day,
    fair_lifecycle,
    fairs,
    followup,
    geo,
    inbox,
    nonhire_reasons,
    pads,
    partner_import,
    peers,
    printing,
    referrals,
    registry,
    release,
    reports,
    scan,
    scans,
    users,
    visitors,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    account.router,
    fairs.router,
    fair_lifecycle.router,
    closed_days.router,
    fair_day.router,
    visitors.router,
    booth.router,
    coupons.router,
    scan.router,
    inbox.router,
    referrals.router,
    printing.router,
    pads.router,
    partner_import.router,  # before registry's: /organisations/import is not /organisations/{id}
    registry.router,
    between.router,
    followup.router,
    admin.router,
    categories.router,
    nonhire_reasons.router,
    geo.router,
    users.router,
    reports.router,
    scans.router,
    release.router,
    expected.router,
    curation.router,
    peers.router,
    checks.router,
]

__all__ = ["ROUTERS"]
