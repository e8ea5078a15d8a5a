"""This process's export worker: one thread that writes the background jobs, and the heartbeat beside it.

Started on the first job, stopped with the app (`stop`): no thread of it outlives the app that started it.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

from fairs.exports import jobs
from fairs.models import utcnow
from fairs.models.exports import ExportJobStatus

log = logging.getLogger(__name__)

HEARTBEAT_EVERY = 5.0  # seconds between two heartbeats of the jobs a process holds

_executor: ThreadPoolExecutor | None = None
_heart: tuple[threading.Event, threading.Thread] | None = None  # the heartbeat thread and its stop signal
_lock = threading.Lock()
_held: set[int] = set()  # ids of the jobs this process has accepted and not finished


def start(job_id: int) -> None:
    """Run the job on this process's export worker (one thread, started on first use, with the heartbeat)."""
    global _executor, _heart
    with _lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
            stop_event = threading.Event()
            beating = threading.Thread(
                target=_heartbeat, args=(stop_event,), name="export-heartbeat", daemon=True
            )
            beating.start()
            _heart = (stop_event, beating)
        _held.add(job_id)
        executor = _executor
    executor.submit(_housekeeping)
    executor.submit(_run_held, job_id)


def stop() -> None:
    """The app's shutdown: the job being written is finished, the queued ones are recorded as interrupted
    (as the other processes would read them a minute later) and the worker and its heartbeat end.

    Nothing of this process touches the database after it returns; the next `start` begins afresh."""
    global _executor, _heart
    with _lock:
        executor, heart = _executor, _heart
        _executor = _heart = None
    if executor is None:
        return
    executor.shutdown(wait=True, cancel_futures=True)
    if heart is not None:
        stop_event, beating = heart
        stop_event.set()
        beating.join()
    with _lock:
        never_ran = sorted(_held)
        _held.clear()
    for job_id in never_ran:
        with suppress(Exception):
            jobs.set_status(
                job_id,
                only_if=ExportJobStatus.queued.value,
                status=ExportJobStatus.failed.value,
                error="interrupted",
                finished_at=utcnow(),
            )


def _run_held(job_id: int) -> None:
    try:
        jobs.run_job(job_id)
    finally:
        with _lock:
            _held.discard(job_id)


def _heartbeat(stop_event: threading.Event) -> None:
    """The heartbeat thread: every HEARTBEAT_EVERY seconds, the jobs this process holds are renewed."""
    while not stop_event.wait(HEARTBEAT_EVERY):
        with _lock:
            held = sorted(_held)
        if held:
            try:
                jobs.beat(held)
            except Exception:  # noqa: BLE001  (the next beat tries again; STALE_AFTER allows many misses)
                log.warning("export heartbeat failed", exc_info=True)


def _housekeeping() -> None:
    try:
        jobs.fail_abandoned()
        jobs.cleanup()
    except Exception:  # noqa: BLE001  (the next start tries again)
        log.warning("export housekeeping failed", exc_info=True)
