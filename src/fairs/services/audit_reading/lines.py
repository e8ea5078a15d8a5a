"""The audit log as people read it: each row's action, what it is about and its details in words, with
the ids in `details` replaced by names (an organisation's name, a fair's date, an account's login; a client
only by its code). The names of one page are read in one query per kind of record, whatever its length.

The rows keep their machine form in the database (`services/audit.record`); only this reading translates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from fairs.i18n import _, current_locale
from fairs.labels import (
    audit_action_label,
    audit_entity_label,
    audit_field_label,
    exporter_label,
    fair_status_label,
    organisation_kind_label,
    personal_field_label,
    role_label,
)
from fairs.models import (
    AuditEntry,
)
from fairs.services.audit import list_entries
from fairs.services.audit_reading.names import ID_KEYS, NAMED_ENTITIES, Names, collect, resolve
from fairs.services.coupons import format_short_code

FAIR_STATUS_ACTIONS = ("open", "close", "cancel")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class AuditLine:
    """One audit row in words."""

    at: datetime
    who: str | None
    action: str
    action_label: str
    entity: str
    subject: str
    details: list[tuple[str, str]]
    back_entered: bool


def audit_page(
    session: Session, *, district_id: int, page: int = 1, per_page: int = 50, entity: str | None = None
) -> tuple[list[AuditLine], int]:
    """One page of a district's audit log in words, newest first; and how many rows there are."""
    rows, total = list_entries(session, district_id=district_id, page=page, per_page=per_page, entity=entity)
    names = Names()
    for entry, _username in rows:
        collect(names, entry)
    resolve(session, names)
    return [_line(names, entry, username) for entry, username in rows], total


def _quoted(name: str) -> str:
    return _("“%(name)s”") % {"name": name}


def _day(value: date | str) -> str:
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d.%m.%Y")


def _direction_name(names: Names, code: object) -> str:
    direction = names.directions.get(code) if isinstance(code, str) else None
    return direction.name(current_locale.get()) if direction else str(code)


def _outcome_name(names: Names, direction_id: int | None, code: object) -> str:
    for outcome in names.outcomes.values():
        if outcome.code == code and (direction_id is None or outcome.direction_id == direction_id):
            return outcome.name(current_locale.get())
    return str(code)


def _named(names: Names, kind: str, ident: object) -> str:
    """A record named by its id: an organisation's name, a fair's date, an account's login…"""
    found = names.get(kind, ident)
    if kind == "outcome":
        outcome = names.outcomes.get(ident) if isinstance(ident, int) else None
        return outcome.name(current_locale.get()) if outcome else f"#{ident}"
    if found is None:
        return f"#{ident}"
    if kind == "fair":
        return _day(found)
    if kind == "booth":
        organisation, day = found
        return f"{_quoted(organisation)} ({audit_entity_label('fair')} {_day(day)})"
    if kind in ("organisation", "district", "region"):
        return _quoted(found)
    return str(found)


def _subject(names: Names, entry: AuditEntry) -> str:
    """What the row is about: «организация «Центр занятости»», «талон K7QM-2XHD-9», «ярмарка 12.01.2026»."""
    label = audit_entity_label(entry.entity)
    details = entry.details or {}
    if entry.entity == "coupon":
        code = details.get("code") or names.get("coupon", entry.entity_id)
        return f"{label} {format_short_code(code)}" if code else label
    if entry.entity == "direction":
        return f"{label} {_quoted(_direction_name(names, details.get('code')))}"
    if entry.entity == "closed_day" and details.get("date"):
        return f"{label} {_day(details['date'])}"
    if entry.entity == "followup_contact" and details.get("coupon"):
        return f"{label}: {audit_entity_label('coupon')} {format_short_code(details['coupon'])}"
    if entry.entity in ("visit", "consultation") and details.get("client"):
        return f"{label}: {audit_entity_label('client')} {details['client']}"
    if entry.entity in NAMED_ENTITIES and entry.entity_id is not None:
        return f"{label} {_named(names, entry.entity, entry.entity_id)}"
    return label


