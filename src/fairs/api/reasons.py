"""/api/v1/nonhire-reasons: the reasons why a job fell through, taken by «not hired» and «not eligible»
outcomes (staff read; admins add, rename, retire, reactivate)."""

from __future__ import annotations

from fastapi import status
from pydantic import BaseModel, Field

from fairs.api.deps import ApiAdmin, ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas.base import Strict
from fairs.i18n import current_locale
from fairs.models import NonhireReason
from fairs.services import registry

router = Router(prefix="/api/v1", tags=["nonhire reasons"])


class ReasonOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    name_be: str  # "" = shown in Russian
    sort_order: int
    is_active: bool


class ReasonChange(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the reason's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str | None = Field(default=None, max_length=200)  # None: unchanged; "": shown in Russian
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class ReasonCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str = Field(default="", max_length=200)  # "": shown in Russian
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


def reason_out(reason: NonhireReason) -> ReasonOut:
    """The API form of a reason."""
    return ReasonOut(
        code=reason.code,
        name=reason.name(current_locale.get()),
        name_ru=reason.name_ru,
        name_en=reason.name_en,
        name_be=reason.name_be,
        sort_order=reason.sort_order,
        is_active=reason.is_active,
    )


@router.get("/nonhire-reasons", response_model=list[ReasonOut])
def get_reasons(session: SessionDep, _user: ApiUser, all: bool = False) -> list[ReasonOut]:  # noqa: A002
    """The reasons offered for recording; `?all=true`: retired ones too."""
    return [reason_out(r) for r in registry.list_reasons(session, active_only=not all)]


@router.post("/nonhire-reasons", response_model=ReasonOut, status_code=status.HTTP_201_CREATED)
def add_reason(session: SessionDep, user: ApiAdmin, body: ReasonCreate) -> ReasonOut:
    """Admins add a reason (409 `reason_exists`; 400 `invalid_code`); its code never changes."""
    return reason_out(registry.create_reason(session, actor=user, **body.model_dump()))


@router.put("/nonhire-reasons/{code}", response_model=ReasonOut)
def update_reason(session: SessionDep, user: ApiAdmin, code: str, body: ReasonChange) -> ReasonOut:
    """Admins rename a reason, reorder, retire or reactivate it (its code stays; 404 `reason_not_found`)."""
    fields = body.model_dump()
    new_code = fields.pop("code")
    return reason_out(
        registry.update_reason(session, actor=user, code=code[:50], new_code=new_code, **fields)
    )
