"""A district sets itself up: `fairs migrate` → `fairs setup` (options or questions) → the organiser logs in;
`fairs quickstart` on an empty database; renaming and retiring regions and districts from the command line.

Each test runs on an empty database of its own, on SQLite and on PostgreSQL (FAIRS_TEST_DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from typer.testing import CliRunner

from fairs import db
from fairs.cli import app
from fairs.cli import setup as cli_setup

runner = CliRunner()
PASSWORD = "copper-kettle-district-7"
ADMIN_PASSWORD = "tin-lantern-overseer-4"
COUNTED = ("region", "district", "user", "audit_entry")
WALK = [
    "setup",
    "--no-input",
    "--region",
    "Минская область",
    "--district",
    "Борисовский район",
    "--venue",
    "ул. Гагарина, 5, каб. 12",
    "--starts",
    "10:00",
    "--ends",
    "17:30",
    "--organiser",
    "Boss",
    "--organiser-name",
    "Анна Петровна",
]


def _run(args: list[str], code: int = 0, **kwargs: object) -> str:
    result = runner.invoke(app, args, **kwargs)
    assert result.exit_code == code, result.output
    return result.output


def _counts() -> dict[str, int]:
    with db.get_engine().connect() as conn:
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in COUNTED}  # noqa: S608


def _token(client: TestClient, username: str, password: str) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_migrate_setup_then_the_organiser_works(empty_db: str, tmp_path: Path) -> None:
    """The README's deployment walk, its refusals (nothing half-made), and a second district by questions."""
    _run(["migrate"])
    password_file = tmp_path / "password.txt"
    password_file.write_text("short\n", encoding="utf-8")
    before = _counts()
    # A refusal (a weak password) after region and district were made: none of it is kept.
    out = _run([*WALK, "--password-file", str(password_file)], 2)
    assert "Пароль должен" in out
    assert _counts() == before
    # Anything missing with --no-input is named, and nothing is asked.
    out = _run(["setup", "--no-input", "--region", "Минская область"], 2)
    assert "--district" in out and "--organiser" in out and "FAIRS_NEW_PASSWORD" in out
    assert _counts() == before

    password_file.write_text(PASSWORD + "\n", encoding="utf-8")
    out = _run([*WALK, "--password-file", str(password_file)])
    assert "'boss'" in out and "FAIRS_BASE_URL" in out and "http://127.0.0.1:8000/login" in out
    assert "скачайте шаблон" in out and "«Импорт из таблицы»" in out  # the partners' next step
    assert str(tmp_path / "data" / ".fairs_secret") in out
    after = _counts()
    assert (after["region"], after["district"], after["user"]) == (1, 1, 1)
    # Run again for the same district: refused, nothing added.
    out = _run([*WALK[:-4], "--organiser", "second", "--password-file", str(password_file)], 2)
    assert "уже" in out and "fairs users create" in out
    assert _counts() == after

    with db.get_engine().connect() as conn:
        audited = conn.execute(
            text(
                "SELECT entity, count(*) FROM audit_entry WHERE user_id IS NULL "
                "GROUP BY entity ORDER BY entity"
            )
        ).all()
    assert [tuple(row) for row in audited] == [("district", 2), ("region", 1), ("user", 1)]

    # The same region is reused for a second district set up by answering questions, with an admin.
    answers = "\n".join(
        [
            "Минская область",
            "Солигорский район",
            "ул. Козлова, 23",
            "",  # 09:00
            "",  # 18:00
            "second",
            "",
            PASSWORD,
            PASSWORD,
            ADMIN_PASSWORD,
            ADMIN_PASSWORD,
            "",
        ]
    )
    out = _run(["setup", "--admin", "Chief"], input=answers)
    assert "'second'" in out and "'chief'" in out
    counts = _counts()
    assert (counts["region"], counts["district"], counts["user"]) == (1, 2, 3)

    with TestClient(create_app_on_settings()) as client:
        boss = _token(client, "boss", PASSWORD)
        defaults = client.get("/api/v1/fairs/defaults", headers=boss).json()
        del defaults["district_id"]
        assert defaults == {
            "venue": "ул. Гагарина, 5, каб. 12",
            "starts_at": "10:00:00",
            "ends_at": "17:30:00",
        }
        second = client.get("/api/v1/fairs/defaults", headers=_token(client, "second", PASSWORD)).json()
        assert (second["venue"], second["starts_at"], second["ends_at"]) == (
            "ул. Козлова, 23",
            "09:00:00",
            "18:00:00",
        )
        users = client.get("/api/v1/users", headers=_token(client, "chief", ADMIN_PASSWORD))
        assert users.status_code == 200 and {u["username"] for u in users.json()} >= {
            "boss",
            "second",
            "chief",
        }


