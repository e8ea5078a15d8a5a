"""People expected before release: the prison social worker registers and keeps their own; the organisers of
the district released to read them (with the arrival)."""

from __future__ import annotations

from fastapi import Response, status

from fairs.api.deps import ApiExpectedReader, ApiPrisonWorker, SessionDep, WriteSessionDep
from fairs.api.routing import Router
from fairs.api.schemas import Page
from fairs.api.schemas.release import ExpectedEdit, ExpectedIn, ExpectedOut, ReleaseDistrictOut
from fairs.models import Role, User
from fairs.services import release

router = Router(prefix="/api/v1/expected", tags=["before release"])


def expected_out(row: release.Expected) -> ExpectedOut:
    """A record as its reader may see it (the arrival only for organisers: the service leaves it out)."""
    p = row.person
    return ExpectedOut(
        id=p.id,
        code=p.code,
        district_id=p.district_id,
        district=row.district_name,
        release_on=p.release_on,
        registered_on=p.registered_on,
        consent_on=p.consent_on,
        full_name=p.full_name,
        birth_date=p.birth_date,
        arrived_on=row.arrived_on,
    )


@router.get("/districts", response_model=list[ReleaseDistrictOut])
def districts(session: SessionDep, user: ApiPrisonWorker) -> list[ReleaseDistrictOut]:
    """The districts a person can be released to (prison social workers)."""
    return [ReleaseDistrictOut(id=d.id, name=d.name) for d in release.release_districts(session, actor=user)]


@router.post("", response_model=ExpectedOut, status_code=status.HTTP_201_CREATED)
def register(session: SessionDep, user: ApiPrisonWorker, body: ExpectedIn) -> ExpectedOut:
    """Register a person about to be released, with the planned date and the district (prison social
    workers; 400 `code_or_attributes`, `bad_code`, `bad_release_date`, `consent_required`; 409
    `already_expected`)."""
    person = release.register_expected(session, actor=user, **body.model_dump())
    return expected_out(release.get_expected(session, actor=user, expected_id=person.id))


def _shown(session: SessionDep, user: User, rows: list[release.Expected]) -> list[ExpectedOut]:
    for row in rows:
        release.log_personal_view(session, actor=user, person=row.person)
    return [expected_out(row) for row in rows]


@router.get("", response_model=Page[ExpectedOut])
def list_expected(
    session: WriteSessionDep,
    user: ApiExpectedReader,
    arrived: bool | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[ExpectedOut]:
    """A prison social worker's own people; an organiser's, those expected in the district (`arrived`:
    only those who came to a fair, or who did not yet)."""
    page, per_page = max(page, 1), min(max(per_page, 1), 200)
    if user.role == Role.prison_worker:
        rows, total = release.list_own(session, actor=user, page=page, per_page=per_page)
    else:
        rows, total = release.list_for_district(
            session, actor=user, arrived=arrived, page=page, per_page=per_page
        )
    items = _shown(session, user, rows)
    return Page[ExpectedOut](items=items, total=total, page=page, per_page=per_page)


@router.get("/{expected_id}", response_model=ExpectedOut)
def get_expected(session: WriteSessionDep, user: ApiExpectedReader, expected_id: int) -> ExpectedOut:
    """One person: to the worker who added them and the district's organisers; to anyone else 404."""
    return _shown(session, user, [release.get_expected(session, actor=user, expected_id=expected_id)])[0]


@router.patch("/{expected_id}", response_model=ExpectedOut)
def edit_expected(
    session: SessionDep, user: ApiPrisonWorker, expected_id: int, body: ExpectedEdit
) -> ExpectedOut:
    """Change the planned release date or the district (the worker who added the person)."""
    release.update_expected(session, actor=user, expected_id=expected_id, **body.model_dump())
    return expected_out(release.get_expected(session, actor=user, expected_id=expected_id))


@router.delete("/{expected_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_expected(session: SessionDep, user: ApiPrisonWorker, expected_id: int) -> Response:
    """Remove the person (not released after all, or registered in error; the worker who added them)."""
    release.delete_expected(session, actor=user, expected_id=expected_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
