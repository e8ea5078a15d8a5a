"""Benchmark of the referral loop: issue and redeem under 32 concurrent clients, against a trivial endpoint.

For each database (a fresh SQLite file; a fresh PostgreSQL database on the server of
FAIRS_TEST_DATABASE_URL or --postgresql-url, dropped afterwards) and each number of uvicorn worker
processes, it starts the app, builds a district with an open fair through the API, then drives, each for a
fixed number of requests at the same concurrency:
  * GET /healthz (trivial: no database),
  * POST /api/v1/booths/{id}/coupons (issue),
  * POST /api/v1/coupons/{code}/redeem (redeem each issued coupon once),
and the page path at 8 concurrent users (a logged-in browser session, CSRF token included):
  * POST /booths/{id}/coupons with HX-Request (issue from the fair-day page),
  * POST /coupons/{token}/redeem (redeem from the page the QR opens, /c/{token}),
each after the same untimed warm-up, and prints one table: requests/s, p50/p95 latency, the share of the
trivial endpoint's throughput and of SQLite's one-process figure, and the CPU time the server processes
spent per request (from /proc: unlike requests/s, it hardly moves when other work shares the machine).

    .venv/bin/python bench/loop.py [--database sqlite|postgresql|both] [--workers 1 2]
                                   [--requests 2000] [--concurrency 32] [--page-requests 400]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import httpx

from fairs.clock import local_today  # the app's day (FAIRS_TIMEZONE), not the machine's

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 200  # untimed requests before each endpoint's timed run (--warm-up)
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
from fairs.services import accounts, registry
with Session(get_engine()) as s:
    region = Region(name="Bench region"); s.add(region); s.flush()
    district = District(name="Bench district", region_id=region.id); s.add(district); s.flush()
    org = accounts.create_user(s, actor=None, username="organiser", password={PASSWORD!r},
                               role=Role.organiser, district_id=district.id)
    centre = registry.create_organisation(s, actor=org, name="Employment centre", kind="employment",
                                          directions=["employment_counselling", "employment_referral"])
    accounts.create_user(s, actor=None, username="partner", password={PASSWORD!r}, role=Role.partner,
                      organisation_id=centre.id)
    s.commit()
"""
    subprocess.run([str(Path(sys.executable).parent / "fairs"), "migrate"], env=env, check=True, cwd=ROOT)
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT)


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60  # two processes on a loaded 2-core machine can take half a minute
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
    """User + system CPU time so far of process `pid` and its children (the uvicorn workers; Linux /proc)."""
    total = 0.0
    for one in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            listed = (task / "children").read_text().split()
        except FileNotFoundError:  # a thread that has ended meanwhile
            continue
        for child in listed:
            found += [int(child), *children(int(child))]
    return found


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


async def page_user(base: str, username: str, concurrency: int) -> tuple[aiohttp.ClientSession, str]:
    """A browser-like session of `username` (cookie jar) and its CSRF token."""
    jar = aiohttp.CookieJar(unsafe=True)  # the server is an IP address (127.0.0.1)
    http = aiohttp.ClientSession(base, connector=aiohttp.TCPConnector(limit=concurrency), cookie_jar=jar)
    async with http.get("/login") as resp:
        form = CSRF_RE.search(await resp.text())
    login = {"username": username, "password": PASSWORD, "csrf_token": form.group(1) if form else ""}
    async with http.post("/login", data=login) as resp:
        page = await resp.text()
        if resp.status != 200:
            raise SystemExit(f"page login of {username}: {resp.status}")
    match = CSRF_RE.search(page)
    if match is None:
        raise SystemExit("no CSRF token on the page after login")
    return http, match.group(1)


