"""Downloads of registered exports (the committee's workbook) and the pages of background export jobs.

Both faces share these routes: a browser comes with its session cookie, an API client with a bearer
token. Small exports are written at once; one whose coupon register is long becomes a job that the
caller polls (a page with a progress bar, or JSON) and downloads when it is done, through any process:
the finished file is kept in the database.
"""

from __future__ import annotations

from io import BytesIO
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlmodel import Session
from starlette.background import BackgroundTask

from fairs.api.deps import (
    BearerCaller,
    LoginRequired,
    NotAuthenticated,
    SessionDep,
    WriteSessionDep,
    bearer_caller,
    oauth2_scheme,
    page_user_optional,
)
from fairs.api.pages.common import render
from fairs.api.problems import refusal, wants_json
from fairs.api.routing import Router, on_refusal
from fairs.errors import Invalid
from fairs.exports import attachment, get_exporter
from fairs.exports import jobs as export_jobs
from fairs.exports import worker as export_worker
from fairs.i18n import _, checked_locale
from fairs.models import User
from fairs.models.exports import ExportJob, ExportJobStatus
from fairs.numbers import whole_number
from fairs.services import registry
from fairs.services.report import TallyScope, ensure_report_reader, parse_range, report_scope

router = Router(prefix="/exports", tags=["exports"])


def export_caller(
    request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User | BearerCaller:
    """The caller by a bearer token (API: settled in the route's unit, as on every JSON route) or by the
    session cookie (pages); the route checks the role (the report's readers)."""
    if token:
        return bearer_caller(token)
    user = page_user_optional(request)
    if user is None:
        if wants_json(request):
            raise NotAuthenticated(_("Not authenticated."))
        raise LoginRequired()
    return user


Caller = Annotated[User, Depends(export_caller)]


def _json_caller(request: Request) -> bool:
    return wants_json(request) or request.headers.get("authorization", "").lower().startswith("bearer ")


def _refusals_answered(request: Request) -> None:
    """From here on, a refusal is answered as API callers expect it (problem+json); browsers get the
    readable error page (the handlers' answer)."""
    if _json_caller(request):
        on_refusal(refusal)


def _job_urls(job: ExportJob) -> dict[str, str]:
    return {
        "progress_url": f"/exports/jobs/{job.token}",
        "download_url": f"/exports/jobs/{job.token}/download",
    }


def _job_json(job: ExportJob, status_code: int = 200) -> JSONResponse:
    status = export_jobs.state(job)
    body = {
        "job": job.token,
        "status": status,
        "done": job.progress_done,
        "total": job.progress_total,
        "filename": job.filename or None,
        "error": job.error or None,
        "ready": status == ExportJobStatus.done.value,  # download_url answers 404 until then
        **_job_urls(job),
    }
    return JSONResponse(body, status_code=status_code)


def language_of_export(session: Session, lang: str | None, scope: TallyScope) -> str:
    """An explicit `lang`, or the district's language of printed matter, or the caller's language."""
    return registry.workbook_locale(
        session, scope.district_ids, checked_locale(lang) if lang is not None else ""
    )


@router.get("/{identifier}.xlsx", name="export_download")
def download(
    request: Request,
    session: SessionDep,
    write: WriteSessionDep,
    user: Caller,
    identifier: str,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    district: Annotated[str | None, Query()] = None,
    region: Annotated[str | None, Query()] = None,
    lang: Annotated[str | None, Query()] = None,
) -> Response:
    """The export for a period: the file at once, or (a long register) a background job to poll; in
    `lang` (ru, en, be; 400 `unknown_locale` otherwise), else in the district's language of printed
    matter (one district), else in the caller's."""
    _refusals_answered(request)
    ensure_report_reader(user)
    exporter = get_exporter(identifier)
    exporter.ensure_reader(user)  # the register (row-level data) is for organisers only
    period = parse_range(start, end)  # the same rule as the JSON report and the page
    district_id = whole_number(district)
    if district and district_id is None:
        raise Invalid(_("The district must be a number."), code="bad_district")
    region_id = whole_number(region)
    if region and region_id is None:
        raise Invalid(_("The region must be a number."), code="bad_region")
    scope = report_scope(session, actor=user, district_id=district_id, region_id=region_id)
    background, size = export_jobs.runs_in_background(session, exporter=exporter, scope=scope, period=period)
    locale = language_of_export(session, lang, scope)
    if background:
        job = export_jobs.create_job(
            write,
            actor=user,
            exporter=identifier,
            scope=scope,
            period=period,
            locale=locale,
            total=size,
        )
        # Started once the answer is sent, after the lifecycle committed the job.
        started = BackgroundTask(export_worker.start, job.id)
        if _json_caller(request):
            answer = _job_json(job, status_code=202)
        else:
            answer = RedirectResponse(f"/exports/jobs/{job.token}", status_code=303)
        answer.background = started
        return answer
    buffer = BytesIO()
    result = exporter.render(session, scope=scope, period=period, locale=locale, target=buffer)
    return Response(
        buffer.getvalue(),
        media_type=result.mimetype,
        headers={
            "Content-Disposition": attachment(result.filename, result.title),
            "Cache-Control": "no-store",
        },
    )


@router.get("/jobs/{token}", name="export_job")
def job_page(request: Request, session: SessionDep, user: Caller, token: str) -> Response:
    """A background export: its progress (page, htmx fragment or JSON) and, when done, its link."""
    _refusals_answered(request)
    ensure_report_reader(user)
    job = export_jobs.get_job(session, actor=user, token=token)
    if wants_json(request):
        return _job_json(job)
    status = export_jobs.state(job)
    context = {
        "job": job,
        "status": status,
        "active": status in export_jobs.ACTIVE,
        "percent": int(100 * job.progress_done / job.progress_total) if job.progress_total else 0,
        **_job_urls(job),
    }
    return render(request, "exports/job.html", context, user=user, block="progress")


@router.get("/jobs/{token}/download", name="export_job_download")
def job_download(request: Request, session: SessionDep, user: Caller, token: str) -> Response:
    """The finished file of a background export (its owner only), streamed from the database."""
    _refusals_answered(request)
    ensure_report_reader(user)
    job = export_jobs.get_job(session, actor=user, token=token)
    stored = export_jobs.file_of(session, job)
    return StreamingResponse(
        stored.chunks,
        media_type=get_exporter(job.exporter).mimetype,
        headers={
            "Content-Disposition": attachment(job.filename, export_jobs.title_of(job)),
            "Content-Length": str(stored.size),
            "Cache-Control": "no-store",
        },
    )
