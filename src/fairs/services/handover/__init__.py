"""Handovers: with consent, a client handed over to the district of their place of registration, their
open coupons re-issued there, each side reading the other's history for the handover's period."""

from __future__ import annotations

from fairs.services.handover.history import HISTORY_ROWS, HistoryLine, other_history
from fairs.services.handover.lists import (
    SHOWS,
    HandoverLine,
    accept_handover,
    handovers_of_client,
    line_of,
    list_handovers,
)
from fairs.services.handover.making import hand_over
from fairs.services.handover.rules import (
    HANDOVER_REASON,
    READABLE_DAYS,
    ensure_organiser,
    get_handover,
    reads_across,
    target_districts,
)

__all__ = [
    "HANDOVER_REASON",
    "HISTORY_ROWS",
    "HandoverLine",
    "HistoryLine",
    "READABLE_DAYS",
    "SHOWS",
    "accept_handover",
    "ensure_organiser",
    "get_handover",
    "hand_over",
    "handovers_of_client",
    "line_of",
    "list_handovers",
    "other_history",
    "reads_across",
    "target_districts",
]
