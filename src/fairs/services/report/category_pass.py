"""The committee's tally by category of person: persons consulted, referred and served in each category.

A person counts in a category when they were in it on at least one day of the period (docs/report.md,
«Categories»): the last change on or before the period's first day put them in it, or a change within
the period did. Consulted: a visit to one of the scope's fairs of the period; referred: a counted coupon
issued there; served: such a coupon redeemed. One query: a group per person with three flags, joined to
the (person, category) pairs of the period and summed per category."""

from __future__ import annotations

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all

from fairs.i18n import _
from fairs.models import Category, Client, ClientCategory, Coupon, Visit, local_name
from fairs.services.report import queries as q
from fairs.services.report.queries import Where
from fairs.services.report.reading import Plan, Reader
from fairs.services.report.results import CategoryRow

_change = ClientCategory.__table__
_coupon = Coupon.__table__.c
_visit = Visit.__table__.c


def held_in_period(where: Where):  # noqa: ANN201
    """(client_id, category_id) of every person in a category on at least one day of the period."""
    c = _change.c
    later = _change.alias("later_change")
    overtaken = exists().where(
        later.c.client_id == c.client_id,
        later.c.category_id == c.category_id,
        later.c.recorded_on > c.recorded_on,
        later.c.recorded_on <= where.start,
    )
    on_first_day = and_(c.recorded_on <= where.start, ~overtaken)
    within = and_(c.recorded_on > where.start, c.recorded_on <= where.end)
    return (
        select(c.client_id, c.category_id)
        .where(c.held.is_(True), or_(on_first_day, within))
        .distinct()
        .subquery("held_category")
    )


NONE, TOTAL = 0, -1  # keys of the persons in no category and of all persons (no category id is ≤ 0)


def held_by_person(where: Where, plan: Plan):  # noqa: ANN201
    """(person, category_id) of every person in a category on at least one day of the period, as recorded
    by the scope's districts (in the category when any of the person's clients there is: over several
    districts a person may have several; a district's tally reads only its own records)."""
    held = held_in_period(where)
    client = Client.__table__
    return (
        select(
            (client.c.id if q.by_client(plan, where) else client.c.person_id).label("person"),
            held.c.category_id,
        )
        .select_from(held.join(client, client.c.id == held.c.client_id))
        .where(client.c.district_id.in_(where.district_ids))
        .distinct()
        .subquery("held_by_person")
    )


def category_counts(reader: Reader, where: Where, plan: Plan) -> dict[int, tuple[int, int, int]]:
    """category id (NONE, TOTAL) → (persons consulted, persons referred, persons served)."""
    one, zero = literal(1, literal_execute=True), literal(0, literal_execute=True)
    # Each kind of record grouped by person first (in person order where an index gives it), so that the
    # union grouped again holds a row per person and kind, not per record.
    visit, visit_fair = q.visit_source(plan)
    visits = (
        select(
            q.person_key(plan, where, visit).label("person"), one.label("c"), zero.label("r"), zero.label("s")
        )
        .where(where.made_at_fairs(visit_fair))
        .group_by(q.person_key(plan, where, visit))
    )
    coupon, coupon_fair = q.coupon_source(plan, "ix_coupon_tally_person")
    coupons = (
        select(
            q.person_key(plan, where, coupon).label("person"),
            zero.label("c"),
            one.label("r"),
            func.max(case((coupon.c.status == "redeemed", 1), else_=0)).label("s"),
        )
        .where(where.made_at_fairs(coupon_fair), q.counts(coupon.c.status))
        .group_by(q.person_key(plan, where, coupon))
    )
    records = union_all(visits, coupons).subquery("person_record")
    per_record = select(
        func.max(records.c.c).label("c"), func.max(records.c.r).label("r"), func.max(records.c.s).label("s")
    )
    per_person = select(q.per_person(per_record, records.c.person)).cte("person_flags")
    p = per_person.c
    held = held_by_person(where, plan)
    key = func.coalesce(held.c.category_id, literal(NONE, literal_execute=True))
    by_category = (
        select(key.label("k"), func.sum(p.c), func.sum(p.r), func.sum(p.s))
        .select_from(per_person.outerjoin(held, held.c.person == p.person))
        .group_by(key)
    )
    total = select(literal(TOTAL, literal_execute=True), func.sum(p.c), func.sum(p.r), func.sum(p.s))
    rows = reader.execute(union_all(by_category, total)).all()
    return {k: (int(c or 0), int(r or 0), int(s or 0)) for k, c, r, s in rows}


def labels() -> tuple[str, str]:
    """The names of the `none` and `total` lines in the current locale."""
    return _("In no category"), _("All persons")


def category_rows(
    reader: Reader, where: Where, plan: Plan, locale: str, labels: tuple[str, str]
) -> list[CategoryRow]:
    """Every category in report order (retired ones too), then `none` and `total` (named `labels`)."""
    counts = category_counts(reader, where, plan)
    categories = reader.execute(
        select(Category.id, Category.code, Category.name_ru, Category.name_en, Category.name_be).order_by(
            Category.sort_order, Category.id
        )
    ).all()
    named = [(key, code, local_name(locale, ru=ru, en=en, be=be)) for key, code, ru, en, be in categories]
    named += [(NONE, "none", labels[0]), (TOTAL, "total", labels[1])]
    return [CategoryRow(code, name, *counts.get(key, (0, 0, 0))) for key, code, name in named]
