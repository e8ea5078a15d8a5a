"""Background exports: a workbook whose register is large is written by a worker thread into a file.

A job is created (and audited) in the request's transaction; after the commit the route hands its id to
`start`, which runs it on one worker thread of this process. The worker reads in its own read-only
session and reports progress in short transactions of their own, so the page polling the job sees the
count move. Jobs whose process died are failed: at the next start of a worker on the same host (their
process is gone), and, wherever they ran, when their heartbeat is older than STALE_AFTER.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update
from sqlmodel import Session, select

from fairs.config import get_settings
from fairs.db import get_engine, get_read_engine
from fairs.errors import NotFound
from fairs.exports import get_exporter
from fairs.i18n import _
from fairs.models import User, utcnow
from fairs.models.exports import ExportJob, ExportJobStatus
from fairs.services import audit
from fairs.services.report import Period, TallyScope, register_size

log = logging.getLogger(__name__)

BACKGROUND_ROWS = 20_000  # registers longer than this are written in the background
KEEP_FOR = timedelta(days=1)
STALE_AFTER = timedelta(minutes=10)
ACTIVE = (ExportJobStatus.queued.value, ExportJobStatus.running.value)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def runs_in_background(session: Session, *, scope: TallyScope, period: Period) -> tuple[bool, int]:
    """Whether the export of `scope` and `period` goes to the background, and its register's size."""
    size = register_size(session, scope=scope, period=period)
    return size > BACKGROUND_ROWS, size


def create_job(
    session: Session,
    *,
    actor: User,
    exporter: str,
    scope: TallyScope,
    period: Period,
    locale: str,
    total: int = 0,
) -> ExportJob:
    """Queue an export for `actor` (audited in the same transaction); the caller commits, then `start`s it."""
    get_exporter(exporter)  # unknown identifiers are refused before anything is written
    job = ExportJob(
        token=secrets.token_urlsafe(32),
        user_id=actor.id,
        exporter=exporter,
        district_ids=list(scope.district_ids),
        scope_title=scope.title,
        period_start=period.start,
        period_end=period.end,
        locale=locale,
        progress_total=total,
        runner=_runner(),  # the accepting process runs it (see `start`)
    )
    session.add(job)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="export",
        entity="export_job",
        entity_id=job.id,
        district_id=scope.district_ids[0] if len(scope.district_ids) == 1 else actor.district_id,
        details={
            "exporter": exporter,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "districts": list(scope.district_ids),
        },
    )
    return job


def get_job(session: Session, *, actor: User, token: str) -> ExportJob:
    """The job named `token`; only its owner sees it (anyone else is told it does not exist)."""
    job = session.exec(select(ExportJob).where(ExportJob.token == token[:64])).first()
    if job is None or job.user_id != actor.id:
        raise NotFound(_("No such export."), code="export_not_found")
    return job


def state(job: ExportJob, now: datetime | None = None) -> str:
    """The job's status; an active job whose process is gone is read as failed.

    Gone: a process of this host that no longer runs (or an earlier process with our pid), or, for a
    job of another host, a heartbeat older than STALE_AFTER."""
    if job.status in ACTIVE and _abandoned(job, now):
        return ExportJobStatus.failed.value
    return job.status


def _abandoned(job: ExportJob, now: datetime | None = None) -> bool:
    host, pid, boot = ([*job.runner.rsplit(":", 2), "", ""])[:3]
    if host == socket.gethostname()[:150] and pid.isdigit():
        if boot == BOOT:
            return False  # this process's own job
        return int(pid) == os.getpid() or not _alive(int(pid))
    return _aware(job.updated_at) < (now or utcnow()) - STALE_AFTER


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def file_of(job: ExportJob) -> Path:
    """The finished file of a done job (NotFound when it is not there any more)."""
    path = Path(job.file_path) if job.file_path else None
    if job.status != ExportJobStatus.done.value or path is None or not path.is_file():
        raise NotFound(_("This export is not ready or no longer kept."), code="export_not_ready")
    return path


def export_dir() -> Path:
    """Where finished files are kept (created on first use)."""
    directory = Path(get_settings().export_dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    return directory


BOOT = secrets.token_hex(4)  # tells this process from an earlier one that had the same pid


def _runner() -> str:
    return f"{socket.gethostname()[:150]}:{os.getpid()}:{BOOT}"


def _set(job_id: int, **values: object) -> None:
    """Update the job in a short transaction of its own (progress must be seen while the export runs)."""
    with Session(get_engine()) as session:
        session.execute(update(ExportJob).where(ExportJob.id == job_id).values(updated_at=utcnow(), **values))
        session.commit()


def run_job(job_id: int) -> None:
    """Write the job's file; its status ends as done (with the file) or failed (with the error)."""
    with Session(get_read_engine(), expire_on_commit=False) as session:
        job = session.get(ExportJob, job_id)
        if job is None or job.status != ExportJobStatus.queued.value:
            return
        session.expunge(job)
    _set(job_id, status=ExportJobStatus.running.value, runner=_runner())
    part = export_dir() / f"{job.token}.xlsx.part"
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # a few writes a second at most
            last[0] = now
            _set(job_id, progress_done=done, progress_total=total)

    try:
        exporter = get_exporter(job.exporter)
        scope = TallyScope(tuple(job.district_ids), job.scope_title)
        period = Period(job.period_start, job.period_end)
        with Session(get_read_engine()) as session, part.open("wb") as target:
            result = exporter.render(
                session, scope=scope, period=period, locale=job.locale, target=target, progress=progress
            )
        final = part.with_suffix("")
        part.replace(final)
        _set(
            job_id,
            status=ExportJobStatus.done.value,
            file_path=str(final),
            filename=result.filename,
            finished_at=utcnow(),
        )
    except Exception as exc:  # noqa: BLE001  (any failure ends the job; the page shows it)
        log.exception("export job %s failed", job_id)
        part.unlink(missing_ok=True)
        _set(job_id, status=ExportJobStatus.failed.value, error=str(exc)[:1000], finished_at=utcnow())


def start(job_id: int) -> None:
    """Run the job on this process's export worker (one thread, started on first use)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            fail_abandoned()
            cleanup()
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
        executor = _executor
    executor.submit(run_job, job_id)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned() -> int:
    """Record as failed the active jobs whose process is gone (a restart leaves them behind)."""
    failed = 0
    with Session(get_engine()) as session:
        jobs = session.exec(select(ExportJob).where(ExportJob.status.in_(ACTIVE))).all()
        for job in jobs:
            if _abandoned(job):
                job.status = ExportJobStatus.failed.value
                job.error = "interrupted"
                job.finished_at = utcnow()
                session.add(job)
                failed += 1
        session.commit()
    return failed


def cleanup(now: datetime | None = None) -> int:
    """Delete jobs (and their files) finished or created more than KEEP_FOR ago; returns how many."""
    cutoff = (now or utcnow()) - KEEP_FOR
    removed = 0
    with Session(get_engine()) as session:
        old = session.exec(
            select(ExportJob).where(ExportJob.created_at < cutoff, ExportJob.status.not_in(ACTIVE))
        ).all()
        for job in old:
            if job.file_path:
                Path(job.file_path).unlink(missing_ok=True)
            session.delete(job)
            removed += 1
        session.commit()
    directory = export_dir()
    for stray in directory.glob("*.xlsx*"):  # files whose job row is gone (or a crash left a part)
        if stray.stat().st_mtime < time.time() - KEEP_FOR.total_seconds():
            stray.unlink(missing_ok=True)
    return removed
