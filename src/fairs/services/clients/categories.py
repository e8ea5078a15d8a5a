"""A client's categories (released, registered, …), recorded with the day of each change.

The record is a list of changes: on `recorded_on` the client is, or is no longer, in a category. What holds
on a day is the last change recorded on or before it (docs/report.md, «Categories»). Recording a set of
categories on a day writes a change only for the categories whose state on that day differs; a second
recording on the same day replaces that day's change (or removes it, when it puts the category back as it
was the day before). Later changes are left as they are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from fairs.clock import local_today
from fairs.errors import Forbidden, Invalid
from fairs.i18n import _
from fairs.models import Category, Client, ClientCategory, Role, User
from fairs.services import audit
from fairs.services.period_lock import ensure_period_open
from fairs.services.registry import categories_by_code, ensure_category_open


@dataclass
class CategoryChange:
    """One dated change of a client's category, as the history shows it."""

    recorded_on: date
    category: Category
    held: bool
    recorded_by_id: int | None


def _changes(session: Session, client: Client) -> list[ClientCategory]:
    query = select(ClientCategory).where(ClientCategory.client_id == client.id)
    return list(session.exec(query.order_by(ClientCategory.recorded_on, ClientCategory.id)).all())


def _state_on(changes: list[ClientCategory], day: date) -> dict[int, bool]:
    """category id → held, on `day` (the last change on or before it)."""
    state: dict[int, bool] = {}
    for change in changes:
        if change.recorded_on <= day:
            state[change.category_id] = change.held
    return state


def _end_each_change(changes: list[ClientCategory]) -> None:
    """Set each change's `held_until` to the day of the next change of its category (none for the last)."""
    following: dict[int, date] = {}
    for change in sorted(changes, key=lambda row: row.recorded_on, reverse=True):
        change.held_until = following.get(change.category_id)  # an unchanged value is not written
        following[change.category_id] = change.recorded_on


def categories_on(session: Session, *, client: Client, day: date | None = None) -> list[Category]:
    """The client's categories on `day` (today by default), in report order."""
    held = {key for key, value in _state_on(_changes(session, client), day or local_today()).items() if value}
    if not held:
        return []
    query = select(Category).where(Category.id.in_(held)).order_by(Category.sort_order, Category.id)
    return list(session.exec(query).all())


def category_history(session: Session, *, client: Client) -> list[CategoryChange]:
    """Every change of the client's categories, newest first."""
    changes = _changes(session, client)
    categories = {c.id: c for c in session.exec(select(Category)).all()}
    return [
        CategoryChange(row.recorded_on, categories[row.category_id], row.held, row.recorded_by_id)
        for row in reversed(changes)
    ]


def record_categories(
    session: Session, *, actor: User, client: Client, codes: list[str], day: date | None = None
) -> list[Category]:
    """Organisers record the client's categories on `day` (today by default): exactly `codes` hold from
    then on (400 `unknown_category`, `bad_day`; 409 `category_retired`, `period_submitted`). Returns the
    categories on that day."""
    if actor.role != Role.organiser:
        raise Forbidden(_("Only organisers record a client's categories."))
    day = day or local_today()
    if day > local_today() or day < date(2000, 1, 1):
        raise Invalid(_("Categories are recorded for a past day or today."), code="bad_day")
    wanted = {category.id: category for category in categories_by_code(session, codes)}
    # One recording per client at a time: a second one (another organiser, the same moment) waits here and
    # then reads the first one's changes, instead of meeting its row in the unique index (PostgreSQL; SQLite
    # writes one transaction at a time anyway).
    session.exec(select(Client.id).where(Client.id == client.id).with_for_update()).one()
    changes = _changes(session, client)
    state = _state_on(changes, day)
    same_day = {row.category_id: row for row in changes if row.recorded_on == day}
    before = _state_on([row for row in changes if row.recorded_on < day], day)
    ids = set(state) | set(wanted)
    codes_of = {c.id: c.code for c in session.exec(select(Category)).all()}
    changed: dict[str, bool] = {}
    for category_id in sorted(ids):
        held = category_id in wanted
        if state.get(category_id, False) == held:
            continue
        if held:
            ensure_category_open(wanted[category_id])
        ensure_period_open(session, district_id=client.district_id, day=day)
        changed[codes_of[category_id]] = held
        row = same_day.get(category_id)
        if row is not None and before.get(category_id, False) == held:
            session.delete(row)  # back to what held the day before: that day's change is undone
            changes.remove(row)
            continue
        if row is None:
            row = ClientCategory(
                client_id=client.id,
                person_id=client.person_id,
                district_id=client.district_id,
                category_id=category_id,
                recorded_on=day,
                held=held,
            )
            changes.append(row)
        row.held, row.recorded_by_id = held, actor.id
        session.add(row)
    if changed:
        _end_each_change(changes)
        session.flush()
        audit.record(
            session,
            actor=actor,
            action="categories",
            entity="client",
            entity_id=client.id,
            district_id=client.district_id,
            details={"date": day.isoformat(), "changed": changed},
        )
    return categories_on(session, client=client, day=day)
