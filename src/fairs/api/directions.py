"""GET /api/v1/directions: the report's rows and their outcomes."""

from __future__ import annotations

from fairs.api.deps import ApiAdmin, ApiUser, SessionDep
from fairs.api.routing import Router
from fairs.api.schemas import DirectionIn, DirectionOut, OutcomeOut
from fairs.i18n import current_locale
from fairs.models import Direction, Outcome
from fairs.services.registry import list_directions, outcomes_by_direction, rename_direction

router = Router(prefix="/api/v1/directions", tags=["directions"])


def _out(direction: Direction, outcomes: list[Outcome]) -> DirectionOut:
    locale = current_locale.get()
    return DirectionOut(
        code=direction.code,
        name=direction.name(locale),
        name_ru=direction.name_ru,
        name_en=direction.name_en,
        outcomes=[OutcomeOut(code=o.code, name=o.name(locale)) for o in outcomes],
    )


@router.get("", response_model=list[DirectionOut])
def get_directions(session: SessionDep, _user: ApiUser) -> list[DirectionOut]:
    """Every active direction with its possible outcomes."""
    outcomes = outcomes_by_direction(session)
    return [_out(d, outcomes.get(d.id, [])) for d in list_directions(session)]


@router.put("/{code}", response_model=DirectionOut)
def update_direction(session: SessionDep, user: ApiAdmin, code: str, body: DirectionIn) -> DirectionOut:
    """Admins rename a direction (its code stays) or retire it."""
    direction = rename_direction(session, actor=user, code=code[:50], **body.model_dump())
    return _out(direction, outcomes_by_direction(session).get(direction.id, []))
