"""Exports with a long coupon register run as background jobs: progress page, polling, download."""

from __future__ import annotations

import threading
import time
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import delete
from sqlmodel import select

from fairs.exports import jobs as export_jobs
from fairs.exports import store, worker
from fairs.models import User, utcnow
from fairs.models.exports import ExportChunk, ExportJob
from fairs.services import report
from tests.api import helpers as h
from tests.exports.conftest import queued_register_job, values, workbook

URL = "/exports/register.xlsx"  # the organisers' copy: the register makes it long
JSON = {"Accept": "application/json"}


@pytest.fixture
def small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registers of more than 2 coupons go to the background."""
    monkeypatch.setattr(export_jobs, "BACKGROUND_ROWS", 2)


def wait_done(client, headers: dict, token: str) -> dict:  # noqa: ANN001
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = h.expect(client.get(f"/exports/jobs/{token}", headers={**headers, **JSON}), 200)
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.1)
    raise AssertionError("the export job did not finish")


def test_small_exports_download_at_once(client, auth, history, small_threshold, monkeypatch):
    monkeypatch.setattr(export_jobs, "BACKGROUND_ROWS", 6)  # the history has exactly 6 coupons
    workbook(client.get(URL, params=history.params(), headers=auth("organiser")))


def test_json_caller_gets_202_then_the_file(client, auth, history, small_threshold, session):
    headers = auth("organiser")
    accepted = h.expect(client.get(URL, params=history.params(lang="en"), headers={**headers, **JSON}), 202)
    token = accepted["job"]
    assert accepted["progress_url"] == f"/exports/jobs/{token}"
    assert accepted["status"] in ("queued", "running", "done")
    assert accepted["download_url"] == f"/exports/jobs/{token}/download"
    done = wait_done(client, headers, token)
    assert done["status"] == "done", done
    assert done["ready"] is True
    assert done["done"] == done["total"] == 6
    resp = client.get(done["download_url"], headers=headers)
    wb = workbook(resp)
    assert wb.sheetnames[0] == "Summary"
    assert len(values(wb["Coupons"])) == 7
    assert (
        f'filename="register_{history.period[0]}_{history.period[1]}.xlsx"'
        in resp.headers["content-disposition"]
    )
    # Written in the background, the same document: its heading, its name in words, its page footers.
    start, end = (date.fromisoformat(day) for day in history.period)
    title = f"Fairs_and_coupons_Солигорский_район_{start:%d.%m.%Y}-{end:%d.%m.%Y}.xlsx"
    assert resp.headers["content-disposition"].endswith(f"filename*=UTF-8''{quote(title)}")
    assert wb["Summary"]["A1"].value.startswith("Information on the service fairs")
    assert wb["Coupons"].oddFooter.right.text == "Page &P of &N"
    audit = h.audit_rows(session, action="export", entity="export_job")
    assert len(audit) == 1


def test_browser_is_sent_to_the_progress_page(browser, history, small_threshold):
    b = browser("organiser")
    resp = b.get(URL, params=history.params(), follow_redirects=False)
    assert resp.status_code == 303
    location = resp.headers["location"]
    token = location.rsplit("/", 1)[1]
    page = b.get(location)
    assert page.status_code == 200
    assert 'id="export-job"' in page.text and "<html" in page.text
    # Until it is done the fragment polls; then it offers the download instead.
    deadline = time.monotonic() + 60
    while True:
        fragment = b.get(location, htmx=True)
        assert fragment.status_code == 200
        assert "<html" not in fragment.text and 'id="export-job"' in fragment.text
        if 'data-status="done"' in fragment.text:
            break
        assert 'hx-trigger="every 1s"' in fragment.text
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert "hx-trigger" not in fragment.text
    assert f'href="/exports/jobs/{token}/download"' in fragment.text
    assert "Vary" in fragment.headers and "HX-Request" in fragment.headers["vary"]
    wb = workbook(b.get(f"/exports/jobs/{token}/download"))
    assert wb.sheetnames[0] == "Сводка"


def test_progress_page_while_running(browser, session, small_threshold, history):

    b = browser("organiser")

    owner = session.exec(select(User).where(User.username == "organiser")).one()
    job = ExportJob(
        token="t" * 43,
        user_id=owner.id,
        exporter="committee",
        district_ids=[1],
        scope_title="Солигорский район",
        period_start=history.first,
        period_end=history.second,
        status="running",
        progress_done=5000,
        progress_total=20000,
    )
    session.add(job)
    session.commit()
    page = b.get(f"/exports/jobs/{job.token}")
    assert 'value="25"' in page.text and 'hx-trigger="every 1s"' in page.text
    h.expect(b.client.get(f"/exports/jobs/{job.token}/download", headers=JSON), 404, "export_not_ready")


def test_only_the_owner_sees_a_job(client, auth, history, small_threshold):
    accepted = h.expect(client.get(URL, params=history.params(), headers={**auth("organiser"), **JSON}), 202)
    token = accepted["job"]
    wait_done(client, auth("organiser"), token)
    for username in ("organiser_b", "committee", "committee_region"):
        headers = {**auth(username), **JSON}
        h.expect(client.get(f"/exports/jobs/{token}", headers=headers), 404, "export_not_found")
        h.expect(client.get(f"/exports/jobs/{token}/download", headers=headers), 404, "export_not_found")
    h.expect(
        client.get("/exports/jobs/nothing", headers={**auth("organiser"), **JSON}), 404, "export_not_found"
    )
    assert client.get(f"/exports/jobs/{token}", headers=auth("partner_hospital")).status_code == 403


def _job(owner_id: int, token: str, **values) -> ExportJob:  # noqa: ANN003
    day = utcnow().date()
    return ExportJob(
        token=token,
        user_id=owner_id,
        exporter="committee",
        district_ids=[1],
        period_start=day,
        period_end=day,
        **values,
    )


def _owner(session, username: str = "committee") -> int:  # noqa: ANN001

    return session.exec(select(User).where(User.username == username)).one().id


def test_abandoned_jobs_fail_by_heartbeat_and_old_ones_are_removed(session):
    owner = _owner(session)
    late = utcnow() - export_jobs.STALE_AFTER - timedelta(seconds=5)
    # Where a job ran does not matter, only its heartbeat: this host and pid, or another host.
    here = _job(owner, "here", status="running", runner=export_jobs._runner(), updated_at=late)
    stale = _job(owner, "stale", status="queued", runner="elsewhere:1", updated_at=late)
    live = _job(owner, "live", status="running", runner="elsewhere:2", updated_at=utcnow())
    old = _job(owner, "old", status="done", size=3, created_at=utcnow() - timedelta(days=2))
    kept = _job(owner, "kept", status="done", size=3)
    session.add_all([here, stale, live, old, kept])
    session.commit()
    for job in (here, old, kept):
        session.add(ExportChunk(job_id=job.id, seq=0, data=b"abc"))
    session.commit()
    assert export_jobs.state(stale) == "failed"
    assert export_jobs.state(here) == "failed"  # read as failed before anything records it
    assert export_jobs.state(live) == "running"
    assert export_jobs.state(live, now=utcnow() + export_jobs.STALE_AFTER * 2) == "failed"
    assert export_jobs.fail_abandoned() == 2
    assert export_jobs.fail_abandoned() == 0
    assert export_jobs.cleanup() == 1
    session.expire_all()
    jobs = {j.token: j for j in session.exec(select(ExportJob)).all()}
    assert {t: j.status for t, j in jobs.items()} == {
        "here": "failed",
        "stale": "failed",
        "live": "running",
        "kept": "done",
    }
    assert jobs["here"].error == "interrupted"
    chunks = session.exec(select(ExportChunk.job_id)).all()
    assert chunks == [jobs["kept"].id]  # the abandoned job's and the old job's chunks are gone


def test_the_heartbeat_keeps_a_held_job_alive(session):
    owner = _owner(session)
    late = utcnow() - export_jobs.STALE_AFTER - timedelta(seconds=5)
    queued = _job(owner, "queued", status="queued", updated_at=late)
    done = _job(owner, "done", status="done", updated_at=late)
    session.add_all([queued, done])
    session.commit()
    assert export_jobs.beat([queued.id, done.id]) == 1  # only active jobs have a heartbeat
    session.expire_all()
    assert export_jobs.state(session.get(ExportJob, queued.id)) == "queued"
    assert export_jobs.fail_abandoned() == 0


def test_a_job_failed_as_abandoned_while_running_does_not_end_done(session, history, monkeypatch):
    owner = _owner(session)
    job = _job(owner, "raced", status="queued", updated_at=utcnow())
    job.period_start, job.period_end = (date.fromisoformat(d) for d in history.period)
    session.add(job)
    session.commit()
    real_store = store.store

    def store_then_lose_the_race(job_id: int, source) -> int:  # noqa: ANN001
        size = real_store(job_id, source, chunk_size=1000)
        assert export_jobs.fail_abandoned(now=utcnow() + export_jobs.STALE_AFTER * 2) == 1
        return size

    monkeypatch.setattr(store, "store", store_then_lose_the_race)
    export_jobs.run_job(job.id)
    session.expire_all()
    assert session.get(ExportJob, job.id).status == "failed"
    assert session.exec(select(ExportChunk)).all() == []


def test_the_file_is_stored_in_chunks_and_streamed_back(
    client, auth, history, small_threshold, session, monkeypatch
):
    monkeypatch.setattr(store, "CHUNK_SIZE", 1000)
    headers = auth("organiser")
    token = h.expect(client.get(URL, params=history.params(), headers={**headers, **JSON}), 202)["job"]
    assert wait_done(client, headers, token)["status"] == "done"
    job = session.exec(select(ExportJob).where(ExportJob.token == token)).one()
    chunks = session.exec(
        select(ExportChunk).where(ExportChunk.job_id == job.id).order_by(ExportChunk.seq)
    ).all()
    assert len(chunks) > 3 and [c.seq for c in chunks] == list(range(len(chunks)))
    assert all(len(c.data) == 1000 for c in chunks[:-1]) and 0 < len(chunks[-1].data) <= 1000
    resp = client.get(f"/exports/jobs/{token}/download", headers=headers)
    assert resp.content == b"".join(c.data for c in chunks)
    assert int(resp.headers["content-length"]) == job.size == len(resp.content)
    assert resp.headers["cache-control"] == "no-store"
    workbook(resp)
    # Once its chunks are gone (a job from before they were kept, or removed), it is no longer kept.
    session.execute(delete(ExportChunk).where(ExportChunk.job_id == job.id))
    h.expect(
        client.get(f"/exports/jobs/{token}/download", headers={**headers, **JSON}), 404, "export_not_ready"
    )


def test_a_failing_job_says_so(browser, history, small_threshold, monkeypatch, tmp_path):

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        yield from ()
        raise RuntimeError("the database went away")

    monkeypatch.setattr(report, "register_rows", broken)
    b = browser("organiser")
    location = b.get(URL, params=history.params(), follow_redirects=False).headers["location"]
    token = location.rsplit("/", 1)[1]
    body = wait_done(b.client, {}, token)
    assert body["status"] == "failed" and body["ready"] is False
    fragment = b.get(location, htmx=True)
    assert 'data-status="failed"' in fragment.text and "hx-trigger" not in fragment.text
    assert not list((tmp_path / "exports").glob("*.xlsx*"))  # the unfinished file is gone


def test_retention_removes_old_exports_with_their_files(session):
    from typer.testing import CliRunner

    from fairs.cli import app

    owner = _owner(session)
    old = _job(owner, "old", status="done", size=3, created_at=utcnow() - timedelta(days=2))
    new = _job(owner, "new", status="done", size=3)
    session.add_all([old, new])
    session.commit()
    session.add_all([ExportChunk(job_id=job.id, seq=0, data=b"abc") for job in (old, new)])
    session.commit()
    applied = CliRunner().invoke(app, ["retention", "--apply"])
    assert applied.exit_code == 0, applied.output
    assert "Removed 1 background exports made more than a day ago" in applied.output
    assert session.exec(select(ExportJob.token)).all() == ["new"]
    assert session.exec(select(ExportChunk.job_id)).all() == [new.id]


def test_the_apps_shutdown_finishes_the_running_job_and_records_the_queued_one(session, history, monkeypatch):
    """Stopping the app waits for the file being written, records the job that never started as
    interrupted, and leaves no export thread behind (the next test's database is never touched)."""
    first, second = (queued_register_job(session, history, token) for token in ("first", "second"))
    release = threading.Event()
    writing = threading.Event()
    run_job = export_jobs.run_job

    def slow(job_id: int) -> None:
        writing.set()
        release.wait(30)
        run_job(job_id)

    monkeypatch.setattr(export_jobs, "run_job", slow)
    worker.start(first.id)
    worker.start(second.id)
    assert writing.wait(30)
    stopping = threading.Thread(target=worker.stop)
    stopping.start()
    release.set()
    stopping.join(60)
    assert not stopping.is_alive()
    session.expire_all()
    assert session.get(ExportJob, first.id).status == "done"
    interrupted = session.get(ExportJob, second.id)
    assert (interrupted.status, interrupted.error) == ("failed", "interrupted")
    assert not [t.name for t in threading.enumerate() if t.name.startswith("export")]
