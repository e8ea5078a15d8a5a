"""Benchmark of the committee's tally and workbook on a whole country's year (bench/country.py builds it).

Measures, each in a fresh subprocess (seconds: best of a few runs; peak RSS: the child's whole life,
imports included; "idle" shows what imports and setup alone cost):
  * tally-country, tally-district: `committee_tally` for all 120 districts and for the largest district
    of the measured region, year 2026. Target: the country ≤ 1 s, on SQLite and on PostgreSQL.
  * tally-country-compared: the country's tally beside the same period a year earlier (two tallies and
    their comparison, as `compare=previous_year` runs them). The country holds one year only, so the earlier
    tally is run over 2026 as well: the cost when the year before is as full as this one. Target ≤ 2 s.
  * workbook-district, workbook-region: `get_exporter("register").render(...)` (the organisers' workbook:
    the committee's sheets and the coupon register) for that district and for the measured region (about
    170,000 coupons). Targets: the district ≤ 1 s; the
    region ≤ 1.3 × the floor and ≤ 150 MB peak RSS.
  * workbook-region-districts: `get_exporter("region").render(...)` (the region's workbook: a summary of
    its districts side by side, one sheet per district and the region's totals, persons counted once across
    districts) for the measured region. Target ≤ 150 MB peak RSS; its time is printed beside the others.
  * floor-region: openpyxl's write-only mode writing the region's register rows (9 columns) streamed from
    the database, nothing else: what the real workbook is judged against.
  * floor-region-memory: the same rows prebuilt in a list, timing openpyxl alone (for reference).
A tally or exporter that does not exist yet reports "not built yet".

    .venv/bin/python bench/export.py [--backend sqlite|postgresql|both] [--database-url URL]
                                     [--rebuild] [--scale 0.05] [--runs N]
    .venv/bin/python bench/export.py --profile workbook-district --database-url URL [--top 30]

    .venv/bin/python bench/export.py --phases district --database-url URL [--runs N]

`--profile NAME` runs one measurement in this process on an existing database (once to warm up, then
under cProfile) and prints the functions taking the most time, cumulative and own. `--phases PLACE`
times the parts of the workbook of the district (or region) alone: the tally, reading the register's
rows, and the whole workbook (best of --runs, default 3; wall and CPU as in the table).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Select, and_, case, func, select, text
from sqlalchemy.orm import aliased
from sqlmodel import Session

from fairs.db import make_engine
from fairs.models import Client, Coupon, Direction, District, Fair, Organisation, Outcome, Region

BENCH = Path(__file__).resolve().parent
DATA = BENCH / ".data"
YEAR = 2026  # the year bench/country.py builds (not imported: the children stay lean)
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/fairs_bench"
NOT_BUILT = (ImportError, NotImplementedError, AttributeError)  # while looking the code up
LOCALE = "ru"
# name → (runs, target seconds, target peak MB, target as a multiple of floor-region's seconds)
MEASUREMENTS: dict[str, tuple[int, float | None, float | None, float | None]] = {
    "idle": (1, None, None, None),  # imports and setup only: what every child costs before any work
    "tally-country": (3, 1.0, None, None),
    "tally-country-compared": (3, 2.0, None, None),
    "tally-district": (3, None, None, None),
    "workbook-district": (3, 1.0, None, None),
    "floor-region": (2, None, None, None),
    "floor-region-memory": (2, None, None, None),
    "workbook-region": (2, None, 150.0, 1.3),
    "workbook-region-districts": (2, None, 150.0, None),
}
REGISTER_HEADER = ["code", "fair", "issued by", "sent to", "direction", "status", "redeemed on"]
REGISTER_HEADER += ["outcome", "client"]


def default_url(backend: str, scale: float) -> str:
    """Where the country of `scale` lives by default (one database per scale, so runs don't clobber)."""
    suffix = "" if scale == 1 else f"_{str(scale).replace('.', '_')}"
    if backend == "sqlite":
        return f"sqlite:///{DATA / f'country{suffix}.db'}"
    return DEFAULT_PG + suffix


def postgres_reachable(url: str) -> bool:
    """True when the PostgreSQL server of `url` answers (the database itself may not exist yet)."""
    import psycopg
    from country import libpq_url
    from sqlalchemy.engine import make_url

    try:
        psycopg.connect(libpq_url(str(make_url(url).set(database="postgres"))), connect_timeout=3).close()
        return True
    except psycopg.Error:
        return False


# --- the measured region and district -------------------------------------------------------------


def scopes(session: Session) -> dict[str, tuple[tuple[int, ...], str]]:
    """District ids and title of the country, the measured region (id 1) and its largest district."""
    districts = session.execute(select(District.id, District.region_id, District.name)).all()
    region = tuple(d.id for d in districts if d.region_id == 1)
    sizes = session.execute(
        select(Coupon.district_id, func.count())
        .where(Coupon.district_id.in_(region))
        .group_by(Coupon.district_id)
    ).all()
    biggest = max(sizes, key=lambda row: row[1])[0]
    return {
        "country": (tuple(d.id for d in districts), "Страна"),
        "region": (region, session.get(Region, 1).name),
        "district": ((biggest,), next(d.name for d in districts if d.id == biggest)),
    }


def register_query(district_ids: tuple[int, ...]) -> Select:
    """The register's 9 columns for the districts' coupons of fairs in YEAR, in fair-date order."""
    issuer, receiver = aliased(Organisation), aliased(Organisation)
    expired = and_(Coupon.status == "issued", Coupon.expires_on < date.today())
    return (
        select(
            Coupon.code,
            Fair.date,
            issuer.name,
            receiver.name,
            Direction.name_ru,
            case((expired, "expired"), else_=Coupon.status),
            Coupon.redeemed_on,
            Outcome.name_ru,
            Client.code,
        )
        .join(Fair, Fair.id == Coupon.fair_id)
        .join(issuer, issuer.id == Coupon.issuing_organisation_id)
        .join(receiver, receiver.id == Coupon.organisation_id)
        .join(Direction, Direction.id == Coupon.direction_id)
        .outerjoin(Outcome, Outcome.id == Coupon.outcome_id)
        .join(Client, Client.id == Coupon.client_id)
        .where(Coupon.district_id.in_(district_ids), Fair.date.between(date(YEAR, 1, 1), date(YEAR, 12, 31)))
        .order_by(Fair.date, Coupon.id)
    )


def write_register(rows: Iterable) -> int:
    """Write `rows` into a one-sheet write-only workbook saved to a temp file; its size in bytes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Register")
    sheet.append(REGISTER_HEADER)
    for row in rows:
        sheet.append(list(row))
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as target:
        workbook.save(target.name)
        return os.path.getsize(target.name)


# --- one measurement, inside the child process ------------------------------------------------------


def measurement(name: str, session: Session, where: dict) -> Callable[[], object]:
    """The callable timed for `name`; looking up the tally or the exporter happens here, untimed."""
    from fairs.services.report.results import Period, TallyScope

    period = Period.year(YEAR)
    kind, _, place = name.partition("-")
    if kind == "idle":
        return lambda: None
    if kind == "tally":
        from fairs.services.report.tally import committee_tally

        place, _, compared = place.partition("-")
        scope = TallyScope(*where[place])
        if compared:
            from fairs.services.report.comparison import compare_tallies

            def both() -> object:
                tally = committee_tally(session, scope=scope, period=period, locale=LOCALE)
                earlier = committee_tally(session, scope=scope, period=period, locale=LOCALE)
                return compare_tallies(tally, earlier)

            return both
        return lambda: committee_tally(session, scope=scope, period=period, locale=LOCALE)
    if kind == "workbook":
        from fairs.exports import get_exporter

        place, _, by_district = place.partition("-")
        exporter = get_exporter("region" if by_district else "register")
        scope = TallyScope(*where[place])

        def render() -> int:
            with tempfile.TemporaryFile() as target:
                exporter.render(session, scope=scope, period=period, locale=LOCALE, target=target)
                return target.tell()

        return render
    query = register_query(where["region"][0])
    if place == "region":
        # Server-side cursor on PostgreSQL, 5,000 rows at a time (SQLite steps its cursor anyway).
        options = {"stream_results": True, "yield_per": 5000}
        return lambda: write_register(session.connection().execution_options(**options).execute(query))
    rows = [tuple(row) for row in session.execute(query)]
    return lambda: write_register(rows)


def run_child(name: str, url: str, runs: int | None) -> dict:
    """Time `name` against `url`: best of its runs, and this process's peak RSS."""
    os.environ["FAIRS_DATABASE_URL"] = url
    runs = runs or MEASUREMENTS[name][0]
    engine = make_engine(url, immediate=False)
    result: dict = {"name": name, "status": "ok"}
    with Session(engine) as session:
        where = scopes(session)
        try:
            timed = measurement(name, session, where)
        except (*NOT_BUILT, LookupError) as error:  # no such function, module or exporter yet
            timed = None
            result |= {"status": "not built yet", "detail": f"{type(error).__name__}: {error}"}
        best, best_cpu = float("inf"), float("inf")
        for _ in range(runs if timed else 0):
            try:
                cpu_started = cpu_seconds(session)
                started = time.perf_counter()
                timed()
                best = min(best, time.perf_counter() - started)
                best_cpu = min(best_cpu, cpu_seconds(session) - cpu_started)
            except NotImplementedError as error:
                result |= {"status": "not built yet", "detail": f"NotImplementedError: {error}"}
                break
            except Exception as error:  # noqa: BLE001  (reported in the table; the others go on)
                result |= {"status": "error", "detail": f"{type(error).__name__}: {error}"}
                break
            finally:
                session.rollback()  # each run in its own snapshot, as a request would be
        if result["status"] == "ok":
            result |= {"seconds": best, "cpu": best_cpu}
    result["peak_mb"] = peak_rss_mb()
    return result


def profile(name: str, url: str, top: int) -> None:
    """Run `name` once to warm up, then once under cProfile; print the top functions."""
    import cProfile
    import pstats

    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        timed = measurement(name, session, scopes(session))
        timed()
        session.rollback()
        started = time.perf_counter()
        timed()
        print(f"{name}: {time.perf_counter() - started:.3f} s without the profiler")
        session.rollback()
        profiler = cProfile.Profile()
        profiler.runcall(timed)
        session.rollback()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def phases(place: str, url: str, runs: int) -> None:
    """Wall and CPU seconds of the workbook's parts for `place`: tally, register rows, the whole."""
    from fairs.services import report
    from fairs.services.report.tally import Period, TallyScope, committee_tally

    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        where = scopes(session)
        scope, period = TallyScope(*where[place]), Period.year(YEAR)
        jobs = {
            "tally": lambda: committee_tally(session, scope=scope, period=period, locale=LOCALE),
            "register rows": lambda: sum(
                1 for _ in report.register_rows(session, scope=scope, period=period, locale=LOCALE)
            ),
            "workbook": measurement(f"workbook-{place}", session, where),
        }
        for name, job in jobs.items():
            best = (float("inf"), float("inf"))
            for _ in range(runs):
                cpu_started, started = cpu_seconds(session), time.perf_counter()
                job()
                best = min(best, (time.perf_counter() - started, cpu_seconds(session) - cpu_started))
                session.rollback()
            print(f"{place} {name:14s} wall {best[0]:.3f} s  CPU {best[1]:.3f} s")


def cpu_seconds(session: Session) -> float:
    """CPU used so far by this process and, on PostgreSQL, by the server process of this session.

    Beside wall time because a shared machine stretches wall time; parallel query workers are not
    counted, so on PostgreSQL this can be less than the work done."""
    used = time.process_time()
    if session.get_bind().dialect.name == "postgresql":
        pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists():  # the server runs on this machine
            fields = stat.read_text().rsplit(")", 1)[1].split()
            used += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return used


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM of /proc/self/status, else ru_maxrss.

    On Linux ru_maxrss survives fork and exec, so a child reports at least its parent's RSS at the time
    it was started (here the builder's, over 150 MB); VmHWM belongs to the child's own memory."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- the parent: build, spawn, judge, print -----------------------------------------------------------


def measure(name: str, url: str, runs: int | None) -> dict:
    """Run one measurement in a fresh interpreter and return its result."""
    args = [sys.executable, __file__, "--measure", name, "--database-url", url]
    args += ["--runs", str(runs)] if runs else []
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"name": name, "status": "error", "detail": done.stderr.strip()[-300:], "peak_mb": None}
    return json.loads(lines[-1])


def judge(result: dict, floor: dict | None) -> tuple[str, str]:
    """The target text and PASS/FAIL (or the child's status) for one result."""
    _runs, seconds, megabytes, times_floor = MEASUREMENTS[result["name"]]
    parts = []
    ok = True
    if seconds is not None:
        parts.append(f"≤ {seconds:g} s")
        ok &= result.get("seconds", 0) <= seconds
    if times_floor is not None:
        limit = floor["seconds"] * times_floor if floor and floor.get("status") == "ok" else None
        parts.append(f"≤ {times_floor:g}× floor" + (f" ({limit:.2f} s)" if limit else ""))
        ok &= limit is not None and result.get("seconds", 0) <= limit
    if megabytes is not None:
        parts.append(f"≤ {megabytes:g} MB")
        ok &= result.get("peak_mb", 0) <= megabytes
    target = ", ".join(parts) or "—"
    if result["status"] != "ok":
        return target, result["status"]
    return target, ("PASS" if ok else "FAIL") if parts else "—"


def print_table(rows: list[tuple[dict, str]]) -> None:
    """The results: measurement, backend, seconds, peak RSS, target, verdict."""
    head = f"{'measurement':<20} {'backend':<11} {'seconds':>8} {'CPU s':>7} {'peak MB':>8}"
    print(f"\n{head}  {'target':<34} result")
    for result, backend in rows:
        floor = next((r for r, b in rows if b == backend and r["name"] == "floor-region"), None)
        target, verdict = judge(result, floor)
        seconds = f"{result['seconds']:.3f}" if "seconds" in result else "—"
        cpu = f"{result['cpu']:.3f}" if "cpu" in result else "—"
        peak = f"{result['peak_mb']:.0f}" if result["status"] == "ok" else "—"
        print(f"{result['name']:<20} {backend:<11} {seconds:>8} {cpu:>7} {peak:>8}  {target:<34} {verdict}")
    for result, backend in rows:
        if result["status"] == "error":
            print(f"  {result['name']} on {backend}: {result['detail']}")


def describe(url: str) -> str:
    """Coupon counts of the measured scopes and the database size."""
    engine = make_engine(url, immediate=False)
    with Session(engine) as session:
        where = scopes(session)
        count = {
            k: session.execute(select(func.count()).where(Coupon.district_id.in_(v[0]))).scalar_one()
            for k, v in where.items()
        }
        if url.startswith("sqlite"):
            size = Path(engine.url.database).stat().st_size
        else:
            size = session.execute(select(func.pg_database_size(func.current_database()))).scalar_one()
    engine.dispose()
    return (
        f"coupons: country {count['country']:,}, region {count['region']:,}, district {count['district']:,} "
        f"({where['district'][1]}); database {size / 2**20:,.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"])
    parser.add_argument("--database-url", help="sqlite:///file, or a PostgreSQL URL whose name says bench")
    parser.add_argument("--rebuild", action="store_true", help="build even if a matching one exists")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of clients and coupons, e.g. 0.05")
    parser.add_argument("--runs", type=int, help="runs per measurement (default: 3, 2 for the region)")
    parser.add_argument("--measure", choices=list(MEASUREMENTS), help=argparse.SUPPRESS)
    parser.add_argument("--profile", choices=list(MEASUREMENTS), help="profile one measurement (cProfile)")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--phases", choices=["district", "region"], help="time the workbook's parts")
    args = parser.parse_args()
    if args.phases:
        phases(args.phases, args.database_url or default_url("sqlite", args.scale), args.runs or 3)
        return
    if args.profile:
        profile(args.profile, args.database_url or default_url("sqlite", args.scale), args.top)
        return
    if args.measure:
        print(json.dumps(run_child(args.measure, args.database_url, args.runs)))
        return
    sys.path.insert(0, str(BENCH))
    from country import build_country

    pg_url = args.database_url if args.database_url and not args.database_url.startswith("sqlite") else None
    pg_url = pg_url or default_url("postgresql", args.scale)
    backend = args.backend or ("both" if postgres_reachable(pg_url) else "sqlite")
    urls = {}
    if backend in ("sqlite", "both"):
        custom = args.database_url if args.database_url and args.database_url.startswith("sqlite") else None
        urls["sqlite"] = custom or default_url("sqlite", args.scale)
    if backend in ("postgresql", "both"):
        urls["postgresql"] = pg_url
    rows = []
    for name, url in urls.items():
        counts, seconds = build_country(url, args.scale, rebuild=args.rebuild)
        built = f"built in {seconds:.0f} s" if seconds is not None else "reused (counts match)"
        print(f"{name}: {built}; " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        print(f"{name}: {describe(url)}")
        for measurement_name in MEASUREMENTS:
            rows.append((measure(measurement_name, url, args.runs), name))
            print(f"  {measurement_name}: {rows[-1][0]['status']}", flush=True)
    print_table(rows)
    load = os.getloadavg()[0]
    print(f"\nload average {load:.1f} on {os.cpu_count()} CPUs; the targets are judged on wall seconds")


if __name__ == "__main__":
    main()
