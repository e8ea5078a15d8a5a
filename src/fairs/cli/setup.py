"""`fairs setup` and `fairs quickstart`: a district sets itself up on an empty, migrated database.

Everything is made in one transaction through the services (region reused when it exists, district, its
fair venue and hours, the first organiser, optionally an administrator): a refusal leaves nothing behind.
Running it again for a district that exists refuses; accounts are added later with `fairs users create`.
"""

from __future__ import annotations

import os
import sys
from datetime import time
from pathlib import Path
from typing import Annotated

import typer
from sqlmodel import Session

from fairs.cli.common import domain_errors, fail, require_schema, run_migrations
from fairs.config import get_settings
from fairs.db import get_engine
from fairs.errors import Conflict, Invalid, NotFound
from fairs.i18n import _
from fairs.models import Role

DEFAULT_STARTS = "09:00"
DEFAULT_ENDS = "18:00"
LOCAL_ADDRESS = "http://127.0.0.1:8000"


RegionOpt = Annotated[str | None, typer.Option("--region", help="The region (reused when it exists).")]
DistrictOpt = Annotated[str | None, typer.Option("--district", help="The district to set up.")]
VenueOpt = Annotated[str | None, typer.Option("--venue", help="Where the district's fairs are held.")]
StartsOpt = Annotated[str | None, typer.Option("--starts", help=f"Fairs start (HH:MM, {DEFAULT_STARTS}).")]
EndsOpt = Annotated[str | None, typer.Option("--ends", help=f"Fairs end (HH:MM, {DEFAULT_ENDS}).")]
OrganiserOpt = Annotated[str | None, typer.Option("--organiser", help="The first organiser's login.")]
OrganiserNameOpt = Annotated[
    str | None, typer.Option("--organiser-name", help="The organiser's full name (optional).")
]
PasswordFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        help="A file whose first line is the organiser's password (else FAIRS_NEW_PASSWORD, else asked).",
    ),
]
AdminOpt = Annotated[
    str | None, typer.Option("--admin", help="Also create an administrator with this login.")
]
AdminPasswordFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--admin-password-file",
        help="A file whose first line is the administrator's password (else FAIRS_ADMIN_PASSWORD, or asked).",
    ),
]
NoInputOpt = Annotated[
    bool, typer.Option("--no-input", help="Never ask: fail on anything not given as an option.")
]


def setup_district(
    region: RegionOpt = None,
    district: DistrictOpt = None,
    venue: VenueOpt = None,
    starts: StartsOpt = None,
    ends: EndsOpt = None,
    organiser: OrganiserOpt = None,
    organiser_name: OrganiserNameOpt = None,
    password_file: PasswordFileOpt = None,
    admin: AdminOpt = None,
    admin_password_file: AdminPasswordFileOpt = None,
    no_input: NoInputOpt = False,
) -> None:
    """Set up a district on a migrated database: region, district, fair venue and hours, first organiser."""
    require_schema()
    ask = _Asker(no_input=no_input)
    answers = {
        "region": ask.text(region, _("Region"), "--region"),
        "district": ask.text(district, _("District"), "--district"),
        "venue": ask.text(
            venue, _("Where the fairs are held (address of the probation inspection)"), "--venue"
        ),
        "starts": ask.text(starts, _("Fairs start at (HH:MM)"), "--starts", default=DEFAULT_STARTS),
        "ends": ask.text(ends, _("Fairs end at (HH:MM)"), "--ends", default=DEFAULT_ENDS),
        "organiser": ask.text(organiser, _("Login of the first organiser"), "--organiser"),
        "organiser_name": ask.text(
            organiser_name, _("The organiser's full name"), "--organiser-name", default=""
        ),
    }
    answers["password"] = ask.password(
        password_file, "FAIRS_NEW_PASSWORD", _("The organiser's password"), "--password-file"
    )
    if admin:
        answers["admin_password"] = ask.password(
            admin_password_file,
            "FAIRS_ADMIN_PASSWORD",
            _("The administrator's password"),
            "--admin-password-file",
        )
    ask.done()
    with domain_errors(), Session(get_engine()) as session:
        district_row = set_up_district(session, admin=admin, **answers)
        session.commit()  # one transaction: on a refusal above nothing was kept
        typer.secho(
            _("District %(district)s is set up; organiser %(login)s can log in.")
            % {"district": repr(district_row.name), "login": repr(answers["organiser"].strip().lower())},
            fg=typer.colors.GREEN,
        )
    if admin:
        typer.echo(_("Administrator %(login)s can log in too.") % {"login": repr(admin.strip().lower())})
    print_next_steps(organiser=answers["organiser"].strip().lower())


