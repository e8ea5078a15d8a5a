"""Regions and districts: admins list, create, rename and retire them."""

from __future__ import annotations

from fastapi import status
from pydantic import BaseModel, Field

from fairs.api.deps import ApiAdmin, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import Strict
from fairs.models import District, Region
from fairs.services import registry

router = Router(tags=["regions and districts"])


class RegionIn(Strict):
    name: str = Field(min_length=1, max_length=200)


class RegionUpdate(RegionIn):
    retired: bool = False


class RegionOut(BaseModel):
    id: int
    name: str
    retired: bool


class DistrictIn(Strict):
    name: str = Field(min_length=1, max_length=200)
    region_id: int


class DistrictUpdate(Strict):
    name: str = Field(min_length=1, max_length=200)
    retired: bool = False
    # The language of the district's coupons and committee workbook (ru, en, be); left out: as it is.
    print_locale: str | None = Field(default=None, max_length=5, examples=["be"])


class DistrictOut(BaseModel):
    id: int
    name: str
    region_id: int
    retired: bool
    print_locale: str


def _region(region: Region) -> RegionOut:
    return RegionOut(id=region.id, name=region.name, retired=region.retired)


def _district(district: District) -> DistrictOut:
    return DistrictOut(
        id=district.id,
        name=district.name,
        region_id=district.region_id,
        retired=district.retired,
        print_locale=district.print_locale,
    )


@router.get("/api/v1/regions", response_model=list[RegionOut])
def list_regions(session: SessionDep, _user: ApiAdmin) -> list[RegionOut]:
    """Every region, the retired ones too."""
    return [_region(r) for r in registry.list_regions(session)]


@router.post("/api/v1/regions", response_model=RegionOut, status_code=status.HTTP_201_CREATED)
def create_region(session: SessionDep, user: ApiAdmin, body: RegionIn) -> RegionOut:
    """A new region (its name unique)."""
    return _region(registry.create_region(session, actor=user, name=body.name))


@router.put("/api/v1/regions/{region_id}", response_model=RegionOut)
def update_region(session: SessionDep, user: ApiAdmin, region_id: int, body: RegionUpdate) -> RegionOut:
    """Rename a region, or retire it (`retired`)."""
    return _region(registry.update_region(session, actor=user, region_id=region_id, **body.model_dump()))


@router.get("/api/v1/districts", response_model=list[DistrictOut])
def list_districts(session: SessionDep, _user: ApiAdmin) -> list[DistrictOut]:
    """Every district, the retired ones too."""
    return [_district(d) for d in registry.list_all_districts(session)]


@router.post("/api/v1/districts", response_model=DistrictOut, status_code=status.HTTP_201_CREATED)
def create_district(session: SessionDep, user: ApiAdmin, body: DistrictIn) -> DistrictOut:
    """A new district in a region that is not retired (its name unique in the region)."""
    return _district(registry.create_district(session, actor=user, **body.model_dump()))


@router.put("/api/v1/districts/{district_id}", response_model=DistrictOut)
def update_district(
    session: SessionDep, user: ApiAdmin, district_id: int, body: DistrictUpdate
) -> DistrictOut:
    """Rename a district, or retire it (`retired`), or set the language of its coupons and workbook
    (`print_locale`: ru, en or be; 400 `unknown_locale` otherwise); its records stay."""
    return _district(
        registry.update_district(session, actor=user, district_id=district_id, **body.model_dump())
    )
