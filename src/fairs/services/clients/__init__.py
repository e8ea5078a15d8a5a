"""Clients: registration under a pseudonymous code, consent, visits, consultations and retention."""

from __future__ import annotations

from fairs.services.clients.categories import (
    CategoryChange,
    categories_on,
    category_history,
    record_categories,
)
from fairs.services.clients.code import client_code, normalise_code
from fairs.services.clients.consent import withdraw_consent
from fairs.services.clients.finding import Match, code_prefix, find_visitors
from fairs.services.clients.notes import check_note_allowed, log_notes_view
from fairs.services.clients.persons import refresh_first_fairs
from fairs.services.clients.reach import look_up_by_code, partner_reaches, read_client
from fairs.services.clients.registration import (
    find_client_by_code,
    get_client,
    list_clients,
    log_personal_view,
    register_client,
    update_personal,
)
from fairs.services.clients.retention import (
    cutoff_for,
    erase_stale,
    expired_sessions,
    stale_clients,
)
from fairs.services.clients.visits import (
    add_visit,
    check_fair_accepts_records,
    ensure_booth_actor,
    list_visits,
    record_consultation,
    record_visit,
)

__all__ = [
    "refresh_first_fairs",
    "Match",
    "code_prefix",
    "find_visitors",
    "CategoryChange",
    "categories_on",
    "category_history",
    "record_categories",
    "add_visit",
    "check_note_allowed",
    "check_fair_accepts_records",
    "client_code",
    "cutoff_for",
    "ensure_booth_actor",
    "erase_stale",
    "expired_sessions",
    "find_client_by_code",
    "get_client",
    "list_clients",
    "list_visits",
    "log_notes_view",
    "look_up_by_code",
    "log_personal_view",
    "normalise_code",
    "partner_reaches",
    "read_client",
    "record_consultation",
    "record_visit",
    "register_client",
    "stale_clients",
    "update_personal",
    "withdraw_consent",
]
