"""The committee's tally by category of person: persons consulted, referred and served in each category.

A person counts in a category when they were in it on at least one day of the period (docs/report.md,
«Categories»): the last change on or before the period's first day put them in it, or a change within
the period did. Consulted: a visit to one of the scope's fairs of the period; referred: a counted coupon
issued there; served: such a coupon redeemed. No pass of its own: the two person passes, which already
group the visits and the counted coupons per person, join those groups to each person's categories of the
period (one mask per person) in the same statement (`count_with_categories`), so the records are read once
for both."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case, func, literal, or_, select, true, union_all
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlalchemy.sql.selectable import CTE

from fairs.i18n import _
from fairs.models import Category, ClientCategory, local_name
from fairs.models.categories import PERSON_INDEX
from fairs.services.report import queries as q
from fairs.services.report.queries import Where
from fairs.services.report.reading import Plan, Reader
from fairs.services.report.results import CategoryRow

_change = ClientCategory.__table__


NONE, TOTAL = 0, -1  # keys of the persons in no category and of all persons (no category id is ≤ 0)


def held_by_person(where: Where, plan: Plan):  # noqa: ANN201
    """(person, category_id) of every person in a category on at least one day of the period, as recorded
    by the scope's districts (in the category when any of the person's clients there is: over several
    districts a person may have several; a district's tally reads only its own records).

    A change that put a client in a category holds from its day until the next change of that client and
    category (`held_until`, none while it is the latest): it counts when it began by the period's last day
    and ended after its first. The changes carry their client's person and district, so this is one range of
    one index: in person order for a large scope on SQLite (grouped as it is read), a district's own
    otherwise. Before these columns, the last change before the period was looked up for every change and
    the client for every row: 0.25 → 0.05 s on the bench's country, read twice per tally."""
    change, person = _held_changes(where, plan)
    query = select(person, change.c.category_id).where(*_held_in_period(change, where))
    return query.group_by(person, change.c.category_id).subquery("held_by_person")


def held_masks(where: Where, plan: Plan):  # noqa: ANN201
    """(person, mask) of every person of `held_by_person`, with bit `category_id` set in `mask` for each
    category they held (for category ids below `queries.MASK_BITS`): one row per person."""
    change, person = _held_changes(where, plan)
    query = select(person, q.bit_or(plan, change.c.category_id).label("mask"))
    return query.where(*_held_in_period(change, where)).group_by(person).subquery("held_mask")


def _held_changes(where: Where, plan: Plan) -> tuple[FromClause, ColumnElement[int]]:
    """The changes as the scope reads them, and the person key of each (`held_by_person`)."""
    change = q.indexed(_change, index=PERSON_INDEX[0]) if plan.sqlite_scan else _change
    return change, (change.c.client_id if q.by_client(plan, where) else change.c.person_id).label("person")


def _held_in_period(change: FromClause, where: Where) -> list[ColumnElement[bool]]:
    c = change.c
    return [
        c.district_id.in_(where.district_ids),
        c.held.is_(True),
        c.recorded_on <= where.end,
        or_(c.held_until.is_(None), c.held_until > where.start),
    ]


def _by_category(per_person: CTE, where: Where, plan: Plan, *figures: ColumnElement) -> Select:
    """(category key, persons, *figures) of the persons of `per_person` (a CTE keyed by `person`, one row
    per person), grouped by each category they held in the period; those in none under NONE. A person in
    several categories counts in each. `figures` are aggregates over `per_person`'s columns."""
    held = held_by_person(where, plan)
    key = func.coalesce(held.c.category_id, literal(NONE, literal_execute=True))
    return (
        select(key, func.count(), *figures)
        .select_from(per_person.outerjoin(held, held.c.person == per_person.c.person))
        .group_by(key)
    )


