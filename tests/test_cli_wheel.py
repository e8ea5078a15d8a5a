"""The built wheel works outside the source tree: installed into a folder of its own, its `fairs` migrates a
database in the user's data folder, sets a district up, and the organiser logs in to the app it serves.

Once, on SQLite: the wheel is built from a copy of the sources (as `make wheel` does), installed with
`pip install --no-deps --target`, and run from a directory outside the repository with the venv's
dependencies; nothing of the checkout is on the path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "copper-kettle-district-7"
LOGIN = """
from fastapi.testclient import TestClient
import fairs
from fairs.app import create_app
assert "{target}" in fairs.__file__, fairs.__file__
with TestClient(create_app()) as client:
    token = client.post("/api/v1/auth/token", data={{"username": "boss", "password": "{password}"}})
    assert token.status_code == 200, token.text
    headers = {{"Authorization": "Bearer " + token.json()["access_token"]}}
    defaults = client.get("/api/v1/fairs/defaults", headers=headers).json()
    assert defaults["venue"] == "ул. Гагарина, 5", defaults
    assert client.get("/login").status_code == 200
print("logged in")
"""


def _run(args: list[str], *, env: dict[str, str], cwd: Path) -> str:
    result = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout + result.stderr


def test_the_wheel_installs_migrates_sets_up_and_serves(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(ROOT / "src", sources / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", sources)
    build_env = dict(os.environ)
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
        + ["--wheel-dir", str(tmp_path / "dist"), str(sources)],
        env=build_env,
        cwd=sources,
    )
    (wheel,) = (tmp_path / "dist").glob("fairs-*-py3-none-any.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "fairs/migrations/env.py" in names and "fairs/locale/ru/LC_MESSAGES/messages.mo" in names
    assert not [name for name in names if "__pycache__" in name]

    target = tmp_path / "installed"
    _run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        env=build_env,
        cwd=tmp_path,
    )
    home = tmp_path / "home"
    elsewhere = tmp_path / "a-random-shell"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FAIRS_", "PYTHON", "XDG_"))}
    env |= {"PYTHONPATH": str(target), "HOME": str(home), "FAIRS_NEW_PASSWORD": PASSWORD}
    fairs = [str(target / "bin" / "fairs")]
    out = _run([*fairs, "migrate"], env=env, cwd=elsewhere)
    database = home / ".local" / "share" / "fairs" / "fairs.db"
    assert str(database) in out  # the user's data folder, not the shell's current directory
    out = _run(
        [*fairs, "setup", "--no-input", "--region", "Минская область", "--district", "Борисовский район"]
        + ["--venue", "ул. Гагарина, 5", "--organiser", "boss"],
        env=env,
        cwd=elsewhere,
    )
    assert "'boss'" in out
    assert database.is_file()
    out = _run(
        [sys.executable, "-c", LOGIN.format(target=target, password=PASSWORD)],
        env={k: v for k, v in env.items() if k != "FAIRS_NEW_PASSWORD"},
        cwd=elsewhere,
    )
    assert "logged in" in out
    assert (database.parent / ".fairs_secret").is_file()  # the generated key lives beside the database
    assert list(elsewhere.iterdir()) == []
