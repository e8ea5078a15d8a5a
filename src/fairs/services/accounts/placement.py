"""Who may manage which accounts, and where an account sits: its role's district or (committee only) whole
region, and a partner's organisation. Shared by creating and editing an account."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from fairs.errors import Conflict, Forbidden, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Organisation, OrganisationKind, Role, User
from fairs.services import registry

# The roles whose account belongs to one organisation, which decides the district.
ORGANISATION_ROLES = (Role.partner, Role.prison_worker)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where an account sits: a district or (committee only) a whole region; a partner's or a prison social
    worker's organisation."""

    district_id: int | None
    region_id: int | None
    organisation_id: int | None


def authorise(actor: User, *, role: Role, district_id: int | None) -> None:
    """Admins manage every account; organisers those of their own district except admins."""
    if actor.role == Role.admin:
        return
    may_manage_accounts(actor)
    if role == Role.admin:
        raise Forbidden(_("You may not manage these accounts."))
    if role in ORGANISATION_ROLES:
        # The organisation decides the district: one the organiser cannot see is refused later exactly as
        # one that does not exist (`organisation_required`), so its existence does not leak.
        district_id = actor.district_id
    if district_id != actor.district_id:
        raise Forbidden(_("This belongs to another district."), code="other_district")


def may_manage_accounts(actor: User) -> None:
    """Only admins and organisers manage accounts: 403 for anyone else, before any look-up."""
    if actor.role not in (Role.admin, Role.organiser):
        raise Forbidden(_("You may not manage these accounts."))


def organisation_of(session: Session, actor: User | None, organisation_id: int | None) -> Organisation | None:
    """The organisation a new partner account joins, if `actor` may see it (organisers: their district's)."""
    org = session.get(Organisation, organisation_id) if organisation_id else None
    if org is not None and actor is not None and actor.role == Role.organiser:
        return org if org.district_id == actor.district_id else None
    return org


def place_account(
    session: Session,
    *,
    actor: User | None,
    role: Role,
    district_id: int | None,
    region_id: int | None,
    organisation_id: int | None,
) -> Placement:
    """Where an account of `role` sits, from what was asked: a partner in their organisation's district, an
    organiser in a district, a committee member in a district or a whole region; refusals otherwise."""
    if actor is not None and actor.role == Role.organiser and role not in ORGANISATION_ROLES:
        district_id, region_id = actor.district_id, None  # an organiser's accounts are their district's
    if role in ORGANISATION_ROLES:
        org = organisation_of(session, actor, organisation_id)
        if org is None:
            raise Invalid(_("A partner user must belong to an organisation."), code="organisation_required")
        if role == Role.prison_worker and org.kind != OrganisationKind.prison:
            raise Invalid(
                _("A prison social worker's account belongs to an organisation of the kind «prison»."),
                code="prison_required",
            )
        district_id, region_id = org.district_id, None
    if role in (Role.organiser, Role.curator, *ORGANISATION_ROLES) and district_id is None:
        raise Invalid(_("This role needs a district."), code="district_required")
    if role == Role.committee and district_id is None and region_id is None:
        raise Invalid(_("A committee user needs a district or a region."), code="district_required")
    if region_id is not None and district_id is None and role != Role.committee:
        raise Invalid(_("Only a committee account may cover a whole region."), code="region_for_committee")
    if district_id is not None:
        region_id = None  # a district is the narrower place
    # A retired district or region keeps its accounts but takes no new one.
    if district_id is not None:
        registry.ensure_open_district(session, district_id)
    elif region_id is not None:
        registry.ensure_open_region(session, region_id)
    return Placement(district_id, region_id, organisation_id if role in ORGANISATION_ROLES else None)


def managed_account(session: Session, *, actor: User, user_id: int) -> User:
    """The account `actor` may manage (404 when it does not exist or, for organisers, is another district's;
    403 for an admin's account managed by an organiser)."""
    may_manage_accounts(actor)  # before the look-up: whether an account exists is not theirs to learn
    user = session.get(User, user_id)
    if user is None or (actor.role == Role.organiser and user.district_id != actor.district_id):
        raise NotFound(_("No such user."), code="user_not_found")
    authorise(actor, role=Role(user.role), district_id=user.district_id)
    return user


def ensure_not_last_admin(session: Session, *, user: User) -> None:
    """Refuse to take away the last active admin (demoted or blocked): nobody could manage the rest."""
    if user.role != Role.admin or not user.is_active:
        return
    others = select(func.count()).where(User.role == Role.admin, User.is_active, User.id != user.id)
    if session.exec(others).one() == 0:
        raise Conflict(
            _("This is the last active admin account; add another admin first."), code="last_admin"
        )
