"""The `fairs` command: migrate, demo data (idempotent), users create / set-password, error exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from fairs.cli import app
from fairs.config import get_settings
from fairs.db import get_engine
from fairs.services import accounts

TABLES = ("organisation", "user", "fair", "booth", "client", "visit", "consultation", "coupon", "audit_entry")
runner = CliRunner()


def _reset_caches() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One migrated SQLite file with the demo data, shared by the tests of this module."""
    path = tmp_path_factory.mktemp("cli") / "fairs.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAIRS_DATABASE_URL", f"sqlite:///{path}")
        mp.delenv("FAIRS_NEW_PASSWORD", raising=False)
        mp.setenv("FAIRS_DEMO", "1")
        _reset_caches()
        result = runner.invoke(app, ["migrate"])
        assert result.exit_code == 0, result.output
        result = runner.invoke(app, ["demo"])
        assert result.exit_code == 0, result.output
        assert "demo-organiser-2026" in result.output
        yield path
        _reset_caches()


def _counts() -> dict[str, int]:
    with get_engine().connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in TABLES}  # noqa: S608


def _login(username: str, password: str) -> bool:
    with Session(get_engine()) as session:
        return accounts.authenticate(session, username=username, password=password) is not None


def test_demo_is_loaded_once(demo_db: Path) -> None:
    before = _counts()
    assert before["user"] >= 5 and before["coupon"] > 10 and before["fair"] >= 12
    result = runner.invoke(app, ["demo"])
    assert result.exit_code == 0, result.output
    assert "partner2" in result.output
    assert _counts() == before
    assert _login("organiser", "demo-organiser-2026")
    assert _login("partner", "demo-partner-2026")


def test_demo_refuses_to_run_outside_demo_mode(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _counts()
    monkeypatch.setenv("FAIRS_DEMO", "0")
    get_settings.cache_clear()
    try:
        result = runner.invoke(app, ["demo"])
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert result.exit_code == 2 and "FAIRS_DEMO=1" in result.output
    assert "demo-organiser-2026" not in result.output
    assert _counts() == before


def test_migrate_twice_is_harmless(demo_db: Path) -> None:
    result = runner.invoke(app, ["migrate"])
    assert result.exit_code == 0, result.output


def test_users_create_and_set_password(demo_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "Clerk",
            "--role",
            "organiser",
            "--district",
            "Солигорский район",
            "--password",
            "longenough1",
            "--full-name",
            "Test Clerk",
        ],
    )
    assert result.exit_code == 0, result.output
    assert _login("clerk", "longenough1")
    # Chosen by the operator for someone else: changed at the first login, unless --no-temporary.
    assert "changed at the first login" in result.output
    result = runner.invoke(
        app,
        ["users", "create", "self.admin", "--role", "admin", "--password", "longenough1", "--no-temporary"],
    )
    assert result.exit_code == 0, result.output
    with get_engine().connect() as conn:
        flags = dict(conn.execute(text("SELECT username, must_change_password FROM user")).all())
    assert flags["clerk"] and not flags["self.admin"]
    assert not any(flags[name] for name in ("organiser", "partner", "admin"))  # the demo logins stay usable

    result = runner.invoke(app, ["users", "set-password", "clerk"], input="copper-kettle9\ncopper-kettle9\n")
    assert result.exit_code == 0, result.output
    assert _login("clerk", "copper-kettle9") and not _login("clerk", "longenough1")

    result = runner.invoke(
        app, ["users", "set-password", "clerk"], env={"FAIRS_NEW_PASSWORD": "from-the-environment-7"}
    )
    assert result.exit_code == 0, result.output
    assert _login("clerk", "from-the-environment-7")


def test_partner_is_bound_to_organisation(demo_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "hr",
            "--role",
            "partner",
            "--organisation",
            "ОАО «Беларуськалий»",
            "--password",
            "longenough1",
        ],
    )
    assert result.exit_code == 0, result.output
    with get_engine().connect() as conn:
        org = conn.execute(
            text(
                "SELECT o.name FROM user u JOIN organisation o ON o.id = u.organisation_id "
                "WHERE u.username = 'hr'"
            )
        ).scalar_one()
    assert org == "ОАО «Беларуськалий»"


@pytest.mark.parametrize(
    "args",
    [
        [
            "users",
            "create",
            "organiser",
            "--role",
            "organiser",
            "--district",
            "Солигорский район",
            "--password",
            "longenough1",
        ],
        ["users", "create", "weak", "--role", "admin", "--password", "short"],
        [
            "users",
            "create",
            "lost",
            "--role",
            "organiser",
            "--district",
            "Nowhere",
            "--password",
            "longenough1",
        ],
        ["users", "create", "lonely", "--role", "partner", "--password", "longenough1"],
        ["users", "set-password", "nobody", "--password", "longenough1"],
        # A prison social worker belongs to a prison: the demo's hospital is refused (`prison_required`).
        [
            "users",
            "create",
            "warden.sw",
            "--role",
            "prison_worker",
            "--organisation",
            "УЗ «Солигорская центральная районная больница»",
            "--password",
            "longenough1",
        ],
        # A curator works in one district (`district_required`).
        ["users", "create", "lone.curator", "--role", "curator", "--password", "longenough1"],
    ],
    ids=[
        "taken",
        "weak_password",
        "unknown_district",
        "partner_without_org",
        "unknown_user",
        "prison_worker_not_in_a_prison",
        "curator_without_district",
    ],
)
def test_domain_errors_exit_with_2(demo_db: Path, args: list[str]) -> None:
    before = _counts()
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() and "Usage" not in result.stderr  # a domain refusal, not a usage error
    assert _counts() == before


def test_the_demo_fills_the_table_by_category(demo_db: Path) -> None:
    """The demo's visitors are recorded in categories at their first fair (one in six in none), so the
    dashboard's and the workbook's tables by category have figures on `make run`."""
    from datetime import date

    from fairs.services import report

    with Session(get_engine()) as session:
        district_id = session.execute(text("SELECT DISTINCT district_id FROM client")).scalar_one()
        tally = report.committee_tally(
            session,
            scope=report.TallyScope((district_id,), ""),
            period=report.Period(date(2000, 1, 1), date.today()),
            locale="en",
        )
    rows = {row.code: row for row in tally.categories}
    assert {code for code, row in rows.items() if row.persons_consulted} >= {
        "released",
        "drug_use",
        "registered",
        "non_custodial",
        "relatives",
        "none",
        "total",
    }
    assert rows["total"].persons_consulted == tally.persons_consulted > rows["released"].persons_consulted
    assert rows["released"].persons_referred > 0
