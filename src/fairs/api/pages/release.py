"""Pages of the prison's social worker: the people they registered before release, a form to add one, and
changing or removing their own records (nobody else's: the service answers 404)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response
from sqlmodel import Session

from fairs.api.deps import PagePrisonWorker, SessionDep, csrf_protect
from fairs.api.pages.common import Pager, flash, page_number, redirect, refusal_note, refuse, render
from fairs.api.routing import Router, on_refusal
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import release

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50


def _page(
    request: Request,
    session: Session,
    user: User,
    *,
    page: int = 1,
    typed: dict | None = None,
    notes: list[dict] | None = None,
    status: int = 200,
) -> Response:
    rows, total = release.list_own(session, actor=user, page=page, per_page=PER_PAGE)
    context = {
        "rows": rows,
        "districts": release.release_districts(session, actor=user),
        "pager": Pager(page, PER_PAGE, total, "/release", {}),
        "typed": typed or {},
        "messages": notes or [],
    }
    return render(request, "release.html", context, user=user, status=status)


@router.get("/release")
def release_list(request: Request, session: SessionDep, user: PagePrisonWorker, page: int = 1) -> Response:
    """The people this worker registered before release, and the form to register one more."""
    return _page(request, session, user, page=page_number(page))


@router.post("/release")
def register_person(
    request: Request,
    session: SessionDep,
    user: PagePrisonWorker,
    district_id: Annotated[int, Form()],
    release_on: Annotated[date, Form()],
    code: Annotated[str, Form(max_length=40)] = "",
    mother_name: Annotated[str, Form(max_length=100)] = "",
    father_name: Annotated[str, Form(max_length=100)] = "",
    sex: Annotated[str, Form(max_length=1)] = "",
    birth_year: Annotated[int | None, Form(ge=1900, le=2100)] = None,
    consent: Annotated[bool, Form()] = False,
    full_name: Annotated[str, Form(max_length=300)] = "",
    birth_date: Annotated[date | None, Form()] = None,
) -> Response:
    """Register a person about to be released; a refusal is answered in the form, with what was typed."""
    typed = {
        "district_id": district_id,
        "release_on": release_on.isoformat(),
        "code": code,
        "mother_name": mother_name,
        "father_name": father_name,
        "sex": sex,
        "birth_year": birth_year or "",
        "consent": consent,
        "full_name": full_name,
        "birth_date": birth_date.isoformat() if birth_date else "",
    }

    def refused(error: DomainError) -> Response:
        notes = [refusal_note(error, "new-person")]
        return _page(request, session, user, typed=typed, notes=notes, status=error.status)

    on_refusal(refused)
    person = release.register_expected(
        session,
        actor=user,
        district_id=district_id,
        release_on=release_on,
        code=code or None,
        mother_name=mother_name or None,
        father_name=father_name or None,
        sex=sex or None,
        birth_year=birth_year,
        consent=consent,
        full_name=full_name or None,
        birth_date=birth_date,
    )
    flash(
        request,
        _("The person is expected: client code %(code)s.") % {"code": person.code},
        where="new-person",
    )
    return redirect(request, "/release")


def _back_to_list(request: Request):  # noqa: ANN202
    """A refusal on a row: the list again, with the refusal above it."""

    def answer(error: DomainError) -> Response:
        refuse(request, error, where="people")
        return redirect(request, "/release")

    return answer


@router.post("/release/{expected_id}")
def change_person(
    request: Request,
    session: SessionDep,
    user: PagePrisonWorker,
    expected_id: int,
    release_on: Annotated[date, Form()],
    district_id: Annotated[int, Form()],
) -> Response:
    """Change the planned release date or the district of one of the worker's own people."""
    on_refusal(_back_to_list(request))
    release.update_expected(
        session, actor=user, expected_id=expected_id, release_on=release_on, district_id=district_id
    )
    flash(request, _("Saved."), where="people")
    return redirect(request, "/release")


@router.post("/release/{expected_id}/delete")
def remove_person(
    request: Request, session: SessionDep, user: PagePrisonWorker, expected_id: int
) -> Response:
    """Remove one of the worker's own people (not released after all, or registered in error)."""
    on_refusal(_back_to_list(request))
    release.delete_expected(session, actor=user, expected_id=expected_id)
    flash(request, _("The person is no longer expected."), where="people")
    return redirect(request, "/release")
