"""The committee's tally of booth consultations: how many, distinct persons consulted, and per direction.

A consultation belongs to the fair of its booth, and carries its person (`queries.per_person`): one
consulted in two directions counts once overall and once in each direction's row."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, literal, select

from fairs.models import Booth, Consultation
from fairs.services.report import queries as q
from fairs.services.report.queries import Names, Where
from fairs.services.report.reading import Plan, Reader

_booth = Booth.__table__.c
_consultation = Consultation.__table__


@dataclass
class ConsultationCounts:
    """Consultations at the scope's booths in the period, and distinct persons consulted there."""

    consultations: int = 0
    persons: int = 0
    directions: dict[int, int] = field(default_factory=dict)  # direction id → distinct persons


def consultation_counts(reader: Reader, where: Where, plan: Plan, names: Names) -> ConsultationCounts:
    """One group per person (their consultations and a mask of their directions), then how many persons
    have each direction's bit; direction ids too large for a mask are counted by (person, direction)."""
    c = _consultation.c
    ids = [row[0] for row in names.directions]
    by_direction = all(0 <= direction_id < q.MASK_BITS for direction_id in ids)
    zero = literal(0, literal_execute=True)
    at_booths = _consultation.join(Booth.__table__, _booth.id == c.booth_id)
    direction_ids = ids if by_direction else []
    per_consultation = (
        select(func.count().label("n"), (q.bit_or(plan, c.direction_id) if by_direction else zero).label("d"))
        .select_from(at_booths)
        .where(where.made_at_fairs(_booth.fair_id))
    )
    p = q.per_person(per_consultation, q.person_key(plan, where, _consultation)).c
    query = select(
        func.count(),
        func.coalesce(func.sum(p.n), 0),
        *[q.with_bit(plan, p.d, direction_id) for direction_id in direction_ids],
    )
    persons, consultations, *flags = reader.execute(query).one()
    result = ConsultationCounts(int(consultations), int(persons))
    result.directions.update(
        (direction_id, q.bit_count(plan, total, direction_id))
        for direction_id, total in zip(direction_ids, flags, strict=True)
    )
    if not by_direction:
        pairs = select(c.direction_id).select_from(at_booths).where(where.made_at_fairs(_booth.fair_id))
        pairs = pairs.group_by(q.person_key(plan, where, _consultation), c.direction_id).subquery()
        per_direction = select(pairs.c.direction_id, func.count()).group_by(pairs.c.direction_id)
        result.directions.update((key, int(n)) for key, n in reader.execute(per_direction).all())
    return result
