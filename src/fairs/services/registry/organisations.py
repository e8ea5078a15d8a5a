"""Partner organisations, the directions they receive, and their booths at fairs."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, func, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.labels import organisation_kind_label
from fairs.models import (
    Booth,
    Direction,
    District,
    Fair,
    FairStatus,
    Organisation,
    OrganisationDirection,
    Role,
    User,
)
from fairs.models.organisations import OrganisationKind
from fairs.services import audit
from fairs.services.registry.directions import ensure_direction_open, fits_kind, get_direction
from fairs.services.scope import ensure_organiser_of, home_district, visible_district_ids


def create_organisation(
    session: Session,
    *,
    actor: User,
    name: str,
    kind: str,
    address: str = "",
    phone: str = "",
    hours: str = "",
    directions: list[str] | None = None,
    serves_region: bool = False,
) -> Organisation:
    """Register an organisation in the actor's district (with `serves_region`, for the whole region) with
    the directions it receives."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    org = Organisation(district_id=district_id, name="", kind="")
    details = {"address": address, "phone": phone, "hours": hours, "serves_region": serves_region}
    return _save(session, actor=actor, org=org, name=name, kind=kind, directions=directions, **details)


def update_organisation(
    session: Session,
    *,
    actor: User,
    organisation_id: int,
    name: str,
    kind: str,
    address: str = "",
    phone: str = "",
    hours: str = "",
    directions: list[str] | None = None,
    serves_region: bool = False,
) -> Organisation:
    """Change an organisation's details and directions (organisers of its home district only: the other
    districts of the region read a regional organisation, they do not edit it)."""
    org = organisation_to_edit(session, actor=actor, organisation_id=organisation_id)
    details = {"address": address, "phone": phone, "hours": hours, "serves_region": serves_region}
    return _save(session, actor=actor, org=org, name=name, kind=kind, directions=directions, **details)


def _save(
    session: Session,
    *,
    actor: User,
    org: Organisation,
    name: str,
    kind: str,
    address: str,
    phone: str,
    hours: str,
    directions: list[str] | None,
    serves_region: bool,
) -> Organisation:
    name = name.strip()
    if not name:
        raise Invalid(_("The organisation needs a name."), code="name_required")
    if kind not in OrganisationKind.__members__:
        raise Invalid(_("Unknown kind of organisation."), code="unknown_kind")
    same_name = select(Organisation.id).where(
        Organisation.district_id == org.district_id, Organisation.name == name
    )
    if org.id is not None:
        same_name = same_name.where(Organisation.id != org.id)
    if session.exec(same_name).first():
        raise Conflict(_("An organisation with this name exists already."), code="organisation_exists")
    action = "create" if org.id is None else "update"
    org.name, org.kind = name, kind
    org.address, org.phone, org.hours = address.strip(), phone.strip(), hours.strip()
    org.serves_region = bool(serves_region)
    session.add(org)
    session.flush()
    codes = _set_directions(session, org, directions or [])
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="organisation",
        entity_id=org.id,
        district_id=org.district_id,
        details={"name": name, "kind": kind, "directions": codes, "serves_region": org.serves_region},
    )
    return org


def ensure_direction_fits(direction: Direction, *, kind: str) -> Direction:
    """A direction an organisation of `kind` may be given now: not retired (409 `direction_retired`) and
    meant for its kind (400 `direction_not_for_kind`)."""
    ensure_direction_open(direction, purpose="organisation")
    if not fits_kind(direction, kind):
        meant = ", ".join(f"«{organisation_kind_label(k)}»" for k in direction.kind_list)
        message = _(
            "The direction «%(name)s» is not for organisations of the kind «%(kind)s»: "
            "it is meant for %(kinds)s."
        )
        details = {"name": direction.name(current_locale.get()), "kind": organisation_kind_label(kind)}
        raise Invalid(message % {**details, "kinds": meant}, code="direction_not_for_kind")
    return direction


def _set_directions(session: Session, org: Organisation, codes: list[str]) -> list[str]:
    current = session.exec(
        select(OrganisationDirection).where(OrganisationDirection.organisation_id == org.id)
    ).all()
    have = {link.direction_id for link in current}
    wanted: dict[int, str] = {}
    for code in dict.fromkeys(codes):
        direction = get_direction(session, code)
        # A link it has already stays, even if the direction was retired or its kinds changed since.
        if direction.id not in have:
            ensure_direction_fits(direction, kind=org.kind)
        wanted[direction.id] = code
    for link in current:
        if link.direction_id not in wanted:
            session.delete(link)
    for direction_id in wanted:
        if direction_id not in have:
            session.add(OrganisationDirection(organisation_id=org.id, direction_id=direction_id))
    session.flush()
    return sorted(wanted.values())


def serving(district_ids: list[int]) -> ColumnElement[bool]:
    """The condition on `Organisation` of those that serve any of these districts: their own
    organisations, and the regional ones of another district of the same region."""
    regions = select(District.region_id).where(District.id.in_(district_ids))
    same_region = select(District.id).where(District.region_id.in_(regions))
    return or_(
        Organisation.district_id.in_(district_ids),
        and_(Organisation.serves_region.is_(True), Organisation.district_id.in_(same_region)),
    )


