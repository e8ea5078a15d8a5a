"""/api/v1/directions: the report's rows and their outcomes (everyone reads; admins add, edit, retire)."""

from __future__ import annotations

from fastapi import status

from fairs.api.deps import ApiAdmin, ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import (
    DirectionCreate,
    DirectionIn,
    DirectionOut,
    OutcomeCreate,
    OutcomeOut,
    OutcomeUpdate,
)
from fairs.i18n import current_locale
from fairs.models import Direction, Outcome
from fairs.services import registry

router = Router(prefix="/api/v1/directions", tags=["directions"])


def _outcome_out(outcome: Outcome) -> OutcomeOut:
    return OutcomeOut(
        code=outcome.code,
        name=outcome.name(current_locale.get()),
        name_ru=outcome.name_ru,
        name_en=outcome.name_en,
        name_be=outcome.name_be,
        sort_order=outcome.sort_order,
        is_active=outcome.is_active,
    )


def _out(direction: Direction, outcomes: list[Outcome]) -> DirectionOut:
    return DirectionOut(
        code=direction.code,
        name=direction.name(current_locale.get()),
        name_ru=direction.name_ru,
        name_en=direction.name_en,
        name_be=direction.name_be,
        sort_order=direction.sort_order,
        is_active=direction.is_active,
        kinds=direction.kind_list,
        outcomes=[_outcome_out(o) for o in outcomes],
    )


@router.get("", response_model=list[DirectionOut])
def get_directions(session: SessionDep, _user: ApiUser, all: bool = False) -> list[DirectionOut]:  # noqa: A002
    """Every direction in use with the outcomes that may be recorded; `?all=true`: retired ones too."""
    outcomes = registry.outcomes_by_direction(session, active_only=not all)
    return [_out(d, outcomes.get(d.id, [])) for d in registry.list_directions(session, active_only=not all)]


@router.post("", response_model=DirectionOut, status_code=status.HTTP_201_CREATED)
def add_direction(session: SessionDep, user: ApiAdmin, body: DirectionCreate) -> DirectionOut:
    """Admins add a direction (its code never changes afterwards)."""
    direction = registry.create_direction(session, actor=user, **body.model_dump())
    return _out(direction, [])


@router.put("/{code}", response_model=DirectionOut)
def update_direction(session: SessionDep, user: ApiAdmin, code: str, body: DirectionIn) -> DirectionOut:
    """Admins edit a direction's names, order and kinds, or retire or reactivate it (its code stays)."""
    fields = body.model_dump()
    new_code = fields.pop("code")
    direction = registry.update_direction(session, actor=user, code=code[:50], new_code=new_code, **fields)
    return _out(direction, registry.outcomes_of(session, direction))


@router.post("/{code}/outcomes", response_model=OutcomeOut, status_code=status.HTTP_201_CREATED)
def add_outcome(session: SessionDep, user: ApiAdmin, code: str, body: OutcomeCreate) -> OutcomeOut:
    """Admins add an outcome to a direction (its code never changes afterwards)."""
    fields = body.model_dump()
    outcome = registry.add_outcome(
        session, actor=user, direction_code=code[:50], code=fields.pop("code"), **fields
    )
    return _outcome_out(outcome)


@router.put("/{code}/outcomes/{outcome_code}", response_model=OutcomeOut)
def update_outcome(
    session: SessionDep, user: ApiAdmin, code: str, outcome_code: str, body: OutcomeUpdate
) -> OutcomeOut:
    """Admins rename an outcome, or retire or reactivate it (its code stays)."""
    fields = body.model_dump()
    new_code = fields.pop("code")
    outcome = registry.update_outcome(
        session,
        actor=user,
        direction_code=code[:50],
        code=outcome_code[:50],
        new_code=new_code,
        **fields,
    )
    return _outcome_out(outcome)
