"""Real-browser harness: a live `fairs` server on demo data and Debian's Chromium driven by Playwright.

* `live_server` (module scope): a fresh SQLite file after `fairs migrate` + `fairs demo` (built once per
  worker, copied for each module), served by uvicorn in a subprocess on a free port of 127.0.0.1
  (FAIRS_DEMO=1, FAIRS_BASE_URL = that address).
* `db_live_server` (module scope, two params): the same on SQLite and on a new PostgreSQL database of the
  server of FAIRS_TEST_DATABASE_URL (skipped without it); a module asks for it by naming its own
  `live_server` fixture after it.
* `launch_chromium(*extra_args)`: a Chromium from /usr/bin/chromium (never a downloaded browser); every
  browser launched is closed at teardown. `browser`: one launched with no extra arguments.

Outside CI these tests are skipped, with the reason, when Chromium or Playwright is missing; with `CI` or
FAIRS_TEST_REQUIRE_BROWSER=1 set (`.ci/run` sets it) a missing browser fails them instead.

Playwright's sync API marks an asyncio loop as running in the calling thread while it is started, so
`asyncio.run()` in another test of the same worker would fail. It is therefore started per module (pytest
tears module fixtures down before a test of another module runs, also under pytest-xdist), never per
session, and a test here that finds a running loop is told so instead of hanging.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
SERVER_START_TIMEOUT = 30.0


def _browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("FAIRS_TEST_REQUIRE_BROWSER"))


def _missing(reason: str) -> None:
    if _browser_required():
        pytest.fail(f"{reason} (required here: CI or FAIRS_TEST_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@dataclass(frozen=True)
class LiveServer:
    """A running server: `url` without a trailing slash, and the database it serves."""

    url: str
    database_url: str


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fairs_command() -> list[str]:
    script = Path(sys.executable).with_name("fairs")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from fairs.cli import app; app()"]


def _wait_until_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"the server did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{log.read_text()[-3000:]}")


def _environment(tmp: Path, database_url: str, url: str = "http://127.0.0.1:8000") -> dict[str, str]:
    return {
        **os.environ,
        "FAIRS_DATABASE_URL": database_url,
        "FAIRS_BASE_URL": url,
        "FAIRS_DEMO": "1",
        "FAIRS_SECRET_KEY": "browser-test-secret-" + "x" * 32,
        "FAIRS_SECRET_KEY_FILE": str(tmp / "secret"),
        "FAIRS_EXPORT_DIR": str(tmp / "exports"),
        "FAIRS_LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="session")
def _demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file after `fairs migrate` and `fairs demo`, built once per worker; servers get copies."""
    tmp = tmp_path_factory.mktemp("demo")
    path = tmp / "demo.db"
    env = _environment(tmp, f"sqlite:///{path}")
    for step in ("migrate", "demo"):
        done = subprocess.run(
            [*_fairs_command(), step], env=env, cwd=tmp, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, f"fairs {step} failed:\n{done.stdout}\n{done.stderr}"
    with closing(sqlite3.connect(path)) as conn:  # fold the WAL into the file so a plain copy is complete
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@contextmanager
def serving(tmp: Path, env: dict[str, str], port: int) -> Iterator[str]:
    """`fairs` in a uvicorn subprocess on 127.0.0.1:`port` (its log in `tmp`), until the block ends; yields
    its address once it answers."""
    url = f"http://127.0.0.1:{port}"
    log = tmp / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "fairs.app:create_app", "--factory"]
            + ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            cwd=tmp,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_ready(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, _demo_database: Path) -> Iterator[LiveServer]:
    """`fairs` on a fresh copy of a migrated SQLite file with the demo data, in a uvicorn subprocess."""
    tmp = tmp_path_factory.mktemp("live")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    shutil.copyfile(_demo_database, tmp / "fairs.db")
    database_url = f"sqlite:///{tmp / 'fairs.db'}"
    env = _environment(tmp, database_url, url)
    with serving(tmp, env, port) as server:
        yield LiveServer(url=server, database_url=database_url)


@contextmanager
def _postgres_demo(tmp: Path) -> Iterator[str]:
    """A new database on the server of FAIRS_TEST_DATABASE_URL after `fairs migrate` and `fairs demo`;
    dropped at the end."""
    from sqlalchemy import create_engine, make_url, text

    server = os.environ.get("FAIRS_TEST_DATABASE_URL")
    if not server:
        pytest.skip("PostgreSQL tests skipped: set FAIRS_TEST_DATABASE_URL")
    name = f"fairs_browser_{os.getpid()}_{int(time.time() * 1000) % 10**9}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", pool_size=1)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = make_url(server).set(database=name).render_as_string(hide_password=False)
    try:
        for step in ("migrate", "demo"):
            done = subprocess.run(
                [*_fairs_command(), step],
                env=_environment(tmp, database_url),
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=180,
            )
            assert done.returncode == 0, f"fairs {step} failed:\n{done.stdout}\n{done.stderr}"
        yield database_url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db_live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, _demo_database: Path
) -> Iterator[LiveServer]:
    """As `live_server`, once on SQLite and once on PostgreSQL (FAIRS_TEST_DATABASE_URL; skipped without)."""
    tmp = tmp_path_factory.mktemp("live")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    if request.param == "sqlite":
        shutil.copyfile(_demo_database, tmp / "fairs.db")
        with serving(tmp, _environment(tmp, f"sqlite:///{tmp / 'fairs.db'}", url), port) as server:
            yield LiveServer(url=server, database_url=f"sqlite:///{tmp / 'fairs.db'}")
        return
    with (
        _postgres_demo(tmp) as database_url,
        serving(tmp, _environment(tmp, database_url, url), port) as server,
    ):
        yield LiveServer(url=server, database_url=database_url)


@pytest.fixture(scope="module")
def _playwright() -> Iterator[object]:
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("the Python package playwright is not installed (make venv)")
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        pytest.fail("an asyncio loop is running in this thread: Playwright's sync API cannot start here")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="module")
def launch_chromium(_playwright) -> Iterator[Callable[..., object]]:  # noqa: ANN001
    """`launch_chromium(*extra_args)` → a Playwright Browser on /usr/bin/chromium; all closed at the end."""
    launched: list = []

    def launch(*extra_args: str):  # noqa: ANN202
        browser = _playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args]
        )
        launched.append(browser)
        return browser

    yield launch
    for browser in launched:
        browser.close()


@pytest.fixture(scope="module")
def browser(launch_chromium):  # noqa: ANN001, ANN201
    """A Chromium with the standard arguments only."""
    return launch_chromium()
