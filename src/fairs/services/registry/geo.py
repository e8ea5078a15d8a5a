"""Regions and districts: admins create, rename and retire them.

A retired region or district keeps its records and old tallies (nothing is deleted or moved), but it is
offered for nothing new: no new district in a retired region, no new account in a retired district or
region (`ensure_open_district`, `ensure_open_region`), no new fair in a retired district.
"""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, checked_locale, current_locale
from fairs.models import District, Region, User
from fairs.services import audit
from fairs.services.scope import ensure_organiser_of, home_district

NAME_LENGTH = 200


def _clean_name(name: str, *, missing: str) -> str:
    """Trimmed, not empty, at most 200 characters: as every other name in the app."""
    name = name.strip()
    if not name:
        raise Invalid(missing, code="name_required")
    if len(name) > NAME_LENGTH:
        raise Invalid(_("The name is too long."), code="name_too_long")
    return name


def list_regions(session: Session, *, include_retired: bool = True) -> list[Region]:
    """Every region by name (without the retired ones when asked)."""
    query = select(Region).order_by(Region.name, Region.id)
    if not include_retired:
        query = query.where(Region.retired == False)  # noqa: E712
    return list(session.exec(query).all())


def list_all_districts(session: Session, *, include_retired: bool = True) -> list[District]:
    """Every district by name (without the retired ones when asked)."""
    query = select(District).order_by(District.name, District.id)
    if not include_retired:
        query = query.where(District.retired == False)  # noqa: E712
    return list(session.exec(query).all())


def get_region(session: Session, region_id: int) -> Region:
    """The region with this id, else 404."""
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(_("No such region."), code="region_not_found")
    return region


def get_district(session: Session, district_id: int) -> District:
    """The district with this id, else 404."""
    district = session.get(District, district_id)
    if district is None:
        raise NotFound(_("No such district."), code="district_not_found")
    return district


def find_region(session: Session, name: str) -> Region:
    """The region with this name (the CLI's way of naming one)."""
    region = session.exec(select(Region).where(Region.name == name.strip())).first()
    if region is None:
        raise NotFound(_("No region named %(name)s.") % {"name": repr(name)}, code="region_not_found")
    return region


def find_district(session: Session, name: str, *, region: str | None = None) -> District:
    """The district with this name, in the named region when given (names repeat across regions)."""
    query = select(District).where(District.name == name.strip())
    if region:
        query = query.where(District.region_id == find_region(session, region).id)
    found = list(session.exec(query).all())
    if not found:
        raise NotFound(_("No district named %(name)s.") % {"name": repr(name)}, code="district_not_found")
    if len(found) > 1:
        raise Invalid(
            _("Several districts are named %(name)s: add --region.") % {"name": repr(name)},
            code="ambiguous_district",
        )
    return found[0]


def ensure_open_region(session: Session, region_id: int) -> Region:
    """A region new districts and accounts may join: it exists and is not retired."""
    region = get_region(session, region_id)
    if region.retired:
        raise Conflict(_("This region is retired."), code="region_retired")
    return region


def ensure_open_district(session: Session, district_id: int) -> District:
    """A district new accounts and fairs may join: it exists and is not retired."""
    district = get_district(session, district_id)
    if district.retired:
        raise Conflict(_("This district is retired."), code="district_retired")
    return district


def create_region(session: Session, *, actor: User | None, name: str) -> Region:
    """A new region with a unique name."""
    region = Region(name=_unique_region_name(session, name, region_id=None))
    session.add(region)
    session.flush()
    _audit(session, actor, "create", "region", region.id, {"name": region.name})
    return region


def update_region(
    session: Session, *, actor: User | None, region_id: int, name: str, retired: bool
) -> Region:
    """Rename a region, or retire it (and bring it back)."""
    region = get_region(session, region_id)
    region.name = _unique_region_name(session, name, region_id=region.id)
    region.retired = retired
    session.add(region)
    session.flush()
    _audit(session, actor, "update", "region", region.id, {"name": region.name, "retired": retired})
    return region


def create_district(session: Session, *, actor: User | None, name: str, region_id: int) -> District:
    """A new district of an open region, its name unique in the region."""
    region = ensure_open_region(session, region_id)
    name = _unique_district_name(session, name, region_id=region.id, district_id=None)
    district = District(name=name, region_id=region.id)
    session.add(district)
    session.flush()
    _audit(session, actor, "create", "district", district.id, {"name": name, "region_id": region.id})
    return district


def update_district(
    session: Session,
    *,
    actor: User | None,
    district_id: int,
    name: str,
    retired: bool,
    print_locale: str | None = None,
) -> District:
    """Rename a district, or retire it (and bring it back), or change the language of its printed matter
    (None: as it is); its records stay where they are."""
    district = get_district(session, district_id)
    name = _unique_district_name(session, name, region_id=district.region_id, district_id=district.id)
    if print_locale is not None:
        district.print_locale = checked_locale(print_locale)
    district.name = name
    district.retired = retired
    session.add(district)
    session.flush()
    details = {"name": district.name, "retired": retired, "print_locale": district.print_locale}
    _audit(session, actor, "update", "district", district.id, details)
    return district


def set_print_locale(session: Session, *, actor: User, locale: str) -> District:
    """An organiser sets the language of their own district's coupons and workbook (ru, en, be)."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    district = get_district(session, district_id)
    before, district.print_locale = district.print_locale, checked_locale(locale)
    session.add(district)
    session.flush()
    if before != district.print_locale:
        _audit(session, actor, "update", "district", district.id, {"print_locale": district.print_locale})
    return district


def print_locale_of(session: Session, district_ids: tuple[int, ...] | list[int]) -> str | None:
    """The language of one district's printed matter (coupons, workbook); None for several districts."""
    if len(district_ids) != 1:
        return None
    district = session.get(District, district_ids[0])
    return district.print_locale if district is not None else None


def workbook_locale(session: Session, district_ids: tuple[int, ...] | list[int], lang: str = "") -> str:
    """A workbook's language: `lang` when one is asked for, else the district's language of printed matter
    (one district), else the reader's."""
    return lang or print_locale_of(session, district_ids) or current_locale.get()


def _unique_region_name(session: Session, name: str, *, region_id: int | None) -> str:
    name = _clean_name(name, missing=_("The region needs a name."))
    same = select(Region.id).where(Region.name == name)
    if region_id is not None:
        same = same.where(Region.id != region_id)
    if session.exec(same).first() is not None:
        raise Conflict(_("A region with this name exists already."), code="region_exists")
    return name


def _unique_district_name(session: Session, name: str, *, region_id: int, district_id: int | None) -> str:
    name = _clean_name(name, missing=_("The district needs a name."))
    same = select(District.id).where(District.region_id == region_id, District.name == name)
    if district_id is not None:
        same = same.where(District.id != district_id)
    if session.exec(same).first() is not None:
        raise Conflict(_("A district with this name exists in the region already."), code="district_exists")
    return name


def _audit(
    session: Session, actor: User | None, action: str, entity: str, entity_id: int, details: dict
) -> None:
    district_id = entity_id if entity == "district" else None  # a district's own log shows its renames
    audit.record(
        session,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        district_id=district_id,
        details=details,
    )
