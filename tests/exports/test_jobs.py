"""Exports with a long coupon register run as background jobs: progress page, polling, download."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from fairs.exports import jobs as export_jobs
from fairs.models import utcnow
from fairs.models.exports import ExportJob
from fairs.services import report
from tests.api import helpers as h
from tests.exports.conftest import values, workbook

URL = "/exports/committee.xlsx"
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
    workbook(client.get(URL, params=history.params(), headers=auth("committee")))


def test_json_caller_gets_202_then_the_file(client, auth, history, small_threshold, session):
    headers = auth("committee")
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
        f'filename="committee_{history.period[0]}_{history.period[1]}.xlsx"'
        in resp.headers["content-disposition"]
    )
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
    from fairs.models import User

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
    accepted = h.expect(client.get(URL, params=history.params(), headers={**auth("committee"), **JSON}), 202)
    token = accepted["job"]
    wait_done(client, auth("committee"), token)
    for username in ("organiser", "committee_region"):
        headers = {**auth(username), **JSON}
        h.expect(client.get(f"/exports/jobs/{token}", headers=headers), 404, "export_not_found")
        h.expect(client.get(f"/exports/jobs/{token}/download", headers=headers), 404, "export_not_found")
    h.expect(
        client.get("/exports/jobs/nothing", headers={**auth("committee"), **JSON}), 404, "export_not_found"
    )
    assert client.get(f"/exports/jobs/{token}", headers=auth("partner_hospital")).status_code == 403


def test_abandoned_jobs_fail_and_old_ones_are_removed(client, auth, session, tmp_path):
    from fairs.models import User

    owner = session.exec(select(User).where(User.username == "committee")).one()
    common = {
        "user_id": owner.id,
        "exporter": "committee",
        "district_ids": [1],
        "period_start": utcnow().date(),
        "period_end": utcnow().date(),
    }
    dead = ExportJob(
        token="dead", status="running", runner=f"{export_jobs._runner().rsplit(':', 2)[0]}:999999:x", **common
    )
    stale = ExportJob(
        token="stale",
        status="queued",
        runner="elsewhere:1:y",
        updated_at=utcnow() - timedelta(hours=1),
        **common,
    )
    live = ExportJob(token="live", status="running", runner=export_jobs._runner(), **common)
    old_file = Path(tmp_path / "old.xlsx")
    old_file.write_bytes(b"x")
    old = ExportJob(
        token="old",
        status="done",
        file_path=str(old_file),
        created_at=utcnow() - timedelta(days=2),
        **common,
    )
    session.add_all([dead, stale, live, old])
    session.commit()
    assert export_jobs.state(stale) == "failed"
    assert export_jobs.state(dead) == "failed"  # read as failed before anything records it
    assert export_jobs.state(live) == "running"
    assert export_jobs.fail_abandoned() == 2
    assert export_jobs.cleanup() == 1
    session.expire_all()
    status = {j.token: j.status for j in session.exec(select(ExportJob)).all()}
    assert status == {"dead": "failed", "stale": "failed", "live": "running"}
    assert not old_file.exists()


def test_a_failing_job_says_so(browser, history, small_threshold, monkeypatch, tmp_path):

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        yield from ()
        raise RuntimeError("the database went away")

    monkeypatch.setattr(report, "register_rows", broken)
    b = browser("committee")
    location = b.get(URL, params=history.params(), follow_redirects=False).headers["location"]
    token = location.rsplit("/", 1)[1]
    body = wait_done(b.client, {}, token)
    assert body["status"] == "failed" and body["ready"] is False
    fragment = b.get(location, htmx=True)
    assert 'data-status="failed"' in fragment.text and "hx-trigger" not in fragment.text
    assert not list((tmp_path / "exports").glob("*.xlsx*"))  # the unfinished file is gone
