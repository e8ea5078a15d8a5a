"""Fixtures for the export tests: a small known history built through the JSON API, workbook helpers.

Exports are written under a temporary FAIRS_EXPORT_DIR.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from sqlmodel import select

from fairs import config
from fairs.models import User, utcnow
from fairs.models.exports import ExportJob
from tests.api import helpers as h
from tests.pages.conftest import browser  # noqa: F401  (the logged-in browser fixture)


@pytest.fixture(autouse=True)
def _export_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("FAIRS_EXPORT_DIR", str(tmp_path / "exports"))
    config.get_settings.cache_clear()


def workbook(resp) -> Workbook:  # noqa: ANN001
    """The workbook of a successful download."""
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ), resp.headers["content-type"]
    return load_workbook(BytesIO(resp.content))


def values(ws) -> list[tuple]:  # noqa: ANN001
    """Every row of a sheet as values."""
    return list(ws.iter_rows(values_only=True))


def summary_by_label(content: bytes) -> dict:
    """The «Сводка» sheet of a downloaded workbook: each row with a label in its first cell, label → the
    next three cells."""
    sheet = load_workbook(BytesIO(content))["Сводка"]
    return {row[0]: row[1:4] for row in values(sheet) if row and row[0]}


def every_text(wb: Workbook) -> str:
    """All cell values and document properties of a workbook, as one text."""
    parts = [str(wb.properties.title), str(wb.properties.subject), str(wb.properties.creator)]
    for ws in wb.worksheets:
        parts.append(ws.title)
        parts.extend(str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    return "\n".join(parts)


@dataclass
class History:
    """Two closed fairs of district A with visits, coupons, redemptions and outcomes; see `history`."""

    first: dt.date
    second: dt.date
    codes: dict[str, str]  # coupon key → short code
    period: tuple[str, str]

    def params(self, **extra: str) -> dict[str, str]:
        """The query of an export of the whole history."""
        return {"from": self.period[0], "to": self.period[1], **extra}


PERSONAL_NAME = "Петров Пётр Петрович"
PERSONAL_PHONE = "+375291234567"


@pytest.fixture
def history(client, auth, orgs) -> History:  # noqa: ANN001
    """F1 (60 days ago): P1 and P2 visit; c1 P1 employment referral → employer, redeemed, employed;
    c2 P1 HIV testing → hospital, redeemed, treatment started; c3 P2 HIV testing → hospital, never
    redeemed (expired). F2 (20 days ago): P1 and P3 visit; c4 P3 employment counselling → employment
    centre, redeemed, registered as job-seeker; c5 P1 infectious → hospital, cancelled; c6 P3
    humanitarian → Red Cross, unredeemed (still valid)."""
    org = auth("organiser")
    first, second = h.today() - dt.timedelta(days=60), h.today() - dt.timedelta(days=20)
    p1 = h.register(client, org, mother="Анна", father="Иван", full_name=PERSONAL_NAME, phone=PERSONAL_PHONE)[
        "id"
    ]
    p2 = h.register(client, org, mother="Мария", father="Олег", sex="F", birth_year=1990)["id"]
    p3 = h.register(client, org, mother="Ольга", father="Павел", sex="F", birth_year=1979)["id"]
    codes: dict[str, str] = {}

    def fair(day: dt.date) -> tuple[dict, dict, dict]:
        f = h.make_open_fair(client, org, day=day)
        employment = h.add_booth(client, org, fair=f, org=orgs["employment"])
        hospital = h.add_booth(client, org, fair=f, org=orgs["hospital"])
        h.close_fair(client, org, fair=f)
        return f, employment, hospital

    def coupon(key: str, booth: dict, person: int, to: str, direction: str) -> str:
        c = h.issue(client, org, booth=booth, client_id=person, org=orgs[to], direction=direction)
        codes[key] = c["code"]
        return c["code"]

    def redeem(code: str, day: dt.date, outcome: str) -> None:
        h.expect(h.redeem(client, org, code, redeemed_on=day), 200)
        h.expect(h.set_outcome(client, org, code, outcome=outcome, day=day), 200)

    f1, employment1, hospital1 = fair(first)
    for person in (p1, p2):
        h.expect(h.visit(client, org, fair=f1, client_id=person), 201)
    redeem(
        coupon("c1", employment1, p1, "employer", "employment_referral"), first + dt.timedelta(2), "employed"
    )
    redeem(
        coupon("c2", hospital1, p1, "hospital", "hiv_testing"), first + dt.timedelta(3), "treatment_started"
    )
    coupon("c3", hospital1, p2, "hospital", "hiv_testing")

    f2, employment2, hospital2 = fair(second)
    for person in (p1, p3):
        h.expect(h.visit(client, org, fair=f2, client_id=person), 201)
    redeem(
        coupon("c4", employment2, p3, "employment", "employment_counselling"),
        second + dt.timedelta(1),
        "registered_jobseeker",
    )
    h.expect(h.cancel(client, org, coupon("c5", hospital2, p1, "hospital", "infectious")), 200)
    coupon("c6", hospital2, p3, "redcross", "humanitarian")
    period = ((first - dt.timedelta(days=5)).isoformat(), h.today().isoformat())
    return History(first, second, codes, period)


def queued_register_job(session, history: History, token: str) -> ExportJob:  # noqa: ANN001
    """A register job of the organiser over the whole history, queued as the route would leave it."""
    owner = session.exec(select(User).where(User.username == "organiser")).one()
    job = ExportJob(
        token=token,
        user_id=owner.id,
        exporter="register",
        district_ids=[owner.district_id],
        period_start=dt.date.fromisoformat(history.period[0]),
        period_end=dt.date.fromisoformat(history.period[1]),
        status="queued",
        updated_at=utcnow(),
    )
    session.add(job)
    session.commit()
    return job
