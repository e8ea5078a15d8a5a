"""Checking the rows of an import: every row, every error, nothing written.

The rows come from a workbook (`sheet.read_workbook`) or back from the preview page's hidden field, so
their shape is checked too: the client is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from fairs.errors import DomainError, Invalid
from fairs.i18n import _, in_locale
from fairs.labels import organisation_kind_label
from fairs.models import Direction, Organisation, OrganisationKind, User
from fairs.services import accounts, registry
from fairs.services.partner_import.sheet import ACCOUNT_COLUMNS, MAX_ROWS, ORGANISATION_COLUMNS, fold
from fairs.services.scope import ensure_organiser_of, home_district

# The longest text each column takes (the model's column sizes).
LIMITS = {"name": 300, "address": 300, "phone": 100, "hours": 200, "full_name": 200, "organisation": 300}


@dataclass
class OrganisationRow:
    """One organisation of the file, as typed, with what it resolves to and its errors."""

    line: int
    name: str
    kind: str
    directions: str
    address: str
    phone: str
    hours: str
    kind_code: str = ""
    direction_codes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class AccountRow:
    """One partner staff account of the file, as typed, with its errors."""

    line: int
    login: str
    full_name: str
    organisation: str
    organisation_id: int | None = None  # an organisation registered already (else one of the file's)
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportCheck:
    """Every row of an import with its errors; `ok` when nothing stands in the way."""

    organisations: list[OrganisationRow]
    accounts: list[AccountRow]

    @property
    def error_count(self) -> int:
        """How many rows have an error."""
        return sum(1 for row in [*self.organisations, *self.accounts] if row.errors)

    @property
    def ok(self) -> bool:
        """True when the import may be written (something to write, and no error)."""
        return self.error_count == 0 and bool(self.organisations or self.accounts)

    def raw(self) -> dict[str, list[dict[str, Any]]]:
        """The rows as typed (what the preview carries to the confirmation, to be checked again)."""
        org_keys = ["line", *(c.key for c in ORGANISATION_COLUMNS)]
        account_keys = ["line", *(c.key for c in ACCOUNT_COLUMNS)]
        return {
            "organisations": [{k: getattr(r, k) for k in org_keys} for r in self.organisations],
            "accounts": [{k: getattr(r, k) for k in account_keys} for r in self.accounts],
        }

    def errors(self) -> list[dict[str, Any]]:
        """The rows with errors: sheet, line and messages."""
        rows = [("organisations", r) for r in self.organisations] + [("accounts", r) for r in self.accounts]
        return [{"sheet": sheet, "line": r.line, "errors": r.errors} for sheet, r in rows if r.errors]


def check_import(session: Session, *, actor: User, rows: Any) -> ImportCheck:  # noqa: ANN401
    """Every row of an import checked against the rules and the district's register; nothing written."""
    district_id = home_district(actor)
    ensure_organiser_of(actor, district_id)
    org_rows, account_rows = _shape(rows)
    registered = {
        fold(o.name): o
        for o in registry.list_organisations(session, actor=actor)
        if o.district_id == district_id
    }
    orgs = [_organisation(row) for row in org_rows]
    _resolve(session, orgs, registered)
    file_names = {fold(o.name): o for o in orgs if o.name}
    staff = [_account(session, row, registered, file_names) for row in account_rows]
    _repeats_of_logins(staff)
    return ImportCheck(orgs, staff)


def _shape(rows: Any) -> tuple[list[dict], list[dict]]:  # noqa: ANN401
    """The two lists of rows, each a dict of text values and a line number; anything else is refused."""
    refused = Invalid(_("The import data is damaged: upload the file again."), code="bad_import_data")
    if not isinstance(rows, dict):
        raise refused
    result = []
    for key, columns in (("organisations", ORGANISATION_COLUMNS), ("accounts", ACCOUNT_COLUMNS)):
        items = rows.get(key, [])
        if not isinstance(items, list) or len(items) > MAX_ROWS:
            raise refused
        clean = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("line"), int):
                raise refused
            values = {c.key: item.get(c.key, "") for c in columns}
            if not all(isinstance(v, str) and len(v) <= 2000 for v in values.values()):
                raise refused
            clean.append({"line": item["line"], **{k: v.strip() for k, v in values.items()}})
        result.append(clean)
    return result[0], result[1]


