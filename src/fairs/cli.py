"""The `fairs` command: migrate, demo data, serve, users."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

import fairs
from fairs.config import get_settings
from fairs.db import get_engine
from fairs.errors import DomainError, Invalid, NotFound
from fairs.i18n import current_locale
from fairs.models import District, Organisation, Region, Role

app = typer.Typer(
    name="fairs", help="Referral-scheme service fairs.", no_args_is_help=True, add_completion=False
)
users_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@app.callback()
def _main() -> None:
    """Referral-scheme service fairs: schedule, booths, referral coupons, tallies."""
    # Domain messages come out in the deployment's language, as on the pages.
    current_locale.set(get_settings().default_locale)


def _alembic_ini() -> Path:
    return Path(fairs.__file__).resolve().parents[2] / "alembic.ini"


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _fail(message: str, code: int) -> typer.Exit:
    typer.secho(message, fg=typer.colors.RED, err=True)
    return typer.Exit(code)


@contextmanager
def _domain_errors() -> Iterator[None]:
    """A refusal of the domain becomes a red message on stderr and exit code 2."""
    try:
        yield
    except DomainError as error:
        raise _fail(error.message, 2) from None


def _require_schema() -> None:
    if "user" not in inspect(get_engine()).get_table_names():
        raise _fail("The database has no tables yet: run `fairs migrate` first.", 1)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    from alembic.command import upgrade
    from alembic.config import Config

    ini = _alembic_ini()
    if not ini.is_file():
        raise _fail(f"alembic.ini not found at {ini}", 1)
    settings = get_settings()
    cfg = Config(str(ini))
    # ConfigParser interpolates "%": escape it (URL-encoded passwords).
    cfg.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    cfg.attributes["configure_logger"] = False
    upgrade(cfg, "head")
    typer.echo(f"Database is up to date: {_safe_url(settings.database_url)}")


@app.command()
def demo() -> None:
    """Load the demo district, partners, users and fairs (once), and print the demo logins."""
    from fairs.demo import load_demo

    _require_schema()
    with _domain_errors(), Session(get_engine()) as session:
        logins = load_demo(session)
        session.commit()
    typer.echo("Demo data is loaded. Demo logins (for trying the application only):")
    typer.echo(_table(("role", "username", "password"), logins))


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Restart when the code changes (development).")] = False,
    workers: Annotated[int | None, typer.Option(min=1, help="Worker processes (not with --reload).")] = None,
) -> None:
    """Run the web application with uvicorn (several processes: one socket each, see fairs.serving)."""
    import uvicorn

    from fairs import serving

    log_level = get_settings().log_level.lower()
    if workers and workers > 1 and not reload and serving.reuse_port_supported():
        serving.serve_processes(host=host, port=port, workers=workers, log_level=log_level)
        return
    uvicorn.run(
        "fairs.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        reload_dirs=[str(Path(fairs.__file__).resolve().parent)] if reload else None,
        workers=workers,
        log_level=log_level,
    )


@app.command("backup")
def backup_command(
    path: Annotated[Path, typer.Argument(help="The backup file to write (replaced if it exists).")],
) -> None:
    """Write a consistent backup of the database to PATH while the app keeps running."""
    from fairs.backup import BackupError, backup

    url = get_settings().database_url
    try:
        result = backup(url, path)
    except BackupError as error:
        raise _fail(str(error), 1) from None
    typer.echo(
        f"Backed up {_safe_url(url)} to {result.path} ({result.size:,} bytes, schema {result.revision})."
    )


@app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="A file written by `fairs backup`.")],
    force: Annotated[
        bool, typer.Option(help="Replace the contents of a database that is not empty.")
    ] = False,
) -> None:
    """Restore a backup into the configured database (empty unless --force); stop the app first."""
    from fairs.backup import BackupError, restore

    url = get_settings().database_url
    try:
        result = restore(url, path, force=force)
    except BackupError as error:
        raise _fail(str(error), 1) from None
    typer.echo(
        f"Restored {result.path} into {_safe_url(url)} (schema {result.revision}); run `fairs migrate` next."
    )


@app.command("retention")
def retention_command(
    older_than: Annotated[str, typer.Option(help="No activity for this long: e.g. 36m, 3y, 1095d.")] = "36m",
    apply: Annotated[
        bool, typer.Option(help="Erase now (without it, only show who would be erased).")
    ] = False,
) -> None:
    """Show, then with --apply erase, personal fields of clients inactive for --older-than; codes stay.

    Login sessions past their lifetime are counted too, and removed with --apply; so are background
    exports made more than a day ago, with their stored workbooks."""
    from fairs.clock import local_today
    from fairs.exports import jobs as export_jobs
    from fairs.services import clients

    _require_schema()
    with _domain_errors(), Session(get_engine()) as session:
        cutoff = clients.cutoff_for(older_than, local_today())
        stale = (
            clients.erase_stale(session, cutoff=cutoff)
            if apply
            else clients.stale_clients(session, cutoff=cutoff)
        )
        expired = clients.expired_sessions(session, apply=apply)
        rows = [(c.district, c.code, c.last_activity.isoformat()) for c in stale]
        if rows:
            typer.echo(_table(("district", "client code", "last activity"), rows))
        if apply:
            session.commit()
            typer.echo(f"Erased the personal fields of {len(stale)} clients with no activity since {cutoff}.")
            typer.echo(f"Removed {expired} expired login sessions.")
            export_jobs.fail_abandoned()
            typer.echo(f"Removed {export_jobs.cleanup()} background exports made more than a day ago.")
        else:
            typer.echo(
                f"{len(stale)} clients have personal fields and no activity since {cutoff}; "
                "run again with --apply to erase them."
            )
            typer.echo(f"{expired} expired login sessions would be removed.")


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
    district: Annotated[str | None, typer.Option(help="District name (organisers, committee).")] = None,
    region: Annotated[str | None, typer.Option(help="Region name (committee of a whole region).")] = None,
    organisation: Annotated[str | None, typer.Option(help="Organisation name (partners).")] = None,
    full_name: Annotated[str, typer.Option(help="The person's full name.")] = "",
) -> None:
    """Create a user account."""
    from fairs.services import accounts

    _require_schema()
    with _domain_errors(), Session(get_engine()) as session:
        district_row = _find_district(session, district, region) if district else None
        region_row = _find_region(session, region) if region and district_row is None else None
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
        )
        session.commit()
        typer.echo(f"Created {user.role} user {user.username!r} (id {user.id}).")


@users_app.command("set-password")
def set_password(
    username: Annotated[str, typer.Argument(help="Login name.")],
    password: PasswordOption,
) -> None:
    """Replace a user's password."""
    from fairs.services import accounts

    _require_schema()
    with _domain_errors(), Session(get_engine()) as session:
        user = accounts.set_password(session, actor=None, username=username, password=password)
        session.commit()
        typer.echo(f"Password of {user.username!r} changed.")


def _find_region(session: Session, name: str) -> Region:
    region = session.exec(select(Region).where(Region.name == name.strip())).first()
    if region is None:
        raise NotFound(f"No region named {name!r}.", code="region_not_found")
    return region


def _find_district(session: Session, name: str, region: str | None) -> District:
    query = select(District).where(District.name == name.strip())
    if region:
        query = query.where(District.region_id == _find_region(session, region).id)
    found = list(session.exec(query).all())
    if not found:
        raise NotFound(f"No district named {name!r}.", code="district_not_found")
    if len(found) > 1:
        raise Invalid(f"Several districts are named {name!r}: add --region.", code="ambiguous_district")
    return found[0]


def _find_organisation(session: Session, name: str, district: District | None) -> Organisation:
    query = select(Organisation).where(Organisation.name == name.strip())
    if district is not None:
        query = query.where(Organisation.district_id == district.id)
    found = list(session.exec(query).all())
    if not found:
        raise NotFound(f"No organisation named {name!r}.", code="organisation_not_found")
    if len(found) > 1:
        raise Invalid(
            f"Several organisations are named {name!r}: add --district.", code="ambiguous_organisation"
        )
    return found[0]
