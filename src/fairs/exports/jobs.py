"""Background exports: a workbook whose register is large is written by a worker thread, kept in the database.

A job is created (and audited) in the request's transaction; after the commit the route hands its id
to `exports.worker.start`, which runs it on one worker thread of this process. The worker reads in its
own read-only session and reports progress in short transactions of their own, so the page polling the
job sees the count move, through whichever process the page asks. The workbook is written to a
temporary file, then copied into the database in chunks (`exports.store`); any process serves the
download from there.

While a process holds a job (queued or running), a heartbeat thread of that process renews the job's
`updated_at` (`beat`, every `exports.worker.HEARTBEAT_EVERY` seconds). A job whose heartbeat is older
than STALE_AFTER was abandoned (its process died or lost the database): every process reads it as
failed, and `fail_abandoned` records that (and drops any chunks it left), whichever host it ran on.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, update
from sqlmodel import Session, select

from fairs.config import get_settings
from fairs.db import get_engine, get_read_engine
from fairs.db.files import private_dir
from fairs.errors import NotFound
from fairs.exports import Exporter, get_exporter, store
from fairs.exports.store import file_of  # noqa: F401  (the routes' way to a done job's file)
from fairs.i18n import _
from fairs.models import User, utcnow
from fairs.models.exports import ExportJob, ExportJobStatus
from fairs.services import audit
from fairs.services.report import Period, TallyScope

log = logging.getLogger(__name__)

BACKGROUND_ROWS = 20_000  # registers longer than this are written in the background
KEEP_FOR = timedelta(days=1)
STALE_AFTER = timedelta(minutes=1)  # twelve heartbeats missed: the job's process is gone
ACTIVE = (ExportJobStatus.queued.value, ExportJobStatus.running.value)


def title_of(job: ExportJob) -> str:
    """The finished file's name in words (as the exporter names it in the job's language)."""
    scope = TallyScope(tuple(job.district_ids), job.scope_title)
    return get_exporter(job.exporter).title(
        scope=scope, period=Period(job.period_start, job.period_end), locale=job.locale
    )


def runs_in_background(
    session: Session, *, exporter: Exporter, scope: TallyScope, period: Period
) -> tuple[bool, int]:
    """Whether `exporter`'s file of `scope` and `period` goes to the background, and its long table's size
    (the committee's copy has none: it is always written at once)."""
    size = exporter.rows(session, scope=scope, period=period)
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
    get_exporter(exporter).ensure_reader(actor)  # unknown or forbidden: refused before anything is written
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
        updated_at=utcnow(),
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
    """The job named `token`; only its owner sees it (anyone else is told it does not exist), and only while
    they may still have its export (a job of the register is refused once its owner is no organiser)."""
    job = session.exec(select(ExportJob).where(ExportJob.token == token[:64])).first()
    if job is None or job.user_id != actor.id:
        raise NotFound(_("No such export."), code="export_not_found")
    get_exporter(job.exporter).ensure_reader(actor)
    return job


def state(job: ExportJob, now: datetime | None = None) -> str:
    """The job's status; an active job whose heartbeat is older than STALE_AFTER is read as failed."""
    if job.status in ACTIVE and _aware(job.updated_at) < (now or utcnow()) - STALE_AFTER:
        return ExportJobStatus.failed.value
    return job.status


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def export_dir() -> Path:
    """Where a workbook is written before it goes into the database (created 0700 on first use, and made so
    if an earlier version left it open; its files are temporary files, 0600)."""
    return private_dir(Path(get_settings().export_dir).resolve(), tighten=True)


def _runner() -> str:
    return f"{socket.gethostname()[:150]}:{os.getpid()}"


def set_status(job_id: int, *, only_if: str | None = None, **values: object) -> bool:
    """Update the job in a short transaction of its own (progress must be seen while the export runs).

    With `only_if`, only while the job has that status; returns whether the row was updated."""
    query = update(ExportJob).where(ExportJob.id == job_id)
    if only_if is not None:
        query = query.where(ExportJob.status == only_if)
    with Session(get_engine()) as session:
        updated = session.execute(query.values(updated_at=utcnow(), **values)).rowcount
        session.commit()
    return updated == 1


def beat(job_ids: Iterable[int]) -> int:
    """Renew the heartbeat of the active jobs among `job_ids`; returns how many."""
    ids = list(job_ids)
    if not ids:
        return 0
    with Session(get_engine()) as session:
        renewed = session.execute(
            update(ExportJob)
            .where(ExportJob.id.in_(ids), ExportJob.status.in_(ACTIVE))
            .values(updated_at=utcnow())
        ).rowcount
        session.commit()
    return renewed


def run_job(job_id: int) -> None:
    """Write the job's file; its status ends as done (with the file) or failed (with the error)."""
    with Session(get_read_engine(), expire_on_commit=False) as session:
        job = session.get(ExportJob, job_id)
        if job is None or job.status != ExportJobStatus.queued.value:
            return
        session.expunge(job)
    running = ExportJobStatus.running.value
    if not set_status(job_id, only_if=ExportJobStatus.queued.value, status=running, runner=_runner()):
        return  # failed meanwhile as abandoned
    last = [0.0]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.5 or done >= total:  # a few writes a second at most
            last[0] = now
            set_status(job_id, progress_done=done, progress_total=total)

    try:
        exporter = get_exporter(job.exporter)
        with Session(get_read_engine()) as session:
            owner = session.get(User, job.user_id)
            if owner is None:
                raise NotFound(_("No such user."), code="not_found")
            exporter.ensure_reader(owner)  # the rule again as it runs: the owner may have lost the role
        scope = TallyScope(tuple(job.district_ids), job.scope_title)
        period = Period(job.period_start, job.period_end)
        with tempfile.TemporaryFile(dir=export_dir(), prefix="export-", suffix=".xlsx.part") as part:
            with Session(get_read_engine()) as session:
                result = exporter.render(
                    session, scope=scope, period=period, locale=job.locale, target=part, progress=progress
                )
            size = store.store(job_id, part)
        finished = set_status(
            job_id,
            only_if=running,
            status=ExportJobStatus.done.value,
            filename=result.filename,
            size=size,
            finished_at=utcnow(),
        )
        if not finished:  # failed as abandoned while it ran: its chunks may be incomplete
            store.remove(job_id)
    except Exception as exc:  # noqa: BLE001  (any failure ends the job; the page shows it)
        log.exception("export job %s failed", job_id)
        with suppress(Exception):
            store.remove(job_id)
        set_status(job_id, status=ExportJobStatus.failed.value, error=str(exc)[:1000], finished_at=utcnow())


def fail_abandoned(now: datetime | None = None) -> int:
    """Record as failed the active jobs whose heartbeat stopped (and drop their chunks); returns how many."""
    now = now or utcnow()
    stale = (ExportJob.status.in_(ACTIVE), ExportJob.updated_at < now - STALE_AFTER)
    with Session(get_engine()) as session:
        failed = (
            session.execute(
                update(ExportJob)
                .where(*stale)
                .values(status=ExportJobStatus.failed.value, error="interrupted", finished_at=now)
                .returning(ExportJob.id)
            )
            .scalars()
            .all()
        )
        store.remove_in(session, failed)
        session.commit()
    return len(failed)


def cleanup(now: datetime | None = None) -> int:
    """Delete jobs (and their stored files) finished or created more than KEEP_FOR ago; returns how many."""
    cutoff = (now or utcnow()) - KEEP_FOR
    with Session(get_engine()) as session:
        old = (
            session.execute(
                select(ExportJob.id).where(ExportJob.created_at < cutoff, ExportJob.status.not_in(ACTIVE))
            )
            .scalars()
            .all()
        )
        store.remove_in(session, old)
        if old:
            session.execute(delete(ExportJob).where(ExportJob.id.in_(old)))
        session.commit()
    for stray in export_dir().glob("*.xlsx*"):  # files an earlier version kept, or a crash left
        with suppress(OSError):
            if stray.stat().st_mtime < time.time() - KEEP_FOR.total_seconds():
                stray.unlink()
    return len(old)