async def run(
    base: str, count: int, concurrency: int, server_pid: int, page_count: int, warm_up: int = WARM_UP
) -> dict[str, dict]:
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(base, connector=connector) as http:
        client = Client(http)

        async def call(method: str, url: str, **kwargs) -> object:  # noqa: ANN003
            try:
                status, body = await client.request(method, url, **kwargs)
            except aiohttp.ServerDisconnectedError:
                if method != "GET":
                    raise
                # A kept-alive connection the server closed as it was reused (its keep-alive timeout): an
                # untimed set-up read, sent again on a new connection.
                status, body = await client.request(method, url, **kwargs)
            if status >= 400:
                raise SystemExit(f"{method} {url}: {status} {body}")
            return body

        async def token(username: str) -> dict[str, str]:
            body = await call("POST", "/api/v1/auth/token", data={"username": username, "password": PASSWORD})
            return {"Authorization": f"Bearer {body['access_token']}"}

        org, partner = await token("organiser"), await token("partner")
        centre = (await call("GET", "/api/v1/organisations", headers=org))[0]["id"]
        fair = await call(
            "POST", "/api/v1/fairs", headers=org, json={"date": local_today().isoformat(), "confirm": True}
        )
        await call("POST", f"/api/v1/fairs/{fair['id']}/open", headers=org)
        booth = await call(
            "POST", f"/api/v1/fairs/{fair['id']}/booths", headers=org, json={"organisation_id": centre}
        )
        client_ids, client_codes = [], []
        for n in range(200):
            body = {
                "mother_name": f"Анна{n}",
                "father_name": f"Иван{n}",
                "sex": "M",
                "birth_year": 1960 + n % 40,
                "distinct_person": True,
            }
            registered = await call("POST", "/api/v1/clients", headers=org, json=body)
            client_ids.append(registered["id"])
            client_codes.append(registered["code"])

        # Each endpoint gets the same untimed warm-up before its timed run (pools, caches, first compiles).
        await drive(client, [("GET", "/healthz", {})] * warm_up, concurrency, server_pid)
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
                        "confirm_duplicate": True,  # the same few clients again and again
                    },
                },
            )
            for n in range(warm_up + count)
        ]
        await drive(client, issue[:warm_up], concurrency, server_pid)
        results["issue"] = await drive(client, issue[warm_up:], concurrency, server_pid)

        async def issued() -> list[tuple[str, str]]:
            listed, page = [], 1
            while True:
                params = {"page": page, "per_page": 200}
                resp = await call("GET", "/api/v1/coupons", headers=org, params=params)
                listed += [(c["code"], c["token"]) for c in resp["items"] if c["status"] == "issued"]
                if page * 200 >= resp["total"]:
                    return listed
                page += 1

        listed = await issued()
        redeem = [("POST", f"/api/v1/coupons/{code}/redeem", {"headers": partner}) for code, _ in listed]
        await drive(client, redeem[:warm_up], concurrency, server_pid)
        results["redeem"] = await drive(client, redeem[warm_up : warm_up + count], concurrency, server_pid)

        # The page path: a partner's browser session at the fair-day screen, then on the QR's page.
        page_warm = min(warm_up, page_count)
        users = PAGE_CONCURRENCY
        browser, csrf = await page_user(base, "partner", users)
        async with browser:
            pages = Client(browser)
            form = [
                (
                    "POST",
                    f"/booths/{booth['id']}/coupons",
                    {
                        "headers": {"HX-Request": "true"},
                        "data": {
                            "csrf_token": csrf,
                            "client_code": client_codes[n % len(client_codes)],
                            "target": f"{centre}:employment_referral",
                            "confirm_duplicate": "true",
                        },
                    },
                )
                for n in range(page_warm + page_count)
            ]
            await drive(pages, form[:page_warm], users, server_pid)
            results["page issue"] = await drive(pages, form[page_warm:], users, server_pid)
            unused = await issued()
            if len(unused) < page_warm + page_count:
                raise SystemExit("not enough unredeemed coupons for the page redemptions: raise --requests")
            qr = [
                ("POST", f"/coupons/{tok}/redeem", {"data": {"csrf_token": csrf}, "allow_redirects": False})
                for _code, tok in unused[: page_warm + page_count]
            ]
            await drive(pages, qr[:page_warm], users, server_pid)
            results["page redeem"] = await drive(pages, qr[page_warm:], users, server_pid)
    return results


PAGE_CONCURRENCY = 8


def database_url(kind: str, workdir: Path, server_url: str | None) -> tuple[str, str | None]:
    """(the app's database URL, the name of a PostgreSQL database to drop afterwards)."""
    if kind == "sqlite":
        return f"sqlite:///{workdir / f'bench-{time.monotonic_ns()}.db'}", None
    if not server_url:
        raise SystemExit("PostgreSQL: set FAIRS_TEST_DATABASE_URL or pass --postgresql-url")
    from sqlalchemy import create_engine, make_url, text

    name = f"fairs_bench_{os.getpid()}_{time.monotonic_ns() % 10**8}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False), name


