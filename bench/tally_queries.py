"""Raw SQL behind the country tally, timed with and without extra indexes (a reference for the tally).

On the country bench/export.py builds, times three queries over coupons of fairs in 2026 that are not
cancelled: distinct persons referred; distinct persons per direction; coupons per direction, status and
outcome. Each for five scopes: no district filter; all 120 districts (what a scope of the whole country
sends) and the 20 districts of the measured region, each filtered on `fair.district_id` and on
`coupon.district_id` (the same rows; the plans differ). Then creates each candidate
index in turn, refreshes statistics, times again and drops it (the database is left as built).

    .venv/bin/python bench/tally_queries.py [--database-url URL] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
from country import libpq_url
from sqlalchemy.engine import make_url

FROM = (
    "FROM coupon JOIN fair ON fair.id = coupon.fair_id "
    "WHERE fair.date BETWEEN '2026-01-01' AND '2026-12-31' AND coupon.status <> 'cancelled'"
)
QUERIES = {
    "persons": f"SELECT count(DISTINCT coupon.client_id) {FROM}{{scope}}",
    "persons by direction": "SELECT coupon.direction_id, count(DISTINCT coupon.client_id) "
    f"{FROM}{{scope}} GROUP BY 1",
    "coupons by dir/status/outcome": "SELECT coupon.direction_id, coupon.status, coupon.outcome_id, "
    f"count(*) {FROM}{{scope}} GROUP BY 1, 2, 3",
}
INDEXES = {
    "none (as migrated)": None,
    "fair cover": "CREATE INDEX bench_ix ON coupon (fair_id, status, direction_id, client_id, outcome_id)",
    "district cover": "CREATE INDEX bench_ix ON coupon "
    "(district_id, fair_id, status, direction_id, client_id, outcome_id)",
    "fair+district cover": "CREATE INDEX bench_ix ON coupon "
    "(fair_id, district_id, status, direction_id, client_id, outcome_id)",
}


def connect(url: str) -> tuple[Callable[[str], list], Callable[[], float]]:
    """A query function for `url` (sqlite3 or psycopg, autocommit) and a clock of the CPU that runs it.

    SQLite runs in this process; a PostgreSQL query runs in its server process (read from /proc, so the
    server must be on this machine), with parallel workers off so that one process does all the work."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(make_url(url).database, isolation_level=None)
        return (lambda sql: conn.execute(sql).fetchall()), time.process_time
    pg = psycopg.connect(libpq_url(url), autocommit=True)
    pg.execute("SET max_parallel_workers_per_gather = 0")
    stat = Path(f"/proc/{pg.info.backend_pid}/stat")

    def server_cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def run(sql: str) -> list:
        cursor = pg.execute(sql)
        return cursor.fetchall() if cursor.description else []

    return run, server_cpu


def best(query: Callable[[str], list], cpu: Callable[[], float], sql: str, runs: int) -> tuple[float, float]:
    """Best wall seconds and best CPU seconds of `runs` executions of `sql`."""
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), cpu()
        query(sql)
        walls.append(time.perf_counter() - started)
        cpus.append(cpu() - cpu_started)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="sqlite:///bench/.data/country.db")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--explain", action="store_true", help="show the plan of one query per index")
    args = parser.parse_args()
    query, cpu = connect(args.database_url)
    every = ", ".join(str(i) for (i,) in query("SELECT id FROM district ORDER BY id"))
    region = ", ".join(str(i) for (i,) in query("SELECT id FROM district WHERE region_id = 1 ORDER BY id"))
    scopes = {
        "country": "",
        "country: fair IN": f" AND fair.district_id IN ({every})",
        "country: coupon IN": f" AND coupon.district_id IN ({every})",
        "region: fair IN": f" AND fair.district_id IN ({region})",
        "region: coupon IN": f" AND coupon.district_id IN ({region})",
    }
    print(f"{args.database_url}: best of {args.runs}, wall / CPU seconds; load {os.getloadavg()[0]:.1f}")
    print(f"{'index':<19} {'query':<30}" + "".join(f"{s:>19}" for s in scopes))
    for label, ddl in INDEXES.items():
        if ddl:
            query(ddl)
            query("ANALYZE coupon" if args.database_url.startswith("sqlite") else "VACUUM ANALYZE coupon")
        try:
            for name, sql in QUERIES.items():
                timed = [best(query, cpu, sql.format(scope=s), args.runs) for s in scopes.values()]
                cells = "".join(f"{f'{wall:.2f} / {used:.2f}':>19}" for wall, used in timed)
                print(f"{label:<19} {name:<30}{cells}", flush=True)
            if args.explain:
                explain = "EXPLAIN QUERY PLAN " if args.database_url.startswith("sqlite") else "EXPLAIN "
                for scope in ("country: fair IN", "country: coupon IN"):
                    print(f"    plan of persons by direction, {scope}:")
                    for row in query(explain + QUERIES["persons by direction"].format(scope=scopes[scope])):
                        print("      " + str(row[-1]))
        finally:
            if ddl:
                query("DROP INDEX bench_ix")


if __name__ == "__main__":
    main()
