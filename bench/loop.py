"""Benchmark of the referral loop: issue and redeem under 32 concurrent clients, against a trivial endpoint.

Starts the app under uvicorn on a fresh SQLite file, builds a district with an open fair through the API,
then drives, each for a fixed number of requests at the same concurrency:
  * GET /healthz (trivial: no database),
  * POST /api/v1/booths/{id}/coupons (issue),
  * POST /api/v1/coupons/{code}/redeem (redeem each issued coupon once),
each after the same 200 untimed warm-up requests, and prints requests/s and p50/p95 latency for each, with
the CPU time the server process and this load generator spent per request (from /proc and the process
clock: unlike requests/s, these hardly move when other work shares the machine). Target: issue and
redeem ≥ 50 % of the trivial endpoint's throughput, p95 < 50 ms.

    .venv/bin/python bench/loop.py [--requests 2000] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 200  # untimed requests before each endpoint's timed run
PASSWORD = "bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_database(env: dict[str, str]) -> None:
    """Migrate and create the district, users and organisations (directly, before the server starts)."""
    code = f"""
from sqlmodel import Session
from fairs.db import get_engine
from fairs.models import District, Region, Role
from fairs.services import registry, users
with Session(get_engine()) as s:
    region = Region(name="Bench region"); s.add(region); s.flush()
    district = District(name="Bench district", region_id=region.id); s.add(district); s.flush()
    org = users.create_user(s, actor=None, username="organiser", password={PASSWORD!r}, role=Role.organiser,
                            district_id=district.id)
    centre = registry.create_organisation(s, actor=org, name="Employment centre", kind="employment",
                                          directions=["employment_counselling", "employment_referral"])
    users.create_user(s, actor=None, username="partner", password={PASSWORD!r}, role=Role.partner,
                      organisation_id=centre.id)
    s.commit()
"""
    subprocess.run([str(Path(sys.executable).parent / "fairs"), "migrate"], env=env, check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


class Client:
    """A thin aiohttp wrapper (the load generator must cost far less than the server it measures)."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def request(self, method: str, url: str, **kwargs) -> tuple[int, object]:  # noqa: ANN003
        async with self.session.request(method, url, **kwargs) as resp:
            body = await resp.json() if resp.content_type.endswith("json") else await resp.read()
            return resp.status, body


async def drive(
    client: Client, requests: list[tuple[str, str, dict]], concurrency: int, server_pid: int
) -> dict:
    """Send `requests` (method, url, kwargs) with `concurrency` workers; return throughput, latencies and
    the CPU time the server and this load generator spent per request."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    queue: asyncio.Queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)

    async def worker() -> None:
        while not queue.empty():
            method, url, kwargs = queue.get_nowait()
            start = time.perf_counter()
            status, _body = await client.request(method, url, **kwargs)
            latencies.append(time.perf_counter() - start)
            statuses[status] = statuses.get(status, 0) + 1

    server_cpu, client_cpu = cpu_seconds(server_pid), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    server_cpu, client_cpu = cpu_seconds(server_pid) - server_cpu, time.process_time() - client_cpu
    latencies.sort()
    return {
        "count": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "server_us": server_cpu / len(latencies) * 1e6,
        "client_us": client_cpu / len(latencies) * 1e6,
        "statuses": statuses,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(base: str, count: int, concurrency: int, server_pid: int) -> dict[str, dict]:
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, connector=connector) as http:
        client = Client(http)

        async def call(method: str, url: str, **kwargs) -> object:  # noqa: ANN003
            status, body = await client.request(method, url, **kwargs)
            if status >= 400:
                raise SystemExit(f"{method} {url}: {status} {body}")
            return body

        async def token(username: str) -> dict[str, str]:
            body = await call("POST", "/api/v1/auth/token", data={"username": username, "password": PASSWORD})
            return {"Authorization": f"Bearer {body['access_token']}"}

        org, partner = await token("organiser"), await token("partner")
        centre = (await call("GET", "/api/v1/organisations", headers=org))[0]["id"]
        fair = await call("POST", "/api/v1/fairs", headers=org, json={"date": time.strftime("%Y-%m-%d")})
        await call("POST", f"/api/v1/fairs/{fair['id']}/open", headers=org)
        booth = await call(
            "POST", f"/api/v1/fairs/{fair['id']}/booths", headers=org, json={"organisation_id": centre}
        )
        client_ids = []
        for n in range(200):
            body = {
                "mother_name": f"Анна{n}",
                "father_name": f"Иван{n}",
                "sex": "M",
                "birth_year": 1960 + n % 40,
                "distinct_person": True,
            }
            client_ids.append((await call("POST", "/api/v1/clients", headers=org, json=body))["id"])

        # Each endpoint gets the same untimed warm-up before its timed run (pools, caches, first compiles).
        await drive(client, [("GET", "/healthz", {})] * WARM_UP, concurrency, server_pid)
        results = {"trivial": await drive(client, [("GET", "/healthz", {})] * count, concurrency, server_pid)}
        issue = [
            (
                "POST",
                f"/api/v1/booths/{booth['id']}/coupons",
                {
                    "headers": partner,
                    "json": {
                        "client_id": client_ids[n % len(client_ids)],
                        "organisation_id": centre,
                        "direction": "employment_counselling",
                    },
                },
            )
            for n in range(WARM_UP + count)
        ]
        await drive(client, issue[:WARM_UP], concurrency, server_pid)
        results["issue"] = await drive(client, issue[WARM_UP:], concurrency, server_pid)
        listed, page = [], 1
        while True:
            resp = await call("GET", "/api/v1/coupons", headers=org, params={"page": page, "per_page": 200})
            listed += [c["code"] for c in resp["items"]]
            if len(listed) >= resp["total"]:
                break
            page += 1
        redeem = [("POST", f"/api/v1/coupons/{code}/redeem", {"headers": partner}) for code in listed]
        await drive(client, redeem[:WARM_UP], concurrency, server_pid)
        results["redeem"] = await drive(client, redeem[WARM_UP : WARM_UP + count], concurrency, server_pid)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fairs-bench-"))
    port = free_port()
    env = {
        **os.environ,
        "FAIRS_DATABASE_URL": f"sqlite:///{workdir / 'bench.db'}",
        "FAIRS_SECRET_KEY_FILE": str(workdir / "secret"),
        "FAIRS_BASE_URL": f"http://127.0.0.1:{port}",
    }
    prepare_database(env)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "fairs.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}")
        results = asyncio.run(run(f"http://127.0.0.1:{port}", args.requests, args.concurrency, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=10)
    trivial = results["trivial"]["rps"]
    print(
        f"SQLite, uvicorn (1 process), {args.concurrency} concurrent clients, {args.requests} requests each"
    )
    print(
        f"{'endpoint':<10} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'vs trivial':>11}"
        f" {'server µs':>10} {'client µs':>10}  statuses"
    )
    for name, r in results.items():
        ratio = r["rps"] / trivial
        row = (
            f"{name:<10} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {ratio:>10.0%}"
            f" {r['server_us']:>10.0f} {r['client_us']:>10.0f}"
        )
        print(f"{row}  {r['statuses']}")
    ok = all(results[k]["rps"] >= 0.5 * trivial and results[k]["p95_ms"] < 50 for k in ("issue", "redeem"))
    print("target (issue and redeem ≥ 50 % of trivial, p95 < 50 ms):", "met" if ok else "NOT met")


if __name__ == "__main__":
    main()
