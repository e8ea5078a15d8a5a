"""Where the report page reads: the regions and districts a reader above one district may narrow the
report to, and the picker's choice among them (refused in words, as a field of the picker)."""

from __future__ import annotations

from sqlmodel import Session

from fairs.i18n import _
from fairs.models import Region, User
from fairs.numbers import whole_number
from fairs.services.report import PeriodError
from fairs.services.scope import list_districts, visible_district_ids


def district_options(session: Session, user: User) -> list:
    """The districts a region-level reader may narrow the report to (none for a district's users)."""
    if user.district_id is not None:
        return []
    visible = set(visible_district_ids(session, user))
    return [district for district in list_districts(session) if district.id in visible]


def region_options(session: Session, districts: list) -> list[Region]:
    """The regions of those districts, by name, when there are several (an admin of several regions)."""
    ids = {district.region_id for district in districts if district.region_id is not None}
    if len(ids) < 2:
        return []
    return sorted((session.get(Region, one) for one in ids), key=lambda region: (region.name, region.id))


def _chosen(text: str, options: list, message: str, field: str) -> int | None:
    if not text:
        return None
    chosen = whole_number(text)
    if chosen is None or chosen not in {option.id for option in options}:
        raise PeriodError(message, field)
    return chosen


def chosen_place(raw: dict[str, str], regions: list, districts: list) -> tuple[int | None, int | None]:
    """(region id, district id) picked, each None for «all» (PeriodError naming the field otherwise)."""
    region_id = _chosen(raw["region"], regions, _("There is no such region among yours."), "region")
    district_id = _chosen(
        raw["district"], districts, _("There is no such district in your region."), "district"
    )
    region_of = {district.id: district.region_id for district in districts}
    if region_id is not None and district_id is not None and region_of[district_id] != region_id:
        raise PeriodError(_("This district is not in the chosen region."), "district")
    return region_id, district_id
