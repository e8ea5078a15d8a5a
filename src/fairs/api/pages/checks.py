"""Pages of the checks a year later: the district's due-list, and a person's milestones with the form that
records or changes a check (services/checks decides who may: the district's organisers and the person's
curator, whose due-list holds their people only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import Response

from fairs.api.deps import PageJourney, SessionDep, WriteSessionDep, csrf_protect, is_htmx
from fairs.api.pages.common import Pager, flash, page_number, redirect, refusal_note, render
from fairs.api.routing import Router, on_refusal
from fairs.clock import local_today
from fairs.errors import DomainError
from fairs.i18n import _
from fairs.models import User
from fairs.services import checks

router = Router(tags=["pages"], dependencies=[Depends(csrf_protect)], include_in_schema=False)
PER_PAGE = 50


@router.get("/checks")
def due_list(request: Request, session: SessionDep, user: PageJourney, page: int = 1) -> Response:
    """The checks fallen due in the district and not recorded yet, the longest overdue first."""
    page = page_number(page)
    rows, total = checks.due_checks(session, actor=user, page=page, per_page=PER_PAGE)
    context = {"rows": rows, "pager": Pager(page, PER_PAGE, total, "/checks", {})}
    return render(request, "checks.html", context, user=user, block="due_list")


def _person_page(
    request: Request,
    session: SessionDep,
    user: User,
    client_id: int,
    *,
    notes: list[dict] | None = None,
    typed: dict | None = None,
    status: int = 200,
) -> Response:
    keeper, milestones = checks.person_checks(session, actor=user, client_id=client_id)
    checks.log_check_notes_view(session, actor=user, keeper=keeper, shown=milestones)
    context = {
        "keeper": keeper,
        "milestones": milestones,
        "typed": typed or {},
        "messages": notes or [],
        "today": local_today(),
    }
    return render(request, "check_person.html", context, user=user, block="milestones", status=status)


@router.get("/checks/{client_id}")
def person_checks(request: Request, session: WriteSessionDep, user: PageJourney, client_id: int) -> Response:
    """A person's first fair, their three milestones and the checks recorded, with a form for each due."""
    return _person_page(request, session, user, client_id)


@router.post("/checks/{client_id}/{milestone}")
def record_check(
    request: Request,
    session: SessionDep,
    user: PageJourney,
    client_id: int,
    milestone: int,
    checked_on: Annotated[dt.date, Form()],
    findings: Annotated[list[str], Form(max_length=20)] = [],  # noqa: B006  (FastAPI copies form defaults)
    note: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Record the check at the milestone, or change it."""
    where = f"check-{milestone}"
    typed = {where: {"checked_on": checked_on, "findings": findings, "note": note}}

    def answer(error: DomainError) -> Response:
        notes = [refusal_note(error, where)]
        return _person_page(request, session, user, client_id, notes=notes, typed=typed, status=error.status)

    checks.keeper_of(session, actor=user, client_id=client_id)  # whose checks: refused as on every page
    on_refusal(answer)  # what was typed: refused on the person's page, with the form as typed
    checks.record_check(
        session,
        actor=user,
        client_id=client_id,
        milestone=milestone,
        checked_on=checked_on,
        findings=findings,
        note=note,
    )
    saved = _("The check was saved.")
    if is_htmx(request):  # the form's own block, as refusals are answered
        note = {"kind": "ok", "text": saved, "where": where}
        return _person_page(request, session, user, client_id, notes=[note])
    flash(request, saved, where=where)
    return redirect(request, f"/checks/{client_id}#{where}")
