"""How the tally's person passes group records by person.

Within one district a person is a client (one `client` row). Over several districts a person is a client
code: a person who moved registers again in the new district under the same code (services/report/region),
so each count of persons over a region or the country counts distinct codes, never the sum of its
districts' persons.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from functools import reduce

from sqlalchemy import func, literal, select
from sqlalchemy.sql import ColumnElement, FromClause, Select
from sqlalchemy.sql.selectable import Subquery

from fairs.models import Client
from fairs.services.report.queries import Where
from fairs.services.report.reading import Plan


def person(
    where: Where, source: FromClause, client_id: ColumnElement[int]
) -> tuple[FromClause, ColumnElement]:
    """What a count of distinct persons reads and counts: `source` and its client id within one district;
    over several, `source` joined to the client and the client's code (a person counted once across the
    districts). For one group per person with masks, see `per_person`."""
    if not where.persons_by_code:
        return source, client_id
    client = Client.__table__
    # `+ 0`: the client is looked up by id for each record read, never the records by client.
    return source.join(client, client.c.id == client_id + literal(0, literal_execute=True)), client.c.code


def per_person(
    where: Where,
    plan: Plan,
    per_client: Select,
    client_id: ColumnElement[int],
    masks: dict[str, Sequence[int]],
    summed: Sequence[str] = (),
) -> Subquery:
    """`per_client` (labelled aggregates over a client's records) as one row per person, with the person's
    key as column `person` (the client id, or the client code).

    Within one district a person is a client: `per_client` grouped by `client_id`. Over several, the
    per-client rows are grouped again by the client's code: each mask in `masks` OR-ed over its bit
    positions, the columns in `summed` added up, every other column's maximum (a flag). Grouping the
    records by client first keeps the plan of a district's pass (records read in client order) whatever
    the scope."""
    if not where.persons_by_code:
        return per_client.add_columns(client_id.label("person")).group_by(client_id).subquery()
    inner = per_client.add_columns(client_id.label("client_id")).group_by(client_id).subquery()
    client = Client.__table__
    columns = [client.c.code.label("person")]
    for column in inner.c:
        if column.name == "client_id":
            continue
        if column.name in masks:
            combined = _mask_or(plan, column, masks[column.name])
        else:
            combined = (func.sum if column.name in summed else func.max)(column)
        columns.append(combined.label(column.name))
    return (
        select(*columns)
        .select_from(inner.join(client, client.c.id == inner.c.client_id))
        .group_by(client.c.code)
        .subquery()
    )


def _mask_or(plan: Plan, mask: ColumnElement[int], positions: Sequence[int]) -> ColumnElement[int]:
    """The OR of the masks of a group: PostgreSQL's BIT_OR; on SQLite, which has none, the sum over the
    positions used of each bit's maximum (each 0 or that bit)."""
    if plan.postgres:
        return func.bit_or(mask)
    bits = [func.max(mask.op("&")(literal(1 << position, literal_execute=True))) for position in positions]
    return reduce(operator.add, bits) if bits else literal(0, literal_execute=True)