def count_with_categories(
    reader: Reader,
    per_person: CTE,
    where: Where,
    plan: Plan,
    totals: Sequence[ColumnElement],
    summed: Sequence[ColumnElement] = (),
) -> tuple[Sequence, dict[int, tuple[int, ...]]]:
    """One statement over a person pass's per-person groups (`per_person`, keyed by `person`): all its
    persons with `totals` (aggregates over them), and the persons of each category held in the period
    with the sums of `summed` (columns of `per_person`), NONE included. Returns (persons, *totals) and
    category key → (persons, *sums), whose TOTAL key holds the same of all persons.

    Each person's categories come as one mask (`held_masks`), so the statement reads the per-person groups
    once, joined one to one, and counts every category with a filter on the mask; category ids too large
    for a mask are counted by joining the (person, category) pairs and grouping by category instead."""
    keys = list(reader.execute(select(Category.id)).scalars())
    if not all(0 <= key < q.MASK_BITS for key in keys):
        return _count_by_pairs(reader, per_person, where, plan, totals, summed)
    held = held_masks(where, plan)
    mask = held.c.mask
    groups = [(TOTAL, true()), (NONE, mask.is_(None))]
    groups += [(key, mask.op("&")(literal(1 << key, literal_execute=True)) != 0) for key in keys]
    figures = []
    for _key, condition in groups:
        figures.append(q.count_if(condition))
        figures += [func.coalesce(func.sum(case((condition, column), else_=0)), 0) for column in summed]
    joined = per_person.outerjoin(held, held.c.person == per_person.c.person)
    row = reader.execute(select(func.count(), *totals, *figures).select_from(joined)).one()
    values, width = [int(n or 0) for n in row[1 + len(totals) :]], 1 + len(summed)
    counts = {key: tuple(values[i * width : (i + 1) * width]) for i, (key, _condition) in enumerate(groups)}
    return row[: 1 + len(totals)], counts


def _count_by_pairs(
    reader: Reader,
    per_person: CTE,
    where: Where,
    plan: Plan,
    totals: Sequence[ColumnElement],
    summed: Sequence[ColumnElement],
) -> tuple[Sequence, dict[int, tuple[int, ...]]]:
    """`count_with_categories` for category ids too large for a mask: the persons joined to their
    (person, category) pairs and grouped by category, beside all persons' totals."""
    sums = [func.coalesce(func.sum(column), 0) for column in summed]
    everyone = select(literal(TOTAL, literal_execute=True), func.count(), *sums, *totals)
    padding = [literal(0, literal_execute=True)] * len(totals)
    rows = reader.execute(union_all(everyone, _by_category(per_person, where, plan, *sums, *padding))).all()
    width = 1 + len(summed)
    everyone_row = next(row[1:] for row in rows if row[0] == TOTAL)
    counts = {row[0]: tuple(int(n or 0) for n in row[1 : 1 + width]) for row in rows}
    return (everyone_row[0], *everyone_row[width:]), counts


def consulted_by_category(reader: Reader, where: Where, plan: Plan) -> dict[int, int]:
    """Category key → persons consulted (a visit at the scope's fairs of the period), NONE included; for
    the scopes whose visit pass does not group visits per person in one query (a small scope on SQLite)."""
    visit, visit_fair = q.visit_source(plan)
    person = q.person_key(plan, where, visit)
    per_person = q.per_person_once(select().select_from(visit).where(where.made_at_fairs(visit_fair)), person)
    return {key: int(n) for key, n in reader.execute(_by_category(per_person, where, plan)).all()}


def labels() -> tuple[str, str]:
    """The names of the `none` and `total` lines in the current locale."""
    return _("In no category"), _("All persons")


def category_rows(
    reader: Reader,
    locale: str,
    labels: tuple[str, str],
    consulted: dict[int, int],
    referred: dict[int, tuple[int, int]],
) -> list[CategoryRow]:
    """Every category in report order (retired ones too), then `none` and `total` (named `labels`), from
    the persons consulted (category key → persons) and referred (key → persons referred, served) that the
    person passes counted (NONE and TOTAL keys included)."""
    categories = reader.execute(
        select(Category.id, Category.code, Category.name_ru, Category.name_en, Category.name_be).order_by(
            Category.sort_order, Category.id
        )
    ).all()
    named = [(key, code, local_name(locale, ru=ru, en=en, be=be)) for key, code, ru, en, be in categories]
    named += [(NONE, "none", labels[0]), (TOTAL, "total", labels[1])]
    return [
        CategoryRow(code, name, consulted.get(key, 0), *referred.get(key, (0, 0)))
        for key, code, name in named
    ]