def set_up_district(
    session: Session,
    *,
    region: str,
    district: str,
    venue: str,
    starts: str,
    ends: str,
    organiser: str,
    organiser_name: str,
    password: str,
    admin: str | None = None,
    admin_password: str | None = None,
):  # noqa: ANN201  (a District)
    """Region (reused), district, its fair venue and hours, the organiser and the administrator, audited
    as the system's doing; the caller commits."""
    from fairs.services import accounts, registry, schedule

    starts_at, ends_at = _clock(starts), _clock(ends)
    try:
        region_row = registry.find_region(session, region)
    except NotFound:
        region_row = registry.create_region(session, actor=None, name=region)
    try:
        existing = registry.find_district(session, district, region=region_row.name)
    except NotFound:
        existing = None
    if existing is not None:
        raise Conflict(
            _(
                "District %(district)s of %(region)s is set up already: add accounts with "
                "`fairs users create`, change the venue and hours on the Fairs page."
            )
            % {"district": repr(existing.name), "region": repr(region_row.name)},
            code="district_exists",
        )
    district_row = registry.create_district(session, actor=None, name=district, region_id=region_row.id)
    schedule.configure_district_defaults(
        session, district_id=district_row.id, venue=venue, starts_at=starts_at, ends_at=ends_at
    )
    accounts.create_user(
        session,
        actor=None,
        username=organiser,
        password=password,
        role=Role.organiser,
        district_id=district_row.id,
        full_name=organiser_name.strip(),
    )
    if admin:
        accounts.create_user(
            session, actor=None, username=admin, password=admin_password or "", role=Role.admin
        )
    return district_row


def print_next_steps(*, organiser: str) -> None:
    """What to do once the district exists: open the app, the public address, the key, the schedule."""
    from fairs.services import coupons

    settings = get_settings()
    address = LOCAL_ADDRESS if coupons.qr_address_warning() else settings.base_url
    typer.echo("")
    typer.echo(_("Next:"))
    steps = [
        _("Start the server (`fairs serve`, or `fairs quickstart`) and open %(url)s")
        % {"url": f"{address}/login"},
        _("Log in as %(login)s with the password given here.") % {"login": organiser},
        _(
            "Set FAIRS_BASE_URL to the address the phones will use (https, see the README): the QR codes "
            "printed on coupons carry it."
        ),
        _("Set FAIRS_SECRET_KEY, or keep the key generated into %(path)s: every process needs the same key.")
        % {"path": settings.secret_key_file},
        _("On the Fairs page, generate the year's schedule."),
        _(
            "On the Organisations page, download the template, fill in the partner organisations and their "
            "staff's accounts, and upload it with «Import from a spreadsheet» (or register them one by one)."
        ),
    ]
    for number, step in enumerate(steps, start=1):
        typer.echo(f"  {number}. {step}")
    warning = coupons.qr_address_warning()
    if warning:
        typer.secho(warning, fg=typer.colors.YELLOW, err=True)


def quickstart(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    serve_app: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve once ready.")] = True,
) -> None:
    """Migrate, set up the district on first run (asking), then serve: all a district's own PC needs."""
    from fairs.services import registry

    run_migrations()
    with Session(get_engine()) as session:
        has_district = bool(registry.list_all_districts(session))
    if not has_district:
        if not interactive():
            raise fail(
                _(
                    "The database has no district yet and nobody is here to answer the set-up questions: "
                    "run `fairs setup --no-input` with its options (`fairs setup --help`), then "
                    "`fairs quickstart`."
                ),
                1,
            )
        typer.echo(_("The database has no district yet: a few questions to set it up."))
        setup_district()
    if serve_app:
        from fairs.cli import serve

        serve(host=host, port=port, reload=False, workers=None)


def interactive() -> bool:
    """Someone at a terminal can answer questions."""
    return sys.stdin is not None and sys.stdin.isatty()


def _clock(value: str) -> time:
    try:
        hours, minutes = value.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise Invalid(
            _("%(value)s is not a time of day: write it as HH:MM, e.g. 09:00.") % {"value": repr(value)},
            code="bad_time",
        ) from None


class _Asker:
    """Takes each answer from its option, or asks for it, or (with --no-input) notes what is missing."""

    def __init__(self, *, no_input: bool) -> None:
        self.no_input = no_input
        self.missing: list[str] = []

    def text(self, given: str | None, question: str, option: str, default: str | None = None) -> str:
        if given is not None:
            return given
        if self.no_input:
            if default is not None:
                return default
            self.missing.append(option)
            return ""
        return typer.prompt(question, default=default, show_default=bool(default))

    def password(self, file: Path | None, env: str, question: str, option: str) -> str:
        if file is not None:
            try:
                lines = file.read_text(encoding="utf-8").splitlines()
            except OSError as error:
                raise fail(
                    _("Cannot read %(path)s: %(error)s") % {"path": file, "error": error.strerror}, 2
                ) from None
            return lines[0] if lines else ""
        if os.environ.get(env):
            return os.environ[env]
        if self.no_input:
            self.missing.append(f"{option} / {env}")
            return ""
        return typer.prompt(question, hide_input=True, confirmation_prompt=_("Repeat the password"))

    def done(self) -> None:
        if self.missing:
            raise fail(
                _("Missing with --no-input: %(options)s.") % {"options": ", ".join(self.missing)},
                2,
            )
