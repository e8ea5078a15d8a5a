"""`fairs users …`: create accounts and set passwords from the command line."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel import Session, select

from fairs.cli.common import domain_errors, require_schema
from fairs.db import get_engine
from fairs.errors import Invalid, NotFound
from fairs.i18n import _
from fairs.models import District, Organisation, Role

users_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)


PasswordOption = Annotated[
    str,
    typer.Option(
        "--password",
        envvar="FAIRS_NEW_PASSWORD",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        show_envvar=True,
        help="The password (asked for when not given).",
    ),
]


@users_app.command("create")
def create_user(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[Role, typer.Option(case_sensitive=False, help="What the user may do.")],
    password: PasswordOption,
    district: Annotated[
        str | None, typer.Option(help="District name (organisers, committee, curators).")
    ] = None,
    region: Annotated[str | None, typer.Option(help="Region name (committee of a whole region).")] = None,
    organisation: Annotated[
        str | None, typer.Option(help="Organisation name (partners, prison social workers).")
    ] = None,
    full_name: Annotated[str, typer.Option(help="The person's full name.")] = "",
    temporary: Annotated[
        bool,
        typer.Option(
            "--temporary/--no-temporary",
            help="The person must change the password at the first login (you chose it for them); "
            "--no-temporary for your own account.",
        ),
    ] = True,
) -> None:
    """Create a user account."""
    from fairs.services import accounts, registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        district_row = registry.find_district(session, district, region=region) if district else None
        region_row = registry.find_region(session, region) if region and district_row is None else None
        org_row = _find_organisation(session, organisation, district_row) if organisation else None
        user = accounts.create_user(
            session,
            actor=None,
            username=username,
            password=password,
            role=role,
            district_id=district_row.id if district_row else None,
            region_id=region_row.id if region_row else None,
            organisation_id=org_row.id if org_row else None,
            full_name=full_name,
            temporary=temporary,
        )
        session.commit()
        typer.echo(f"Created {user.role} user {user.username!r} (id {user.id}).")
        if user.must_change_password:
            typer.echo("The password must be changed at the first login.")


@users_app.command("set-password")
def set_password(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: PasswordOption,
) -> None:
    """Replace a user's password."""
    from fairs.services import accounts

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        user = accounts.set_password(session, actor=None, username=username, password=password)
        session.commit()
        typer.echo(f"Password of {user.username!r} changed.")


def _find_organisation(session: Session, name: str, district: District | None) -> Organisation:
    query = select(Organisation).where(Organisation.name == name.strip())
    if district is not None:
        query = query.where(Organisation.district_id == district.id)
    found = list(session.exec(query).all())
    if not found:
        message = _("No organisation named %(name)s.") % {"name": repr(name)}
        raise NotFound(message, code="organisation_not_found")
    if len(found) > 1:
        raise Invalid(
            _("Several organisations are named %(name)s: add --district.") % {"name": repr(name)},
            code="ambiguous_organisation",
        )
    return found[0]
