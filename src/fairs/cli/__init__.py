"""The `fairs` command: migrate, demo data, serve, backup, restore, retention, users, regions, districts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

import fairs
from fairs.cli.common import domain_errors, fail, require_schema, run_migrations, safe_url
from fairs.cli.geo import districts_app, regions_app
from fairs.cli.setup import quickstart, setup_district
from fairs.cli.users import users_app
from fairs.config import get_settings
from fairs.db import get_engine
from fairs.i18n import current_locale
from fairs.services import coupons

app = typer.Typer(
    name="fairs", help="Referral-scheme service fairs.", no_args_is_help=True, add_completion=False
)
app.add_typer(users_app, name="users")
app.add_typer(regions_app, name="regions")
app.add_typer(districts_app, name="districts")
app.command("setup")(setup_district)
app.command("quickstart")(quickstart)


@app.callback()
def _main() -> None:
    """Referral-scheme service fairs: schedule, booths, referral coupons, tallies."""
    # Domain messages come out in the deployment's language, as on the pages.
    current_locale.set(get_settings().default_locale)


@app.command()
def migrate() -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    run_migrations()


@app.command()
def demo() -> None:
    """Load the demo district, users and fairs (once) and print the demo logins; demo mode only."""
    from fairs.demo import load_demo

    if not get_settings().demo:
        # Its logins are published (README): outside demo mode they would be anyone's way in.
        raise fail(
            "`fairs demo` runs only in demo mode: set FAIRS_DEMO=1 (its passwords are published and do not "
            "log in otherwise).",
            2,
        )
    require_schema()
    with domain_errors(), Session(get_engine()) as session:
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

    settings = get_settings()
    warning = None if settings.demo else coupons.qr_address_warning()
    if warning:  # printed coupons would carry a QR that no phone can open
        typer.secho(f"WARNING: {warning}", fg=typer.colors.YELLOW, err=True)
    log_level = settings.log_level.lower()
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
        raise fail(str(error), 1) from None
    typer.echo(
        f"Backed up {safe_url(url)} to {result.path} ({result.size:,} bytes, schema {result.revision})."
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
        raise fail(str(error), 1) from None
    typer.echo(
        f"Restored {result.path} into {safe_url(url)} (schema {result.revision}); run `fairs migrate` next."
    )


@app.command("retention")
def retention_command(
    older_than: Annotated[str, typer.Option(help="No activity for this long: e.g. 36m, 3y, 1095d.")] = "36m",
    apply: Annotated[
        bool, typer.Option(help="Erase now (without it, only show who would be erased).")
    ] = False,
) -> None:
    """Show, then with --apply erase, personal fields of clients inactive for --older-than; codes stay.

    People expected before release whose registration and planned release both lie before the cut-off lose
    their personal fields too. Login sessions past their lifetime are counted too, and removed with
    --apply; so are stored answers to idempotent redeems past their 24 hours (they hold whole coupons), the
    typed codes of scans made before the cut-off (the scans stay), and background exports made more than a
    day ago, with their workbooks."""
    from fairs.clock import local_today
    from fairs.exports import jobs as export_jobs
    from fairs.services import clients, coupons, release

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        cutoff = clients.cutoff_for(older_than, local_today())
        stale = (
            clients.erase_stale(session, cutoff=cutoff)
            if apply
            else clients.stale_clients(session, cutoff=cutoff)
        )
        expected = (
            release.erase_stale_expected(session, cutoff=cutoff)
            if apply
            else len(release.stale_expected(session, cutoff=cutoff))
        )
        expired = clients.expired_sessions(session, apply=apply)
        answers = coupons.expired_idempotency_answers(session, apply=apply)
        scans = coupons.old_scan_refs(session, before=cutoff, apply=apply)
        rows = [(c.district, c.code, c.last_activity.isoformat()) for c in stale]
        if rows:
            typer.echo(_table(("district", "client code", "last activity"), rows))
        if apply:
            session.commit()
            typer.echo(f"Erased the personal fields of {len(stale)} clients with no activity since {cutoff}.")
            typer.echo(
                f"Erased the personal fields of {expected} people expected before release, registered and"
                f" due for release before {cutoff}."
            )
            typer.echo(f"Removed {expired} expired login sessions.")
            typer.echo(f"Removed {answers} stored idempotency answers older than 24 hours.")
            typer.echo(f"Erased the typed codes of {scans} scans made before {cutoff}.")
            export_jobs.fail_abandoned()
            typer.echo(f"Removed {export_jobs.cleanup()} background exports made more than a day ago.")
        else:
            typer.echo(
                f"{len(stale)} clients have personal fields and no activity since {cutoff}; "
                "run again with --apply to erase them."
            )
            typer.echo(
                f"{expected} people expected before release, registered and due for release before {cutoff},"
                " hold personal fields that would be erased."
            )
            typer.echo(f"{expired} expired login sessions would be removed.")
            typer.echo(f"{answers} stored idempotency answers older than 24 hours would be removed.")
            typer.echo(f"{scans} scans made before {cutoff} hold a typed code that would be erased.")
