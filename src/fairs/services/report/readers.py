"""Who reads the committee's report, and what of it: the one place each of these rules lives (the report
page, the JSON report, the workbooks and their background jobs ask here), and the scope a reader reads."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import District, Region, Role, User
from fairs.services.report.nonhire_view import NonhireTable, nonhire_view
from fairs.services.report.results import Tally, TallyScope
from fairs.services.report.suppression import CategoryTable, category_view
from fairs.services.scope import visible_district_ids

# Who reads the committee's report (the page, the JSON report, the workbook): partners do not. Admins read
# the counts of every district (a region's report when the deployment is one region), never the rows.
REPORT_READERS = (Role.organiser, Role.committee, Role.admin)


def ensure_report_reader(actor: User) -> None:
    """Refuse (403 `forbidden`) anyone but organisers, committee users and admins."""
    if actor.role not in REPORT_READERS:
        raise Forbidden(_("Only organisers, the committee and administrators read the report."))


# Who sees the report's row-level data (coupon codes, client codes, the coupon register): organisers only.
# The committee reads counts: the page, the JSON report and the committee's workbook carry no rows.
ROW_READERS = (Role.organiser,)


def sees_rows(actor: User) -> bool:
    """Whether `actor` may see row-level data of the report (codes, the register): the one rule that the
    report page, its overdue list, the exports and their background jobs ask."""
    return actor.role in ROW_READERS


def categories_for(tally: Tally, actor: User) -> CategoryTable:
    """The category table as `actor` reads it: every count for organisers (their own copy), small counts
    suppressed for the committee (the one rule the page and the JSON report ask)."""
    return category_view(tally.categories, suppress=not sees_rows(actor))


def nonhire_for(tally: Tally, actor: User) -> NonhireTable:
    """Why a job fell through as `actor` reads it (suppressed for the committee, as `categories_for`)."""
    return nonhire_view(tally.nonhire_reasons, tally.nonhire, suppress=not sees_rows(actor))


def ensure_row_reader(actor: User) -> None:
    """Refuse (403 `forbidden`) anyone who may not see row-level data (see `sees_rows`)."""
    if not sees_rows(actor):
        raise Forbidden(_("Only organisers see the coupon register."))


def report_scope(
    session: Session, *, actor: User, district_id: int | None = None, region_id: int | None = None
) -> TallyScope:
    """The scope `actor` reads: their district, their region's districts, or, if asked, one region of
    theirs (an admin's choice among several) or one district."""
    ensure_report_reader(actor)
    visible = visible_district_ids(session, actor)
    if region_id is not None:
        visible = _region_districts(session, region_id, visible)
    if district_id is not None:
        if district_id not in visible:
            raise Forbidden(_("This belongs to another district."), code="other_district")
        visible = [district_id]
    if not visible:
        raise Forbidden(_("Your account is not attached to a district."), code="no_district")
    if len(visible) == 1:
        district = session.get(District, visible[0])
        return TallyScope((visible[0],), district.name if district else "")
    return TallyScope(tuple(sorted(visible)), _region_title(session, actor, visible))


def _region_districts(session: Session, region_id: int, visible: list[int]) -> list[int]:
    """The districts of region `region_id` among `visible` (404 `region_not_found`; 400 `empty_region`
    for a region without districts; 403 `other_region` for one whose districts the reader does not read)."""
    region = session.get(Region, region_id)
    if region is None:
        raise NotFound(_("No such region."), code="region_not_found")
    inside = set(session.exec(select(District.id).where(District.region_id == region_id)).all())
    if not inside:
        raise Invalid(_("%(region)s has no districts.") % {"region": region.name}, code="empty_region")
    chosen = [one for one in visible if one in inside]
    if not chosen:
        raise Forbidden(_("This belongs to another region."), code="other_region")
    return chosen


def _region_title(session: Session, actor: User, district_ids: list[int]) -> str:
    """The name of the region the districts make: the reader's, or (an admin's) the one they all lie in."""
    region_id = actor.region_id
    if region_id is None:
        regions = set(session.exec(select(District.region_id).where(District.id.in_(district_ids))).all())
        region_id = regions.pop() if len(regions) == 1 else None
    region = session.get(Region, region_id) if region_id is not None else None
    return region.name if region else _("All regions")
