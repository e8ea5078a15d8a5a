"""/api/v1/categories: the categories of persons served (staff read; admins add, rename, retire), and
/api/v1/clients/{id}/categories: a client's categories and their dated history (organisers)."""

from __future__ import annotations

import datetime as dt

from fastapi import status
from pydantic import BaseModel, Field

from fairs.api.deps import ApiAdmin, ApiOrganiser, ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas.base import Strict
from fairs.i18n import current_locale
from fairs.models import Category, Client
from fairs.services import clients, registry

router = Router(prefix="/api/v1", tags=["categories"])


class CategoryOut(BaseModel):
    code: str
    name: str
    name_ru: str
    name_en: str
    name_be: str  # "" = shown in Russian
    sort_order: int
    is_active: bool


class CategoryIn(Strict):
    code: str | None = Field(default=None, max_length=50)  # if sent, it must be the category's own code
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str | None = Field(default=None, max_length=200)  # None: unchanged; "": shown in Russian
    is_active: bool | None = None  # None: unchanged
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class CategoryCreate(Strict):
    code: str = Field(min_length=1, max_length=50)
    name_ru: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    name_be: str = Field(default="", max_length=200)  # "": shown in Russian
    sort_order: int | None = Field(default=None, ge=0, le=100_000)


class ClientCategoriesIn(Strict):
    categories: list[str] = Field(max_length=50)  # exactly these hold from `on` on
    on: dt.date | None = None  # the day of the change; today by default


class CategoryChangeOut(BaseModel):
    on: dt.date
    code: str
    held: bool  # true: in the category from that day; false: no longer


class ClientCategoriesOut(BaseModel):
    client_id: int
    categories: list[str]  # the codes that hold today
    history: list[CategoryChangeOut]  # newest first


def category_out(category: Category) -> CategoryOut:
    """The API form of a category."""
    return CategoryOut(
        code=category.code,
        name=category.name(current_locale.get()),
        name_ru=category.name_ru,
        name_en=category.name_en,
        name_be=category.name_be,
        sort_order=category.sort_order,
        is_active=category.is_active,
    )


def client_categories_out(session: SessionDep, client: Client) -> ClientCategoriesOut:
    """A client's categories today and every change."""
    return ClientCategoriesOut(
        client_id=client.id,
        categories=[c.code for c in clients.categories_on(session, client=client)],
        history=[
            CategoryChangeOut(on=row.recorded_on, code=row.category.code, held=row.held)
            for row in clients.category_history(session, client=client)
        ],
    )


@router.get("/categories", response_model=list[CategoryOut])
def get_categories(session: SessionDep, _user: ApiUser, all: bool = False) -> list[CategoryOut]:  # noqa: A002
    """The categories offered for recording; `?all=true`: retired ones too."""
    return [category_out(c) for c in registry.list_categories(session, active_only=not all)]


@router.post("/categories", response_model=CategoryOut, status_code=status.HTTP_201_CREATED)
def add_category(session: SessionDep, user: ApiAdmin, body: CategoryCreate) -> CategoryOut:
    """Admins add a category (409 `category_exists`; 400 `invalid_code`); its code never changes."""
    return category_out(registry.create_category(session, actor=user, **body.model_dump()))


@router.put("/categories/{code}", response_model=CategoryOut)
def update_category(session: SessionDep, user: ApiAdmin, code: str, body: CategoryIn) -> CategoryOut:
    """Admins rename a category, reorder it, retire or reactivate it (its code stays)."""
    fields = body.model_dump()
    new_code = fields.pop("code")
    return category_out(
        registry.update_category(session, actor=user, code=code[:50], new_code=new_code, **fields)
    )


@router.get("/clients/{client_id}/categories", response_model=ClientCategoriesOut)
def get_client_categories(session: SessionDep, user: ApiOrganiser, client_id: int) -> ClientCategoriesOut:
    """A client's categories today and the dated history of their changes (organisers)."""
    client = clients.get_client(session, actor=user, client_id=client_id)
    return client_categories_out(session, client)


@router.put("/clients/{client_id}/categories", response_model=ClientCategoriesOut)
def put_client_categories(
    session: SessionDep, user: ApiOrganiser, client_id: int, body: ClientCategoriesIn
) -> ClientCategoriesOut:
    """Record the client's categories on a day (today by default): exactly these hold from then on (400
    `unknown_category`, `bad_day`; 409 `category_retired`, `period_submitted`; audited)."""
    client = clients.get_client(session, actor=user, client_id=client_id)
    clients.record_categories(session, actor=user, client=client, codes=body.categories, day=body.on)
    return client_categories_out(session, client)
