"""Importing partner organisations and their staff accounts from a spreadsheet: the template, reading a
filled one, checking every row (nothing written), and writing it all or nothing.

Uses the register and the accounts only through their public functions, so an imported organisation or
account obeys the same rules (and leaves the same audit rows) as one registered by hand."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlmodel import Session

from fairs.errors import Invalid
from fairs.i18n import _
from fairs.models import Organisation, Role, User
from fairs.services import accounts, audit, registry
from fairs.services.partner_import.checks import AccountRow, ImportCheck, OrganisationRow, check_import
from fairs.services.partner_import.sheet import (
    MAX_BYTES,
    MAX_ROWS,
    build_template,
    fold,
    read_upload,
    read_workbook,
)
from fairs.services.scope import home_district

# Temporary passwords: no look-alike characters, easy to read out and type (about 70 bits).
PASSWORD_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # noqa: S105 (an alphabet, not a password)


@dataclass
class ImportedAccount:
    """An account made by the import, with its temporary password (shown once, never stored as such)."""

    username: str
    full_name: str
    organisation: str
    password: str


@dataclass
class ImportResult:
    """What an import wrote."""

    organisations: list[Organisation]
    accounts: list[ImportedAccount]


def template_for(session: Session, *, actor: User) -> bytes:
    """The import template for the actor's district (organisers)."""
    check_import(session, actor=actor, rows={})  # the same authorisation as the import itself
    district_id = home_district(actor)
    organisations = [
        o for o in registry.list_organisations(session, actor=actor) if o.district_id == district_id
    ]
    return build_template(registry.list_directions(session), organisations)


def temporary_password() -> str:
    """A random password to hand over, in three groups of four (`k7qm-2xhd-9fpt`)."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


def import_rows(session: Session, *, actor: User, rows: object) -> ImportResult:
    """Check every row again and, only if all are right, register the organisations and create the
    accounts (each with a temporary password) in the caller's transaction; else nothing is written."""
    check = check_import(session, actor=actor, rows=rows)
    if not check.ok:
        if not check.organisations and not check.accounts:
            raise Invalid(_("The file has no rows to import."), code="import_empty")
        raise Invalid(
            _("Nothing was imported: %(count)d rows have errors.") % {"count": check.error_count},
            code="import_invalid",
            rows=check.errors(),
        )
    created: dict[str, Organisation] = {}
    for row in check.organisations:
        org = registry.create_organisation(
            session,
            actor=actor,
            name=row.name,
            kind=row.kind_code,
            address=row.address,
            phone=row.phone,
            hours=row.hours,
            directions=row.direction_codes,
        )
        created[fold(row.name)] = org
    made = []
    for account in check.accounts:
        org_id = account.organisation_id or created[fold(account.organisation)].id
        password = temporary_password()
        user = accounts.create_user(
            session,
            actor=actor,
            username=account.login,
            password=password,
            role=Role.partner,
            organisation_id=org_id,
            full_name=account.full_name,
        )
        org_name = (
            account.organisation if account.organisation_id else created[fold(account.organisation)].name
        )
        made.append(ImportedAccount(user.username, user.full_name, org_name, password))
    audit.record(
        session,
        actor=actor,
        action="import",
        entity="organisation",
        entity_id=None,
        district_id=home_district(actor),
        details={"organisations": len(created), "accounts": len(made)},
    )
    return ImportResult(list(created.values()), made)


__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "AccountRow",
    "ImportCheck",
    "ImportResult",
    "ImportedAccount",
    "OrganisationRow",
    "check_import",
    "import_rows",
    "read_upload",
    "read_workbook",
    "template_for",
    "temporary_password",
]
