"""The register: regions and districts, organisations, the directions they receive, booths at fairs."""

from __future__ import annotations

from fairs.services.registry.directions import (
    get_direction,
    get_outcome,
    list_directions,
    outcomes_by_direction,
    rename_direction,
)
from fairs.services.registry.geo import (
    create_district,
    create_region,
    ensure_open_district,
    ensure_open_region,
    find_district,
    find_region,
    get_district,
    get_region,
    list_all_districts,
    list_regions,
    update_district,
    update_region,
)
from fairs.services.registry.organisations import (
    add_booth,
    booths_of_fair,
    create_organisation,
    directions_of,
    get_organisation,
    list_organisations,
    organisation_to_edit,
    receives,
    served_district_ids,
    serves_district,
    update_organisation,
)

__all__ = [
    "add_booth",
    "booths_of_fair",
    "create_district",
    "create_organisation",
    "create_region",
    "directions_of",
    "ensure_open_district",
    "ensure_open_region",
    "find_district",
    "find_region",
    "get_direction",
    "get_district",
    "get_organisation",
    "get_outcome",
    "get_region",
    "list_all_districts",
    "list_directions",
    "list_organisations",
    "list_regions",
    "organisation_to_edit",
    "outcomes_by_direction",
    "receives",
    "rename_direction",
    "served_district_ids",
    "serves_district",
    "update_district",
    "update_organisation",
    "update_region",
]