def _too_long(row: dict, keys: tuple[str, ...]) -> list[str]:
    message = _("Too long: %(field)s has more than %(count)d characters.")
    labels = {
        "name": _("Name"),
        "address": _("Address"),
        "phone": _("Phone"),
        "hours": _("Opening hours"),
        "full_name": _("Full name"),
        "organisation": _("Organisation"),
    }
    return [message % {"field": labels[k], "count": LIMITS[k]} for k in keys if len(row[k]) > LIMITS[k]]


def _kinds() -> dict[str, str]:
    """Every way to write a kind (code, Russian or English name) → its code."""
    names: dict[str, str] = {}
    for kind in OrganisationKind:
        names[fold(kind.value)] = kind.value
        for locale in ("ru", "en"):
            with in_locale(locale):
                names[fold(organisation_kind_label(kind.value))] = kind.value
    return names


def _organisation(row: dict) -> OrganisationRow:
    org = OrganisationRow(**row)
    if not org.name:
        org.errors.append(_("The organisation needs a name."))
    org.kind_code = _kinds().get(fold(org.kind), "")
    if not org.kind:
        org.errors.append(_("The kind is missing: pick one from the list."))
    elif not org.kind_code:
        org.errors.append(_("Unknown kind of organisation: «%(kind)s».") % {"kind": org.kind})
    org.errors.extend(_too_long(row, ("name", "address", "phone", "hours")))
    return org


def _resolve(session: Session, orgs: list[OrganisationRow], registered: dict[str, Organisation]) -> None:
    """Directions by code or name (each one retired or not meant for the row's kind is an error); names
    repeated in the file or registered in the district already."""
    directions: dict[str, Direction] = {}
    for d in registry.list_directions(session, active_only=False):
        for written in (d.code, d.name_ru, d.name_en):
            directions[fold(written)] = d
    first_line: dict[str, int] = {}
    for org in orgs:
        for token in org.directions.replace(";", ",").split(","):
            if not token.strip():
                continue
            direction = directions.get(fold(token))
            if direction is None:
                org.errors.append(_("Unknown direction: «%(direction)s».") % {"direction": token.strip()})
                continue
            if direction.code in org.direction_codes:
                continue
            org.direction_codes.append(direction.code)
            try:  # (the row's kind, when it is known: an unknown kind is an error of its own)
                if org.kind_code:
                    registry.ensure_direction_fits(direction, kind=org.kind_code)
                else:
                    registry.ensure_direction_open(direction, purpose="organisation")
            except DomainError as error:
                org.errors.append(error.message)
        key = fold(org.name)
        if not key:
            continue
        if key in registered:
            org.errors.append(_("An organisation with this name is registered in the district already."))
        elif key in first_line:
            message = _("The same name as in row %(line)d of this sheet.")
            org.errors.append(message % {"line": first_line[key]})
        first_line.setdefault(key, org.line)


def _account(
    session: Session,
    row: dict,
    registered: dict[str, Organisation],
    file_names: dict[str, OrganisationRow],
) -> AccountRow:
    account = AccountRow(**row)
    if account.login:
        try:
            account.login = accounts.check_username(session, account.login)
        except DomainError as error:
            account.errors.append(error.message)
    else:
        account.errors.append(_("A username is required."))
    key = fold(account.organisation)
    if not key:
        account.errors.append(_("Name the organisation the account belongs to."))
    elif key in registered:
        account.organisation_id = registered[key].id
    elif key not in file_names:
        message = _(
            "Organisation not found: «%(name)s» is neither in this file nor registered in the district."
        )
        account.errors.append(message % {"name": account.organisation})
    account.errors.extend(_too_long(row, ("full_name",)))
    return account


def _repeats_of_logins(staff: list[AccountRow]) -> None:
    """A login that repeats, or looks like, one of an earlier row of the file."""
    seen: dict[str, AccountRow] = {}
    for account in staff:
        if not account.login:
            continue
        shape = accounts.username_skeleton(account.login.lower())
        if shape in seen:
            message = _("The login repeats, or looks like, the login in row %(line)d of this sheet.")
            account.errors.append(message % {"line": seen[shape].line})
        else:
            seen[shape] = account
