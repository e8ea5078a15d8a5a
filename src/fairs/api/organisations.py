"""Organisations: list and register (organisers); the scans made by their staff."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from fairs.api.deps import ApiOrganiser, ApiReader, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import OrganisationIn, OrganisationOut, Page
from fairs.models import Organisation
from fairs.services import coupons, partner_import, registry
from fairs.services.coupons import ScanRow

router = Router(prefix="/api/v1/organisations", tags=["organisations"])


def _out(org: Organisation, codes: list[str]) -> OrganisationOut:
    return OrganisationOut(
        id=org.id,
        name=org.name,
        kind=org.kind,
        address=org.address,
        phone=org.phone,
        hours=org.hours,
        directions=codes,
        serves_region=org.serves_region,
        district_id=org.district_id,
    )


@router.get("", response_model=list[OrganisationOut])
def list_organisations(session: SessionDep, user: ApiReader) -> list[OrganisationOut]:
    """Organisations of the user's district(s)."""
    orgs = registry.list_organisations(session, actor=user)
    directions = registry.directions_of(session, [o.id for o in orgs])
    return [_out(o, [d.code for d in directions[o.id]]) for o in orgs]


@router.post("", response_model=OrganisationOut, status_code=status.HTTP_201_CREATED)
def create_organisation(session: SessionDep, user: ApiOrganiser, body: OrganisationIn) -> OrganisationOut:
    """Register an organisation and the directions it receives."""
    org = registry.create_organisation(session, actor=user, **body.model_dump())
    return _out(org, [d.code for d in registry.directions_of(session, [org.id])[org.id]])


class ImportedAccountOut(BaseModel):
    """An account made by the import and its temporary password (shown this once)."""

    username: str
    full_name: str
    organisation: str
    password: str


class ImportOut(BaseModel):
    """What an import wrote."""

    organisations: list[OrganisationOut]
    accounts: list[ImportedAccountOut]


@router.post("/import", response_model=ImportOut, status_code=status.HTTP_201_CREATED)
def import_organisations(
    session: SessionDep,
    user: ApiOrganiser,
    file: Annotated[UploadFile | None, File(description="the filled template (.xlsx)")] = None,
    dry_run: bool = False,
) -> Any:  # noqa: ANN401
    """Organisations and partner staff accounts from the template (all or nothing). `dry_run=true`: every
    row with its errors and the counts, nothing written; else 400 `import_invalid` with the rows' errors,
    or 201 with what was created and each account's temporary password."""
    rows = partner_import.read_upload(file.file if file else None, file.filename if file else None)
    if dry_run:
        check = partner_import.check_import(session, actor=user, rows=rows)
        return JSONResponse(_preview(check))
    result = partner_import.import_rows(session, actor=user, rows=rows)
    directions = registry.directions_of(session, [o.id for o in result.organisations])
    return ImportOut(
        organisations=[_out(o, [d.code for d in directions[o.id]]) for o in result.organisations],
        accounts=[ImportedAccountOut(**vars(a)) for a in result.accounts],
    )


def _preview(check: partner_import.ImportCheck) -> dict[str, Any]:
    """The dry run's answer: every row (kind and directions as codes where known) with its errors."""
    orgs = [
        {
            "line": r.line,
            "name": r.name,
            "kind": r.kind_code or r.kind,
            "directions": r.direction_codes,
            "address": r.address,
            "phone": r.phone,
            "hours": r.hours,
            "errors": r.errors,
        }
        for r in check.organisations
    ]
    counts = {
        "organisations": len(check.organisations),
        "accounts": len(check.accounts),
        "rows_with_errors": check.error_count,
    }
    return {
        "ok": check.ok,
        "counts": counts,
        "organisations": orgs,
        "accounts": [vars(r) for r in check.accounts],
    }


@router.put("/{organisation_id}", response_model=OrganisationOut)
def update_organisation(
    session: SessionDep, user: ApiOrganiser, organisation_id: int, body: OrganisationIn
) -> OrganisationOut:
    """Change an organisation's details and directions."""
    org = registry.update_organisation(
        session, actor=user, organisation_id=organisation_id, **body.model_dump()
    )
    return _out(org, [d.code for d in registry.directions_of(session, [org.id])[org.id]])


@router.get("/{organisation_id}/scans", response_model=Page[ScanRow])
def organisation_scans(
    session: SessionDep,
    user: ApiOrganiser,
    organisation_id: int,
    result: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[ScanRow]:
    """The scans made by the organisation's staff, newest first, optionally of one result (organisers)."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    _org, rows, total = coupons.organisation_scans(
        session, actor=user, organisation_id=organisation_id, result=result, page=page, per_page=per_page
    )
    return Page[ScanRow](items=rows, total=total, page=page, per_page=per_page)
