"""Categories of persons served (released, registered, …): admins add, rename and retire them; codes stay."""

from __future__ import annotations

from sqlmodel import Session, select

from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _, current_locale
from fairs.models import Category, User
from fairs.services import audit
from fairs.services.registry.listed import add_named, change_named


def _audit(session: Session, actor: User, action: str, entity_id: int | None, details: dict) -> None:
    # audit.record is called here, with the entity named, so the audit labels' test finds every entity.
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="category",
        entity_id=entity_id,
        district_id=None,
        details=details,
    )


def list_categories(session: Session, *, active_only: bool = True) -> list[Category]:
    """All categories in report order (by default only those offered for recording)."""
    query = select(Category).order_by(Category.sort_order, Category.id)
    if active_only:
        query = query.where(Category.is_active)
    return list(session.exec(query).all())


def find_category(session: Session, code: str) -> Category:
    """The category with this code (404 `category_not_found`)."""
    category = session.exec(select(Category).where(Category.code == code)).first()
    if category is None:
        raise NotFound(_("No such category."), code="category_not_found")
    return category


def categories_by_code(session: Session, codes: list[str]) -> list[Category]:
    """The categories with these codes, for recording (400 `unknown_category`)."""
    wanted = sorted({code.strip() for code in codes})
    found = {c.code: c for c in session.exec(select(Category).where(Category.code.in_(wanted))).all()}
    missing = [code for code in wanted if code not in found]
    if missing:
        raise Invalid(_("Unknown category: %(code)s.") % {"code": missing[0][:50]}, code="unknown_category")
    return [found[code] for code in wanted]


def ensure_category_open(category: Category) -> Category:
    """A category a client may be newly put in: not retired (409 `category_retired`)."""
    if not category.is_active:
        name = {"name": category.name(current_locale.get())}
        raise Conflict(
            _("The category «%(name)s» is retired: no client is newly put in it.") % name,
            code="category_retired",
        )
    return category


def create_category(
    session: Session,
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    name_be: str = "",
    sort_order: int | None = None,
) -> Category:
    """Admins add a category (its code is fixed from now on; 409 `category_exists`)."""
    category = add_named(
        session,
        Category,
        code=code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=name_be,
        sort_order=sort_order,
        exists=lambda: Conflict(_("A category with this code exists already."), code="category_exists"),
    )
    _audit(session, actor, "create", category.id, {"code": category.code})
    return category


def update_category(
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
) -> Category:
    """Admins rename a category, reorder it, or retire or reactivate it (None: unchanged); its code stays."""
    category = find_category(session, code)
    change_named(
        session,
        category,
        new_code=new_code,
        name_ru=name_ru,
        name_en=name_en,
        name_be=name_be,
        sort_order=sort_order,
        is_active=is_active,
    )
    _audit(session, actor, "update", category.id, {"code": code, "is_active": category.is_active})
    return category
