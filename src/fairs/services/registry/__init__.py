"""The partner register: organisations, the directions they receive and their outcomes, booths at fairs."""

from __future__ import annotations

from fairs.services.registry.directions import (
    get_direction,
    get_outcome,
    list_directions,
    outcomes_by_direction,
    rename_direction,
)
from fairs.services.registry.organisations import (
    add_booth,
    booths_of_fair,
    create_organisation,
    directions_of,
    get_organisation,
    list_organisations,
    receives,
    update_organisation,
)

__all__ = [
    "add_booth",
    "booths_of_fair",
    "create_organisation",
    "directions_of",
    "get_direction",
    "get_organisation",
    "get_outcome",
    "list_directions",
    "list_organisations",
    "outcomes_by_direction",
    "receives",
    "rename_direction",
    "update_organisation",
]
