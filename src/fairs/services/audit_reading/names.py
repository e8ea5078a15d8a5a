"""The names of the records a page of the audit log mentions, read in one query per kind of record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from fairs.models import (
    AuditEntry,
    Booth,
    Client,
    Coupon,
    Direction,
    District,
    Fair,
    Organisation,
    Outcome,
    Region,
    User,
)

# Keys of `details` holding the id of a record, and the kind of record it names.
ID_KEYS = {
    "organisation_id": "organisation",
    "fair_id": "fair",
    "booth_id": "booth",
    "district_id": "district",
    "from_district_id": "district",
    "to_district_id": "district",
    "region_id": "region",
    "districts": "district",
    "redeemed_by_id": "user",
    "outcome_id": "outcome",
    "client_id": "client",
    "curator_id": "user",
    "previous_curator_id": "user",
}
# Entities whose `entity_id` is resolved to a name (the others are told by their details).
NAMED_ENTITIES = (
    "organisation",
    "fair",
    "booth",
    "district",
    "region",
    "user",
    "client",
    "coupon",
    "direction",
)
# A status change of a fair records the statuses in `from` and `to`.


@dataclass
class Names:
    """The names of the records a page of the log mentions, by kind and id."""

    ids: dict[str, set[int]] = field(default_factory=dict)
    names: dict[str, dict[int, Any]] = field(default_factory=dict)
    directions: dict[str, Direction] = field(default_factory=dict)
    outcomes: dict[int, Outcome] = field(default_factory=dict)
    coupon_directions: dict[int, int] = field(default_factory=dict)

    def want(self, kind: str, value: object) -> None:
        values = value if isinstance(value, list) else [value]
        for one in values:
            if isinstance(one, int) and not isinstance(one, bool):
                self.ids.setdefault(kind, set()).add(one)

    def get(self, kind: str, ident: object) -> Any:
        return self.names.get(kind, {}).get(ident) if isinstance(ident, int) else None


def collect(names: Names, entry: AuditEntry) -> None:
    if entry.entity in NAMED_ENTITIES and entry.entity_id is not None:
        names.want(entry.entity, entry.entity_id)
    for key, value in _flat(entry.details or {}):
        if key in ID_KEYS:
            names.want(ID_KEYS[key], value)
        elif key in ("direction", "directions", "outcome") or entry.entity == "direction":
            names.want("directions", 0)  # the directions and outcomes tables: read once, both small


def _flat(details: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    for key, value in details.items():
        if key in ("before", "after") and isinstance(value, dict):
            yield from value.items()
        else:
            yield key, value


def _by_ids(session: Session, columns: tuple, key: Any, ids: set[int]) -> list:
    return list(session.exec(select(*columns).where(key.in_(sorted(ids)))).all())


def resolve(session: Session, names: Names) -> None:
    """One query per kind of record the page mentions."""
    simple = {
        "organisation": (Organisation.id, Organisation.name),
        "fair": (Fair.id, Fair.date),
        "district": (District.id, District.name),
        "region": (Region.id, Region.name),
        "user": (User.id, User.username),
        "client": (Client.id, Client.code),  # never a personal field: the pseudonymous code only
    }
    for kind, (key, value) in simple.items():
        if names.ids.get(kind):
            names.names[kind] = {i: v for i, v in _by_ids(session, (key, value), key, names.ids[kind])}
    if names.ids.get("booth"):
        query = (
            select(Booth.id, Organisation.name, Fair.date)
            .join(Organisation, Organisation.id == Booth.organisation_id)
            .join(Fair, Fair.id == Booth.fair_id)
            .where(Booth.id.in_(sorted(names.ids["booth"])))
        )
        names.names["booth"] = {i: (org, day) for i, org, day in session.exec(query).all()}
    if names.ids.get("coupon"):
        query = select(Coupon.id, Coupon.code, Coupon.direction_id).where(
            Coupon.id.in_(sorted(names.ids["coupon"]))
        )
        found = session.exec(query).all()
        names.names["coupon"] = {i: code for i, code, _direction in found}
        names.coupon_directions = {i: direction for i, _code, direction in found}
    if names.ids.get("directions") or names.ids.get("outcome") or names.ids.get("direction"):
        names.directions = {d.code: d for d in session.exec(select(Direction)).all()}
        names.outcomes = {o.id: o for o in session.exec(select(Outcome)).all()}
