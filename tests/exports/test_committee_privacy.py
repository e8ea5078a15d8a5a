"""The committee reads counts only: no client code, no coupon code, no register, by any path (the workbook
at once or through a background job, the report page, the JSON report). Organisers get the register in
their own export (`/exports/register.xlsx`). One rule decides: `services.report.sees_rows`."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import select

from fairs.exports import jobs as export_jobs
from fairs.models import Client, Role, User
from fairs.models.exports import ExportChunk, ExportJob
from fairs.services.coupons.codes import format_short_code
from tests.api import helpers as h
from tests.exports.conftest import every_text, queued_register_job, values, workbook
from tests.exports.test_jobs import JSON, small_threshold, wait_done  # noqa: F401  (a fixture)

URL = "/exports/committee.xlsx"
REGISTER = "/exports/register.xlsx"
COUNTS_ONLY = [
    "Summary",
    "By fair",
    "By organisation",
    "By direction",
    "By category",
    "Reasons for not hiring",
    "A year later",
    "Definitions",
]


def never_shown(session, history) -> list[str]:  # noqa: ANN001
    """What the committee must never get: every client code and every coupon's code, raw and printed."""
    client_codes = [code for code in session.exec(select(Client.code)).all() if code]
    coupon_codes = [c for raw in history.codes.values() for c in (raw, format_short_code(raw))]
    assert len(client_codes) >= 3 and len(coupon_codes) == 12
    return client_codes + coupon_codes


def assert_counts_only(wb, shown: list[str]) -> None:  # noqa: ANN001
    assert wb.sheetnames == COUNTS_ONLY
    headers = {str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row}
    assert not {"Client code", "Coupon", "Outcome"} & headers, headers
    everything = every_text(wb)
    leaked = [value for value in shown if value in everything]
    assert leaked == []


@pytest.mark.parametrize("username", ["committee", "committee_region", "organiser"])
def test_the_committees_workbook_holds_counts_only(client, auth, history, session, username):
    """Whoever downloads it, the committee's copy has no register and no code of a coupon or a person."""
    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=auth(username)))
    assert_counts_only(wb, never_shown(session, history))
    assert values(wb["Summary"])[3] == ("Fairs held", 2, 0, 2)  # the counts are all there (none a year ago)


def test_organisers_get_the_register_in_their_own_export(client, auth, history, session):
    wb = workbook(client.get(REGISTER, params=history.params(lang="en"), headers=auth("organiser")))
    assert wb.sheetnames == [*COUNTS_ONLY[:7], "Coupons", COUNTS_ONLY[7]]
    rows = values(wb["Coupons"])
    assert rows[0][0] == "Coupon" and rows[0][8] == "Client code"
    assert sorted(r[0] for r in rows[1:]) == sorted(format_short_code(c) for c in history.codes.values())
    known = set(session.exec(select(Client.code)).all())
    assert len({r[8] for r in rows[1:]}) == 3 and {r[8] for r in rows[1:]} <= known
    assert "Employed" in [r[7] for r in rows[1:]]


@pytest.mark.parametrize("username", ["committee", "committee_region", "partner_hospital", "admin"])
def test_only_organisers_get_the_register(client, auth, browser, history, username):
    h.expect(client.get(REGISTER, params=history.params(), headers=auth(username)), 403, "forbidden")
    page = browser(username).get(REGISTER, params=history.params())
    assert page.status_code == 403 and page.headers["content-type"].startswith("text/html")


@pytest.mark.usefixtures("small_threshold")
def test_the_committee_gets_no_background_job_for_a_long_register(client, auth, browser, history, session):
    """A long register used to send the committee's download to a job writing the register: now the
    committee's copy has none, so it is written at once, and no job (with or without rows) is made."""
    shown = never_shown(session, history)
    resp = client.get(URL, params=history.params(lang="en"), headers={**auth("committee"), **JSON})
    assert_counts_only(workbook(resp), shown)
    page = browser("committee_region").get(URL, params=history.params(lang="en"), follow_redirects=False)
    assert_counts_only(workbook(page), shown)
    assert session.exec(select(ExportJob)).all() == []
    # The organisers' copy with the same register still goes to the background.
    h.expect(client.get(REGISTER, params=history.params(), headers={**auth("organiser"), **JSON}), 202)


def _make_committee(session, username: str) -> None:  # noqa: ANN001
    session.execute(update(User).where(User.username == username).values(role=Role.committee))
    session.commit()


@pytest.mark.usefixtures("small_threshold")
def test_a_register_job_is_refused_once_its_owner_is_no_organiser(client, auth, history, session):
    headers = auth("organiser")
    token = h.expect(client.get(REGISTER, params=history.params(), headers={**headers, **JSON}), 202)["job"]
    assert wait_done(client, headers, token)["status"] == "done"
    assert client.get(f"/exports/jobs/{token}/download", headers=headers).status_code == 200
    _make_committee(session, "organiser")
    for suffix in ("", "/download"):
        h.expect(client.get(f"/exports/jobs/{token}{suffix}", headers={**headers, **JSON}), 403, "forbidden")


def test_a_register_job_does_not_run_for_an_owner_who_lost_the_role(session, history):
    """The rule is asked again when the job runs: the same queued register job that is written for an
    organiser fails without writing a file once its owner is a committee user."""

    def run(token: str) -> ExportJob:
        job = queued_register_job(session, history, token)
        export_jobs.run_job(job.id)
        session.expire_all()
        return session.get(ExportJob, job.id)

    written = run("while-organiser")
    assert written.status == "done" and written.filename.startswith("register_")
    _make_committee(session, "organiser")
    refused = run("after-the-role-changed")
    assert refused.status == "failed" and not refused.filename
    assert session.exec(select(ExportChunk.job_id).distinct()).all() == [written.id]


def test_the_committees_page_and_json_report_hold_no_codes(client, auth, browser, history, session):
    shown = never_shown(session, history)
    for username in ("committee", "committee_region"):
        report = client.get(f"{h.API}/reports/committee", params=history.params(), headers=auth(username))
        assert report.status_code == 200
        page = browser(username).get("/reports", params=history.params())
        assert page.status_code == 200 and "data-export" in page.text
        for text in (report.text, page.text):
            assert [value for value in shown if value in text] == [], username
        assert "/exports/register.xlsx" not in page.text
    organisers = browser("organiser").get("/reports", params=history.params()).text
    assert "/exports/register.xlsx" in organisers and "data-export-register" in organisers