# Details already told by the subject, not repeated.
_IN_SUBJECT = {
    "fair": ("date",),
    "organisation": ("name",),
    "district": ("name",),
    "region": ("name",),
    "user": ("username",),
    "coupon": ("code",),
    "client": ("code",),
    "direction": ("code",),
    "closed_day": ("date",),
    "followup_contact": ("coupon",),
    "visit": ("client",),
    "consultation": ("client",),
}


def _details(names: Names, entry: AuditEntry) -> list[tuple[str, str]]:
    details = entry.details or {}
    skip = _IN_SUBJECT.get(entry.entity, ())
    lines: list[tuple[str, str]] = []
    for key, value in details.items():
        if key in skip or key in ("before", "after", "from", "to"):
            continue
        lines.append((audit_field_label(key), _value(names, entry, key, value)))
    if "from" in details and "to" in details:
        lines.append(_change(names, entry, details["from"], details["to"]))
    before, after = details.get("before"), details.get("after")
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after:
            old = _value(names, entry, key, before.get(key))
            lines.append((audit_field_label(key), f"{old} → {_value(names, entry, key, after[key])}"))
    return lines


def _change(names: Names, entry: AuditEntry, old: Any, new: Any) -> tuple[str, str]:
    """A fair's status or date changed (`from` → `to`), or an export's period (`from` – `to`)."""
    before, after = _value(names, entry, "from", old), _value(names, entry, "to", new)
    if entry.entity == "fair" and entry.action in FAIR_STATUS_ACTIONS:
        return audit_field_label("status"), f"{before} → {after}"
    if entry.entity == "fair":
        return audit_field_label("date"), f"{before} → {after}"
    return audit_field_label("period"), f"{before} – {after}"


def _value(names: Names, entry: AuditEntry, key: str, value: Any) -> str:  # noqa: C901, PLR0911
    """One value of `details` in words."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if key in ID_KEYS:
        if isinstance(value, list):
            return ", ".join(_named(names, ID_KEYS[key], v) for v in value)
        return _named(names, ID_KEYS[key], value)
    if key == "role":
        return role_label(str(value))
    if key == "kind":
        return organisation_kind_label(str(value))
    if key == "kinds":
        kinds = [k for k in str(value).split(",") if k]
        return ", ".join(organisation_kind_label(k) for k in kinds) if kinds else _("any kind")
    if key == "direction":
        return _direction_name(names, value)
    if key == "directions" and isinstance(value, list):
        return ", ".join(_direction_name(names, v) for v in value)
    if key == "outcome":
        return _outcome_name(names, _direction_of(names, entry), value)
    if key in ("fields", "erased") and isinstance(value, list):
        return ", ".join(personal_field_label(str(v)) for v in value)
    if key in ("from", "to") and entry.entity == "fair" and entry.action in FAIR_STATUS_ACTIONS:
        return fair_status_label(str(value))
    if key in ("coupon", "reissued_from") or (key == "code" and entry.entity == "coupon"):
        return format_short_code(str(value))
    if key == "exporter":
        return exporter_label(str(value))
    if key == "full_name" and value == "changed":
        return _("changed")
    if isinstance(value, list):
        return ", ".join(_value(names, entry, key, v) for v in value) or "—"
    if isinstance(value, str) and ISO_DATE.match(value):
        return _day(value)
    return str(value)


def _direction_of(names: Names, entry: AuditEntry) -> int | None:
    """The direction an outcome code of this row belongs to (outcome codes are unique per direction)."""
    if entry.entity == "direction":
        direction = names.directions.get((entry.details or {}).get("code"))
        return direction.id if direction else None
    if entry.entity == "coupon" and entry.entity_id is not None:
        return names.coupon_directions.get(entry.entity_id)
    return None


def _line(names: Names, entry: AuditEntry, username: str | None) -> AuditLine:
    return AuditLine(
        at=entry.at,
        who=username,
        action=entry.action,
        action_label=audit_action_label(entry.action),
        entity=entry.entity,
        subject=_subject(names, entry),
        details=_details(names, entry),
        back_entered=entry.back_entered,
    )
