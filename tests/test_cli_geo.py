"""Set-up from nothing: `fairs regions create`, `fairs districts create`, then an organiser who can work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from fairs.app import create_app
from fairs.cli import app
from fairs.clock import local_today
from fairs.config import get_settings
from fairs.db import get_engine

runner = CliRunner()
PASSWORD = "copper-kettle-district-7"


def _reset_caches() -> None:
    if get_engine.cache_info().currsize:
        get_engine().dispose()
    get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Path]:
    """A SQLite file with the schema and nothing else (no demo, no world)."""
    path = tmp_path / "fairs.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FAIRS_DATABASE_URL", f"sqlite:///{path}")
        mp.delenv("FAIRS_NEW_PASSWORD", raising=False)
        mp.delenv("FAIRS_DEMO", raising=False)
        mp.delenv("FAIRS_DEFAULT_LOCALE", raising=False)
        _reset_caches()
        result = runner.invoke(app, ["migrate"])
        assert result.exit_code == 0, result.output
        yield path
        _reset_caches()


def _ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def test_a_district_set_up_from_nothing_runs(empty_db: Path) -> None:
    out = _ok(["regions", "create", "Минская область"])
    assert "(id 1)" in out
    out = _ok(["districts", "create", "Борисовский район", "--region", "Минская область"])
    assert "(id 1)" in out
    _ok(
        [
            "users",
            "create",
            "boss",
            "--role",
            "organiser",
            "--district",
            "Борисовский район",
            "--password",
            PASSWORD,
            "--no-temporary",  # the organiser's own password: no change asked at the first login
        ]
    )
    assert "Борисовский район" in _ok(["districts", "list"])

    with TestClient(create_app()) as client:
        token = client.post("/api/v1/auth/token", data={"username": "boss", "password": PASSWORD})
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        day = (local_today() + dt.timedelta(days=40)).isoformat()
        fair = client.post("/api/v1/fairs", json={"date": day, "confirm": True}, headers=headers)
        assert fair.status_code == 201, fair.text
        fairs = client.get("/api/v1/fairs", headers=headers).json()
        assert [f["id"] for f in fairs] == [fair.json()["id"]]


def test_refusals_are_in_russian(empty_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "users",
            "create",
            "boss",
            "--role",
            "organiser",
            "--district",
            "Нигдейский район",
            "--password",
            PASSWORD,
        ],
    )
    assert result.exit_code == 2
    assert "Нет района с названием 'Нигдейский район'." in result.output
    result = runner.invoke(app, ["districts", "create", "Борисовский район", "--region", "Минская область"])
    assert result.exit_code == 2 and "Нет области с названием 'Минская область'." in result.output
    _ok(["regions", "create", "Минская область"])
    result = runner.invoke(app, ["regions", "create", " Минская область "])
    assert result.exit_code == 2 and "Область с таким названием уже есть." in result.output