def drop_database(server_url: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def one_run(kind: str, workers: int, args: argparse.Namespace, workdir: Path) -> dict[str, dict]:
    """Start the app on a fresh database of `kind` with `workers` processes and drive it."""
    url, dropped = database_url(kind, workdir, args.postgresql_url)
    port = free_port()
    env = {
        **os.environ,
        "FAIRS_DATABASE_URL": url,
        "FAIRS_SECRET_KEY_FILE": str(workdir / "secret"),
        "FAIRS_BASE_URL": f"http://127.0.0.1:{port}",
    }
    try:
        prepare_database(env)
        # The product's own command (one listening socket per process); warnings only (no access log).
        command = [str(Path(sys.executable).parent / "fairs"), "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--workers", str(workers)]
        server = subprocess.Popen(command, env={**env, "FAIRS_LOG_LEVEL": "WARNING"}, cwd=ROOT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}")
            if workers > 1:
                time.sleep(2)  # every worker up before the clock starts
            return asyncio.run(
                run(
                    f"http://127.0.0.1:{port}",
                    args.requests,
                    args.concurrency,
                    server.pid,
                    args.page_requests,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=20)
    finally:
        if dropped:
            drop_database(args.postgresql_url, dropped)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--postgresql-url", default=os.environ.get("FAIRS_TEST_DATABASE_URL"))
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="uvicorn processes (several runs)"
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--page-requests", type=int, default=400)
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help="untimed requests before each timed run")
    args = parser.parse_args()
    kinds = ("sqlite", "postgresql") if args.database == "both" else (args.database,)
    workdir = Path(tempfile.mkdtemp(prefix="fairs-bench-"))
    runs = {
        (kind, workers): one_run(kind, workers, args, workdir) for kind in kinds for workers in args.workers
    }
    print(
        f"\n{args.concurrency} concurrent API clients, {args.requests} requests each; page path at "
        f"{PAGE_CONCURRENCY} concurrent users, {args.page_requests} requests each"
    )
    print(
        f"{'database':<11} {'proc':>4} {'endpoint':<12} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}"
        f" {'vs trivial':>10} {'vs SQLite×1':>11} {'server µs':>9}  statuses"
    )
    sqlite_one = runs.get(("sqlite", 1))
    for (kind, workers), results in runs.items():
        trivial = results["trivial"]["rps"]
        for name, r in results.items():
            versus = (
                "" if sqlite_one is None or name == "trivial" else f"{r['rps'] / sqlite_one[name]['rps']:.0%}"
            )
            print(
                f"{kind:<11} {workers:>4} {name:<12} {r['rps']:>7.0f} {r['p50_ms']:>7.1f} {r['p95_ms']:>7.1f}"
                f" {r['rps'] / trivial:>10.0%} {versus:>11} {r['server_us']:>9.0f}  {r['statuses']}"
            )
    for (kind, workers), results in runs.items():
        api_ok = all(results[k]["p95_ms"] < 50 for k in ("issue", "redeem"))
        page_ok = all(results[k]["p95_ms"] < 100 for k in ("page issue", "page redeem"))
        line = f"{kind} ×{workers}: API p95 < 50 ms {'met' if api_ok else 'NOT met'}"
        line += f", page p95 < 100 ms {'met' if page_ok else 'NOT met'}"
        if (kind, workers) == ("sqlite", 1):
            ratio = all(results[k]["rps"] >= 0.5 * results["trivial"]["rps"] for k in ("issue", "redeem"))
            line += f", issue and redeem ≥ 50 % of trivial {'met' if ratio else 'NOT met'}"
        elif kind == "postgresql" and sqlite_one is not None:
            share = all(results[k]["rps"] >= 0.8 * sqlite_one[k]["rps"] for k in ("issue", "redeem"))
            line += f", ≥ 80 % of SQLite×1 {'met' if share else 'NOT met'}"
        one = runs.get((kind, 1))
        if workers > 1 and one is not None:
            scale = min(results[k]["rps"] / one[k]["rps"] for k in ("issue", "redeem"))
            line += f", {scale:.2f}× one process"
        print(line)


if __name__ == "__main__":
    main()
