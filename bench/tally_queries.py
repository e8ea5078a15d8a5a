"""Raw SQL behind the country tally, timed with and without extra indexes (a reference for the tally).

On the country bench/export.py builds, times three queries over coupons of fairs in 2026 that are not
cancelled: distinct persons referred; distinct persons per direction; coupons per direction, status and
outcome. Each for three scopes: no district filter, `district_id IN` all 120 districts (what a scope of
the whole country sends), and `IN` the 20 districts of the measured region. Then creates each candidate
index in turn, refreshes statistics, times again and drops it (the database is left as built).

    .venv/bin/python bench/tally_queries.py [--database-url URL] [--runs 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable

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
    "direction/client": "CREATE INDEX bench_ix ON coupon (direction_id, client_id, fair_id, status)",
}


def connect(url: str) -> tuple[Callable[[str], list], Callable[[str], None]]:
    """A query function and a statement function for `url` (sqlite3 or psycopg, autocommit)."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(make_url(url).database, isolation_level=None)
        return (lambda sql: conn.execute(sql).fetchall()), (lambda sql: conn.execute(sql) and None)
    pg = psycopg.connect(libpq_url(url), autocommit=True)
    return (lambda sql: pg.execute(sql).fetchall()), (lambda sql: pg.execute(sql) and None)


def best(query: Callable[[str], list], sql: str, runs: int) -> float:
    """Best wall seconds of `runs` executions of `sql`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        query(sql)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="sqlite:///bench/.data/country.db")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    query, execute = connect(args.database_url)
    every = ", ".join(str(i) for (i,) in query("SELECT id FROM district ORDER BY id"))
    region = ", ".join(str(i) for (i,) in query("SELECT id FROM district WHERE region_id = 1 ORDER BY id"))
    scopes = {
        "country": "",
        "country IN": f" AND coupon.district_id IN ({every})",
        "region IN": f" AND coupon.district_id IN ({region})",
    }
    print(f"{args.database_url}: best of {args.runs}, seconds")
    print(f"{'index':<20} {'query':<30}" + "".join(f"{s:>12}" for s in scopes))
    for label, ddl in INDEXES.items():
        if ddl:
            execute(ddl)
            execute("ANALYZE coupon" if args.database_url.startswith("sqlite") else "VACUUM ANALYZE coupon")
        try:
            for name, sql in QUERIES.items():
                cells = "".join(
                    f"{best(query, sql.format(scope=s), args.runs):>12.3f}" for s in scopes.values()
                )
                print(f"{label:<20} {name:<30}{cells}", flush=True)
        finally:
            if ddl:
                execute("DROP INDEX bench_ix")


if __name__ == "__main__":
    main()
