"""`fairs regions …` and `fairs districts …`: set up a region and its districts from nothing."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlmodel import Session

from fairs.cli.common import domain_errors, require_schema
from fairs.db import get_engine
from fairs.i18n import _

regions_app = typer.Typer(help="Manage regions (oblasts).", no_args_is_help=True)
districts_app = typer.Typer(help="Manage districts.", no_args_is_help=True)


@regions_app.command("create")
def create_region(name: Annotated[str, typer.Argument(help="The region's name.")]) -> None:
    """Create a region and print its id."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        region = registry.create_region(session, actor=None, name=name)
        session.commit()
        typer.echo(f"Created region {region.name!r} (id {region.id}).")


@regions_app.command("list")
def list_regions() -> None:
    """List the regions (retired ones marked)."""
    from fairs.services import registry

    require_schema()
    with Session(get_engine()) as session:
        for region in registry.list_regions(session):
            typer.echo(f"{region.id}\t{region.name}{'  (retired)' if region.retired else ''}")


@districts_app.command("create")
def create_district(
    name: Annotated[str, typer.Argument(help="The district's name.")],
    region: Annotated[str, typer.Option(help="The name of its region.")],
) -> None:
    """Create a district in a region and print its id."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        region_row = registry.find_region(session, region)
        district = registry.create_district(session, actor=None, name=name, region_id=region_row.id)
        session.commit()
        typer.echo(f"Created district {district.name!r} in {region_row.name!r} (id {district.id}).")


@districts_app.command("list")
def list_districts() -> None:
    """List the districts with their regions (retired ones marked)."""
    from fairs.services import registry

    require_schema()
    with Session(get_engine()) as session:
        regions = {region.id: region.name for region in registry.list_regions(session)}
        for district in registry.list_all_districts(session):
            retired = "  (retired)" if district.retired else ""
            typer.echo(f"{district.id}\t{district.name}\t{regions.get(district.region_id, '')}{retired}")


@regions_app.command("rename")
def rename_region(
    old: Annotated[str, typer.Argument(help="The region's present name.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
) -> None:
    """Rename a region (its districts and records stay as they are)."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        region = registry.find_region(session, old)
        region = registry.update_region(
            session, actor=None, region_id=region.id, name=new, retired=region.retired
        )
        session.commit()
        typer.echo(_("Region %(old)s is now %(new)s.") % {"old": repr(old.strip()), "new": repr(region.name)})


@regions_app.command("retire")
def retire_region(name: Annotated[str, typer.Argument(help="The region's name.")]) -> None:
    """Retire a region: it keeps its records and tallies, and takes no new district or account."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        region = registry.find_region(session, name)
        registry.update_region(session, actor=None, region_id=region.id, name=region.name, retired=True)
        session.commit()
        typer.echo(_("Region %(name)s is retired.") % {"name": repr(region.name)})


RegionOption = Annotated[
    str | None,
    typer.Option(help="The name of its region (when districts of several regions share the name)."),
]


@districts_app.command("rename")
def rename_district(
    old: Annotated[str, typer.Argument(help="The district's present name.")],
    new: Annotated[str, typer.Argument(help="Its new name.")],
    region: RegionOption = None,
) -> None:
    """Rename a district (its accounts, fairs and tallies stay with it)."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        district = registry.find_district(session, old, region=region)
        district = registry.update_district(
            session, actor=None, district_id=district.id, name=new, retired=district.retired
        )
        session.commit()
        typer.echo(
            _("District %(old)s is now %(new)s.") % {"old": repr(old.strip()), "new": repr(district.name)}
        )


@districts_app.command("retire")
def retire_district(
    name: Annotated[str, typer.Argument(help="The district's name.")],
    region: RegionOption = None,
) -> None:
    """Retire a district: it keeps its records and tallies, and takes no new account or fair."""
    from fairs.services import registry

    require_schema()
    with domain_errors(), Session(get_engine()) as session:
        district = registry.find_district(session, name, region=region)
        registry.update_district(
            session, actor=None, district_id=district.id, name=district.name, retired=True
        )
        session.commit()
        typer.echo(_("District %(name)s is retired.") % {"name": repr(district.name)})
