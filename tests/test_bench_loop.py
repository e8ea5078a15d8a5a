"""`bench/loop.py`, as docs/performance.md tells it to be run, runs and prints its table (a short run).

Figures are not checked here (benchmarks show speed, tests show behaviour): every request of every row
must have succeeded, and the multi-process server (`fairs serve --workers 2`, one socket per process) must
answer on PostgreSQL."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import _postgres_or_skip

ROOT = Path(__file__).resolve().parents[1]
ROW = re.compile(
    r"^(sqlite|postgresql)\s+(\d+)\s+(trivial|issue|redeem|page issue|page redeem)\s+\d+.*\s(\{.*\})$"
)
EXPECTED = {"trivial": 200, "issue": 201, "redeem": 200, "page issue": 200, "page redeem": 303}


def _run(*args: str, env: dict[str, str] | None = None) -> dict[tuple[str, int, str], dict]:
    short = ["--requests", "20", "--page-requests", "8", "--warm-up", "4", "--concurrency", "4"]
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "loop.py"), *short, *args],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = {}
    for line in done.stdout.splitlines():
        match = ROW.match(line)
        if match:
            rows[(match[1], int(match[2]), match[3])] = eval(match[4])  # noqa: S307  (our own dict literal)
    return rows


def _all_succeeded(rows: dict, database: str, workers: int) -> None:
    for endpoint, status in EXPECTED.items():
        count = 8 if endpoint.startswith("page") else 20
        assert rows[(database, workers, endpoint)] == {status: count}, (endpoint, rows)


def test_the_loop_on_sqlite() -> None:
    _all_succeeded(_run("--database", "sqlite"), "sqlite", 1)


def test_the_loop_on_postgresql_with_two_processes() -> None:
    url = _postgres_or_skip()
    rows = _run(
        "--database", "postgresql", "--workers", "2", env={**os.environ, "FAIRS_TEST_DATABASE_URL": url}
    )
    _all_succeeded(rows, "postgresql", 2)
