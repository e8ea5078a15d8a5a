"""GET /api/v1/directions: the report's rows and their outcomes."""

from __future__ import annotations

from fastapi import APIRouter

from fairs.api.deps import ApiUser, SessionDep
from fairs.api.schemas import DirectionOut, OutcomeOut
from fairs.i18n import current_locale
from fairs.services.directions import list_directions, outcomes_by_direction

router = APIRouter(prefix="/api/v1/directions", tags=["directions"])


@router.get("", response_model=list[DirectionOut])
def get_directions(session: SessionDep, _user: ApiUser) -> list[DirectionOut]:
    """Every active direction with its possible outcomes."""
    locale = current_locale.get()
    outcomes = outcomes_by_direction(session)
    return [
        DirectionOut(
            code=d.code,
            name=d.name(locale),
            name_ru=d.name_ru,
            name_en=d.name_en,
            outcomes=[OutcomeOut(code=o.code, name=o.name(locale)) for o in outcomes.get(d.id, [])],
        )
        for d in list_directions(session)
    ]
