"""`fairs serve` warns at start-up while FAIRS_BASE_URL points at this machine (outside demo mode)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.api.test_race import _free_port

WARNING_RU = "телефоны не откроют QR-коды"


def _start_up_output(tmp_path: Path, **env: str) -> str:
    """Start `fairs serve` with these FAIRS_ settings, wait until it answers, stop it: its output."""
    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("FAIRS_")}
    clean |= {
        "FAIRS_DATABASE_URL": f"sqlite:///{tmp_path / 'fairs.db'}",
        "FAIRS_SECRET_KEY": "serve-test-secret-" + "x" * 32,
        "FAIRS_LOG_LEVEL": "WARNING",
        **env,
    }
    command = [sys.executable, "-c", "from fairs.cli import app; app()", "serve", "--port", str(port)]
    out = tmp_path / f"serve-{port}.log"
    with out.open("wb") as sink:
        process = subprocess.Popen(command, env=clean, cwd=tmp_path, stdout=sink, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, out.read_text()
            assert time.monotonic() < deadline, "the server did not start"
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=15)
    return out.read_text()


@pytest.mark.parametrize(
    ("env", "warned"),
    [
        ({}, True),  # unset: the default http://127.0.0.1:8000
        ({"FAIRS_BASE_URL": "https://fairs.example.test"}, False),
        ({"FAIRS_DEMO": "1"}, False),  # demo mode runs on one machine by design
    ],
)
def test_serve_warns_while_qr_codes_point_at_this_machine(tmp_path: Path, env: dict, warned: bool) -> None:
    output = _start_up_output(tmp_path, **env)
    assert (WARNING_RU in output) is warned, output
    if warned:
        assert "FAIRS_BASE_URL" in output and env.get("FAIRS_BASE_URL", "http://127.0.0.1:8000") in output
