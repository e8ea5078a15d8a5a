"""Directions (the report's rows) and their outcomes: admins add, rename and retire them; codes stay."""

from __future__ import annotations

from sqlmodel import Session, func, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import Direction, Outcome, User
from fairs.models.organisations import OrganisationKind
from fairs.services import audit
from fairs.services.registry.listed import (
    be_name,
    checked_code,
    keep_code,
    required_names,
)


def _audit(session: Session, actor: User, action: str, entity_id: int | None, details: dict) -> None:
    # audit.record is called here, with the entity named, so the audit labels' test finds every entity.
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="direction",
        entity_id=entity_id,
        district_id=None,
        details=details,
    )


def list_directions(session: Session, *, active_only: bool = True) -> list[Direction]:
    """All directions in report order."""
    query = select(Direction).order_by(Direction.sort_order, Direction.id)
    if active_only:
        query = query.where(Direction.is_active)
    return list(session.exec(query).all())


def outcomes_by_direction(session: Session, *, active_only: bool = True) -> dict[int, list[Outcome]]:
    """Every direction's outcomes, keyed by direction id, in their order (by default only those offered for
    recording: retired outcomes are left out)."""
    query = select(Outcome).order_by(Outcome.direction_id, Outcome.sort_order, Outcome.id)
    if active_only:
        query = query.where(Outcome.is_active)
    result: dict[int, list[Outcome]] = {}
    for outcome in session.exec(query).all():
        result.setdefault(outcome.direction_id, []).append(outcome)
    return result


def get_direction(session: Session, code: str) -> Direction:
    """The direction with this code; unknown codes are a clear 400."""
    direction = session.exec(select(Direction).where(Direction.code == code)).first()
    if direction is None:
        raise Invalid(_("Unknown direction: %(code)s.") % {"code": code[:50]}, code="unknown_direction")
    return direction


def ensure_direction_open(direction: Direction, *, purpose: str = "coupon") -> Direction:
    """A direction new records may use: not retired. `purpose` (coupon, consultation, organisation) only
    words the refusal; the code is always `direction_retired`."""
    if not direction.is_active:
        name = {"name": direction.name(current_locale.get())}
        if purpose == "consultation":
            message = _("The direction «%(name)s» is retired: no new consultations are recorded in it.")
        elif purpose == "organisation":
            message = _("The direction «%(name)s» is retired: it is no longer given to organisations.")
        else:
            message = _("The direction «%(name)s» is retired: no new coupons are issued in it.")
        raise Conflict(message % name, code="direction_retired")
    return direction


def fits_kind(direction: Direction, kind: str) -> bool:
    """Whether organisations of `kind` may receive the direction (no kinds named: every kind may)."""
    return not direction.kind_list or kind in direction.kind_list


def get_outcome(session: Session, *, direction_id: int, code: str) -> Outcome:
    """The outcome `code` of a direction that may be recorded now, or a clear error."""
    outcome = session.exec(
        select(Outcome).where(Outcome.direction_id == direction_id, Outcome.code == code)
    ).first()
    if outcome is None:
        raise Invalid(_("This outcome does not exist for the coupon's direction."), code="unknown_outcome")
    if not outcome.is_active:
        raise Conflict(
            _("The outcome «%(name)s» is retired and can no longer be recorded.")
            % {"name": outcome.name(current_locale.get())},
            code="outcome_retired",
        )
    return outcome


def _find(session: Session, code: str) -> Direction:
    direction = session.exec(select(Direction).where(Direction.code == code)).first()
    if direction is None:
        raise NotFound(_("No such direction."), code="direction_not_found")
    return direction


def _kinds(kinds: list[str]) -> str:
    unknown = [kind for kind in kinds if kind not in OrganisationKind.__members__]
    if unknown:
        raise Invalid(_("Unknown kind of organisation."), code="unknown_kind")
    return ",".join(kind.value for kind in OrganisationKind if kind.value in kinds)


def create_direction(
    session: Session,
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str = "",
    sort_order: int | None = None,
    kinds: list[str] | None = None,
) -> Direction:
    """Admins add a direction (a new row of the report); its code is fixed from now on."""
    code = checked_code(code.strip())
    name_ru, name_en = required_names(name_ru, name_en)
    kind_text = _kinds(kinds or [])
    if session.exec(select(Direction.id).where(Direction.code == code)).first() is not None:
        raise Conflict(_("A direction with this code exists already."), code="direction_exists")
    if sort_order is None:
        sort_order = (session.exec(select(func.max(Direction.sort_order))).one() or 0) + 1
    direction = Direction(
        code=code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=be_name(name_be),
        sort_order=sort_order,
        kinds=kind_text,
        is_active=True,
    )
    session.add(direction)
    session.flush()
    _audit(session, actor, "create", direction.id, {"code": code, "kinds": kind_text})
    return direction