def served_district_ids(session: Session, org: Organisation) -> list[int]:
    """The districts an organisation serves: its home district, or every district of its region."""
    if not org.serves_region:
        return [org.district_id]
    region = select(District.region_id).where(District.id == org.district_id).scalar_subquery()
    return list(session.exec(select(District.id).where(District.region_id == region)).all())


def serves_district(session: Session, org: Organisation, district_id: int) -> bool:
    """Whether the organisation may staff booths and receive coupons at the fairs of this district."""
    return org.district_id == district_id or (
        org.serves_region and district_id in served_district_ids(session, org)
    )


def get_organisation(session: Session, *, actor: User, organisation_id: int) -> Organisation:
    """An organisation the actor can see (of their districts, or a regional one serving them), else 404."""
    found = session.exec(
        select(Organisation).where(
            Organisation.id == organisation_id, serving(visible_district_ids(session, actor))
        )
    ).first()
    if found is None:
        raise NotFound(_("No such organisation."), code="organisation_not_found")
    return found


def organisation_to_edit(session: Session, *, actor: User, organisation_id: int) -> Organisation:
    """An organisation the actor may edit: organisers of its home district only (403 for a regional one
    seen from another district of the region, 404 for one not seen at all)."""
    org = get_organisation(session, actor=actor, organisation_id=organisation_id)
    ensure_organiser_of(actor, org.district_id)
    return org


def list_organisations(session: Session, *, actor: User) -> list[Organisation]:
    """Organisations of the districts the actor can see and the regional ones serving them, by name."""
    ids = visible_district_ids(session, actor)
    return list(session.exec(select(Organisation).where(serving(ids)).order_by(Organisation.name)).all())


def directions_of(
    session: Session, organisation_ids: list[int], *, active_only: bool = False
) -> dict[int, list[Direction]]:
    """The directions each organisation receives (`active_only`: only those new coupons may be issued in)."""
    result: dict[int, list[Direction]] = {oid: [] for oid in organisation_ids}
    if not organisation_ids:
        return result
    query = (
        select(OrganisationDirection.organisation_id, Direction)
        .join(Direction, Direction.id == OrganisationDirection.direction_id)
        .where(OrganisationDirection.organisation_id.in_(organisation_ids))
        .order_by(Direction.sort_order, Direction.id)
    )
    if active_only:
        query = query.where(Direction.is_active)
    rows = session.exec(query).all()
    for org_id, direction in rows:
        result[org_id].append(direction)
    return result


def directions_offered(session: Session, *, kind: str, linked: list[str] | None = None) -> list[Direction]:
    """The directions the organisation form offers for an organisation of `kind`: the active ones meant
    for its kind, and those it is linked to already (`linked` codes), whatever they are now."""
    keep = set(linked or [])
    query = select(Direction).order_by(Direction.sort_order, Direction.id)
    return [d for d in session.exec(query).all() if d.code in keep or (d.is_active and fits_kind(d, kind))]


def receives(session: Session, *, organisation_id: int, direction_id: int) -> bool:
    """True when the organisation receives coupons in the direction."""
    return (
        session.exec(
            select(func.count()).where(
                OrganisationDirection.organisation_id == organisation_id,
                OrganisationDirection.direction_id == direction_id,
            )
        ).one()
        > 0
    )


def add_booth(session: Session, *, actor: User, fair: Fair, organisation_id: int, staff: str = "") -> Booth:
    """Put an organisation serving the fair's district (its own, or a regional one) at the fair."""
    ensure_organiser_of(actor, fair.district_id)
    org = session.get(Organisation, organisation_id)
    if org is None or not serves_district(session, org, fair.district_id):
        raise NotFound(_("No such organisation."), code="organisation_not_found")
    if not org.is_active:
        raise Conflict(_("This organisation is no longer active."), code="organisation_inactive")
    if fair.status == FairStatus.cancelled:
        raise Conflict(_("The fair is cancelled."), code="fair_cancelled")
    existing = session.exec(
        select(Booth).where(Booth.fair_id == fair.id, Booth.organisation_id == organisation_id)
    ).first()
    if existing:
        raise Conflict(_("This organisation already has a booth at the fair."), code="booth_exists")
    booth = Booth(fair_id=fair.id, organisation_id=organisation_id, staff=staff.strip()[:500])
    session.add(booth)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="booth",
        entity_id=booth.id,
        district_id=fair.district_id,
        details={"fair_id": fair.id, "organisation_id": organisation_id},
    )
    return booth


def update_booth_staff(session: Session, *, actor: User, booth: Booth, staff: str) -> Booth:
    """Record who staffs a booth (organisers, or the booth's own partner staff)."""
    fair = session.get(Fair, booth.fair_id)
    if not (actor.role == Role.partner and actor.organisation_id == booth.organisation_id):
        ensure_organiser_of(actor, fair.district_id)
    booth.staff = staff.strip()[:500]
    session.add(booth)
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="booth",
        entity_id=booth.id,
        district_id=fair.district_id if fair else None,
        details={"staff_changed": True},
    )
    return booth


def booths_of_fair(session: Session, fair_id: int) -> list[tuple[Booth, Organisation]]:
    """The booths of a fair with their organisations, by organisation name."""
    rows = session.exec(
        select(Booth, Organisation)
        .join(Organisation, Organisation.id == Booth.organisation_id)
        .where(Booth.fair_id == fair_id)
        .order_by(Organisation.name)
    ).all()
    return [(b, o) for b, o in rows]
