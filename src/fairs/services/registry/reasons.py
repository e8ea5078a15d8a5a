"""Reasons why a job fell through (no vacancy, a restriction linked to the conviction, …): admins add,
rename and retire them; codes stay. A «not hired» or «not eligible» outcome takes one."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import NonhireReason, User
from fairs.services import audit
from fairs.services.registry.listed import add_named, change_named


def _audit(session: Session, actor: User, action: str, entity_id: int | None, details: dict) -> None:
    # audit.record is called here, with the entity named, so the audit labels' test finds every entity.
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="nonhire_reason",
        entity_id=entity_id,
        district_id=None,
        details=details,
    )


def list_reasons(session: Session, *, active_only: bool = True) -> list[NonhireReason]:
    """All reasons in their order (by default only those offered for recording)."""
    query = select(NonhireReason).order_by(NonhireReason.sort_order, NonhireReason.id)
    if active_only:
        query = query.where(NonhireReason.is_active)
    return list(session.exec(query).all())


def find_reason(session: Session, code: str) -> NonhireReason:
    """The reason with this code (404 `reason_not_found`)."""
    reason = session.exec(select(NonhireReason).where(NonhireReason.code == code)).first()
    if reason is None:
        raise NotFound(_("No such reason."), code="reason_not_found")
    return reason


def reason_to_record(session: Session, code: str) -> NonhireReason:
    """The reason with this code, offered for recording (400 `unknown_reason`; 409 `reason_retired`)."""
    reason = session.exec(select(NonhireReason).where(NonhireReason.code == code.strip())).first()
    if reason is None:
        raise Invalid(_("Unknown reason."), code="unknown_reason")
    if not reason.is_active:
        name = {"name": reason.name(current_locale.get())}
        raise Conflict(
            _("The reason «%(name)s» is retired: it is not recorded any more.") % name, code="reason_retired"
        )
    return reason


def create_reason(
    session: Session,
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str = "",
    sort_order: int | None = None,
) -> NonhireReason:
    """Admins add a reason (its code is fixed from now on; 409 `reason_exists`)."""
    reason = add_named(
        session,
        NonhireReason,
        code=code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=name_be,
        sort_order=sort_order,
        exists=lambda: Conflict(_("A reason with this code exists already."), code="reason_exists"),
    )
    _audit(session, actor, "create", reason.id, {"code": reason.code})
    return reason


def update_reason(
    session: Session,
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str | None = None,
    sort_order: int | None = None,
    is_active: bool | None = None,
    new_code: str | None = None,
) -> NonhireReason:
    """Admins rename a reason, reorder it, or retire or reactivate it (None: unchanged); its code stays."""
    reason = find_reason(session, code)
    change_named(
        session,
        reason,
        new_code=new_code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=name_be,
        sort_order=sort_order,
        is_active=is_active,
    )
    _audit(session, actor, "update", reason.id, {"code": code, "is_active": reason.is_active})
    return reason
