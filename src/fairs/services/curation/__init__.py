"""Curation: the curator who accompanies a client after release (assigned by the district's organisers),
the client's journey on one timeline, the plan of needs with a status each, journey notes (with consent
only), and the curator's people with what is overdue."""

from __future__ import annotations

from fairs.services.curation.access import JOURNEY_ROLES, curator_id_of, curator_of, journey_client
from fairs.services.curation.assignment import assign_curator, district_curators
from fairs.services.curation.notes import add_note
from fairs.services.curation.people import OVERDUE_DAYS, Person, my_people
from fairs.services.curation.plan import STATUSES, Need, add_need, change_need, list_needs, remove_need
from fairs.services.curation.timeline import Event, journey

__all__ = [
    "Event",
    "JOURNEY_ROLES",
    "Need",
    "OVERDUE_DAYS",
    "Person",
    "STATUSES",
    "add_need",
    "add_note",
    "assign_curator",
    "change_need",
    "curator_id_of",
    "curator_of",
    "district_curators",
    "journey",
    "journey_client",
    "list_needs",
    "my_people",
    "remove_need",
]