def update_direction(
    session: Session,
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str | None = None,
    is_active: bool | None = None,
    sort_order: int | None = None,
    kinds: list[str] | None = None,
    new_code: str | None = None,
) -> Direction:
    """Admins edit a direction's names, order and kinds, or retire or reactivate it (None: unchanged);
    its code stays."""
    direction = _find(session, code)
    keep_code(code, new_code)
    direction.name_ru, direction.name_en = required_names(name_ru, name_en)
    if name_be is not None:
        direction.name_be = be_name(name_be)
    if kinds is not None:
        direction.kinds = _kinds(kinds)
    if sort_order is not None:
        direction.sort_order = sort_order
    if is_active is not None:
        direction.is_active = is_active
    session.add(direction)
    details = {"code": code, "kinds": direction.kinds, "is_active": direction.is_active}
    _audit(session, actor, "update", direction.id, details)
    return direction


def set_direction_active(session: Session, *, actor: User, code: str, is_active: bool) -> Direction:
    """Retire a direction (offered for no new coupon; old coupons and tallies keep it) or reactivate it."""
    direction = _find(session, code)
    direction.is_active = is_active
    session.add(direction)
    _audit(session, actor, "update", direction.id, {"code": code, "is_active": is_active})
    return direction


def _find_outcome(session: Session, direction: Direction, code: str) -> Outcome:
    outcome = session.exec(
        select(Outcome).where(Outcome.direction_id == direction.id, Outcome.code == code)
    ).first()
    if outcome is None:
        raise NotFound(_("No such outcome."), code="outcome_not_found")
    return outcome


def add_outcome(
    session: Session,
    *,
    actor: User,
    direction_code: str,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str = "",
    sort_order: int | None = None,
) -> Outcome:
    """Admins add an outcome to a direction; its code is fixed from now on."""
    direction = _find(session, direction_code)
    code = checked_code(code.strip())
    name_ru, name_en = required_names(name_ru, name_en)
    taken = select(Outcome.id).where(Outcome.direction_id == direction.id, Outcome.code == code)
    if session.exec(taken).first() is not None:
        raise Conflict(_("This direction has an outcome with this code already."), code="outcome_exists")
    if sort_order is None:
        last = select(func.max(Outcome.sort_order)).where(Outcome.direction_id == direction.id)
        sort_order = (session.exec(last).one() or 0) + 1
    outcome = Outcome(
        direction_id=direction.id,
        code=code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=be_name(name_be),
        sort_order=sort_order,
    )
    session.add(outcome)
    session.flush()
    _audit(session, actor, "create", direction.id, {"code": direction_code, "outcome": code})
    return outcome


def update_outcome(
    session: Session,
    *,
    actor: User,
    direction_code: str,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str | None = None,
    is_active: bool | None = None,
    sort_order: int | None = None,
    new_code: str | None = None,
) -> Outcome:
    """Admins rename an outcome, or retire it (not offered for new recordings; old coupons keep it and the
    tallies count it) or reactivate it (None: unchanged); its code stays."""
    direction = _find(session, direction_code)
    outcome = _find_outcome(session, direction, code)
    keep_code(code, new_code)
    outcome.name_ru, outcome.name_en = required_names(name_ru, name_en)
    if name_be is not None:
        outcome.name_be = be_name(name_be)
    if sort_order is not None:
        outcome.sort_order = sort_order
    if is_active is not None:
        outcome.is_active = is_active
    session.add(outcome)
    details = {"code": direction_code, "outcome": code, "is_active": outcome.is_active}
    _audit(session, actor, "update", direction.id, details)
    return outcome


def set_outcome_active(
    session: Session, *, actor: User, direction_code: str, code: str, is_active: bool
) -> Outcome:
    """Retire an outcome or reactivate it."""
    direction = _find(session, direction_code)
    outcome = _find_outcome(session, direction, code)
    outcome.is_active = is_active
    session.add(outcome)
    details = {"code": direction_code, "outcome": code, "is_active": is_active}
    _audit(session, actor, "update", direction.id, details)
    return outcome


def outcomes_of(session: Session, direction: Direction) -> list[Outcome]:
    """One direction's outcomes, retired ones included, in their order."""
    return outcomes_by_direction(session, active_only=False).get(direction.id, [])