def create_app_on_settings():  # noqa: ANN201
    from fairs.app import create_app

    return create_app()


def test_rename_and_retire_from_the_command_line(empty_db: str) -> None:
    _run(["migrate"])
    _run(["regions", "create", "Минская область"])
    _run(["regions", "create", "Гомельская область"])
    _run(["districts", "create", "Центральный район", "--region", "Минская область"])
    _run(["districts", "create", "Центральный район", "--region", "Гомельская область"])

    out = _run(["regions", "rename", "Минская область", "Минская обл."], 0)
    assert "'Минская обл.'" in out
    # Two districts share the name: --region picks one; without it the refusal says so.
    out = _run(["districts", "rename", "Центральный район", "Новый район"], 2)
    assert "--region" in out
    _run(["districts", "rename", "Центральный район", "Новый район", "--region", "Гомельская область"])
    out = _run(["districts", "rename", "Новый район", "Центральный район", "--region", "Минская обл."], 2)
    assert "Нет района" in out
    listing = _run(["districts", "list"])
    assert "Новый район\tГомельская область" in listing and "Центральный район\tМинская обл." in listing

    _run(["districts", "retire", "Новый район", "--region", "Гомельская область"])
    _run(["regions", "retire", "Минская обл."])
    listing = _run(["districts", "list"])
    assert "Новый район\tГомельская область  (retired)" in listing
    assert "Минская обл.  (retired)" in _run(["regions", "list"])
    # A retired district takes no new account; an unknown one is answered in the deployment's language.
    args = ["users", "create", "late", "--role", "organiser", "--password", PASSWORD, "--district"]
    assert "выведен" in _run([*args, "Новый район"], 2)
    assert "Нет района с названием 'Unknown'." in _run([*args, "Unknown"], 2)
    with db.get_engine().connect() as conn:
        renames = conn.execute(
            text("SELECT count(*) FROM audit_entry WHERE action = 'update' AND user_id IS NULL")
        ).scalar_one()
    assert renames == 4


def test_quickstart_sets_up_an_empty_database_then_serves(
    empty_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No one to answer: it migrates, then explains what to run instead of waiting for answers.
    out = _run(["quickstart", "--no-serve"], 1)
    assert "fairs setup --no-input" in out
    served: list[tuple[str, int]] = []
    monkeypatch.setattr("fairs.cli.serve", lambda **kw: served.append((kw["host"], kw["port"])))
    monkeypatch.setattr(cli_setup, "interactive", lambda: True)
    answers = [
        "Минская область",
        "Борисовский район",
        "ул. Гагарина, 5",
        "",
        "",
        "boss",
        "",
        PASSWORD,
        PASSWORD,
    ]
    out = _run(["quickstart", "--port", "8123"], input="\n".join(answers) + "\n")
    assert "'boss'" in out
    assert served == [("127.0.0.1", 8123)]
    # Next time the district exists: no questions, straight to serving.
    out = _run(["quickstart"], input="")
    assert "?" not in out.replace("Database is up to date", "")
    assert served == [("127.0.0.1", 8123), ("127.0.0.1", 8000)]
    assert _counts()["district"] == 1
