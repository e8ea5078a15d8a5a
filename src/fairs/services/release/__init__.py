"""Before release: a prison's social worker registers people about to be released; the district they are
released to sees them expected before its next fair, prints their invitation, and sees them arrive."""

from __future__ import annotations

from fairs.services.release.arrival import arrived_on, due_at_fair, expected_and_arrived
from fairs.services.release.invitation import Invitation, invitation, next_fair
from fairs.services.release.persons import (
    Expected,
    code_from,
    delete_expected,
    get_expected,
    list_for_district,
    list_own,
    log_personal_view,
    register_expected,
    release_districts,
    update_expected,
)
from fairs.services.release.retention import erase_stale_expected, stale_expected

__all__ = [
    "Expected",
    "Invitation",
    "arrived_on",
    "code_from",
    "delete_expected",
    "due_at_fair",
    "erase_stale_expected",
    "expected_and_arrived",
    "get_expected",
    "invitation",
    "list_for_district",
    "list_own",
    "log_personal_view",
    "next_fair",
    "register_expected",
    "release_districts",
    "stale_expected",
    "update_expected",
]
