"""Organisations: list and register (organisers); the scans made by their staff."""

from __future__ import annotations

from fastapi import status

from fairs.api.deps import ApiOrganiser, ApiReader, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import OrganisationIn, OrganisationOut, Page
from fairs.models import Organisation
from fairs.services import coupons, registry
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
