"""The committee's tally of why a job fell through: coupons with a «not hired» or «not eligible» outcome
and the reason recorded with it, counted per reason and per (employer, profession, reason).

A coupon counts like every other record: by the fair it was issued at (the scope's fairs of the period),
redeemed, its outcome `not_hired` or `not_eligible` (in any direction). Persons are distinct persons
(`queries.person_key`); one with two such coupons for two reasons counts once in each reason's row and
once in the total. Employers and professions are grouped by their casefolded form (what was typed, its
spaces collapsed); a row shows the first spelling in sort order."""

from __future__ import annotations

from datetime import date

from sqlalchemy import distinct, func, literal, select
from sqlmodel import Session

from fairs.i18n import _
from fairs.models import NONHIRE_OUTCOMES, Coupon, CouponNonhire, NonhireReason, Outcome, local_name
from fairs.services.report import queries as q
from fairs.services.report.queries import Names, Where
from fairs.services.report.reading import Plan, Reader, plan_for
from fairs.services.report.results import NonhireReasonRow, NonhireRow

_coupon = Coupon.__table__
_kept = CouponNonhire.__table__
_outcome = Outcome.__table__
TOTAL = -1  # the key of the total line (no reason id is ≤ 0)


def _counted(where: Where):  # noqa: ANN202
    """The coupons counted, each with its reason (a small set: read from the reasons' table)."""
    c, n, o = _coupon.c, _kept.c, _outcome.c
    # The reasons' rows (few) lead, each finding its coupon by id: SQLite would otherwise read every coupon
    # of the period from an index of coupons (0.15–0.5 s a country, with no reason recorded at all).
    kept = q.ordered_join(_kept, _coupon, c.id == n.coupon_id)
    return kept.join(_outcome, o.id == c.outcome_id), (
        where.made_at_fairs(c.fair_id),
        c.status == "redeemed",
        o.code.in_(NONHIRE_OUTCOMES),
    )


def reason_counts(reader: Reader, where: Where, plan: Plan) -> dict[int, tuple[int, int]]:
    """reason id (TOTAL) → (coupons, distinct persons)."""
    joined, conditions = _counted(where)
    person = q.person_key(plan, where, _coupon)
    n = _kept.c
    per_reason = (
        select(n.reason_id, func.count(), func.count(distinct(person)))
        .select_from(joined)
        .where(*conditions)
        .group_by(n.reason_id)
    )
    total = select(literal(TOTAL, literal_execute=True), func.count(), func.count(distinct(person)))
    total = total.select_from(joined).where(*conditions)
    rows = reader.execute(per_reason.union_all(total)).all()
    return {int(key): (int(coupons), int(persons)) for key, coupons, persons in rows}


def detail_counts(reader: Reader, where: Where, plan: Plan) -> list[tuple]:
    """(reason id, organisation id, employer typed, profession, coupons, persons) per group."""
    joined, conditions = _counted(where)
    person = q.person_key(plan, where, _coupon)
    n = _kept.c
    query = (
        select(
            n.reason_id,
            n.employer_organisation_id,
            func.min(n.employer_name),
            func.min(n.profession),
            func.count(),
            func.count(distinct(person)),
        )
        .select_from(joined)
        .where(*conditions)
        .group_by(n.reason_id, n.employer_organisation_id, n.employer_key, n.profession_key)
    )
    return [tuple(row) for row in reader.execute(query).all()]


def total_label() -> str:
    """The name of the total line in the current locale."""
    return _("All reasons")


def nonhire_rows(
    reader: Reader, where: Where, plan: Plan, names: Names, locale: str, total: str
) -> tuple[list[NonhireReasonRow], list[NonhireRow]]:
    """Every reason in its order (retired ones too) then the total (named `total`), and the rows by
    employer, profession and reason (sorted by employer, profession, then the reasons' order)."""
    counts = reason_counts(reader, where, plan)
    reasons = reader.execute(
        select(
            NonhireReason.id,
            NonhireReason.code,
            NonhireReason.name_ru,
            NonhireReason.name_en,
            NonhireReason.name_be,
        ).order_by(NonhireReason.sort_order, NonhireReason.id)
    ).all()
    named = {
        key: (order, code, local_name(locale, ru=ru, en=en, be=be))
        for order, (key, code, ru, en, be) in enumerate(reasons)
    }
    lines = [
        NonhireReasonRow(code, name, *counts.get(key, (0, 0))) for key, (_o, code, name) in named.items()
    ]
    lines.append(NonhireReasonRow("total", total, *counts.get(TOTAL, (0, 0))))
    rows = []
    for reason_id, organisation_id, typed, profession, coupons, persons in detail_counts(reader, where, plan):
        order, code, name = named[reason_id]
        employer = names.organisations.get(organisation_id, "") if organisation_id is not None else typed
        rows.append(
            (
                (employer.casefold(), (profession or "").casefold(), order),
                NonhireRow(
                    employer, organisation_id, profession or "", code, name, int(coupons), int(persons)
                ),
            )
        )
    return lines, [row for _key, row in sorted(rows, key=lambda pair: pair[0])]


def live_rows(
    session: Session, *, district_ids: tuple[int, ...], start: date, end: date, as_of: date, locale: str
) -> tuple[list[NonhireReasonRow], list[NonhireRow]]:
    """The same figures counted now, on their own (a submitted period kept before they existed)."""
    where = Where(district_ids, start, end, as_of)
    plan = plan_for(session, 0)
    return nonhire_rows(session, where, plan, q.names(session, locale), locale, total_label())
