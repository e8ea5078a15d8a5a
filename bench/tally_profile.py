"""Profile of the committee's tally on a built database: each pass alone, then the whole tally.

    .venv/bin/python bench/tally_profile.py sqlite:////path/to/country.db [--year 2026] [--runs 3]
                                            [--district ID]

For the country and for one district: every pass run alone on the caller's connection (wall and, on
SQLite, CPU seconds of the thread), then `committee_tally` as the app runs it (passes side by side for
large scopes). The best of `--runs` runs is shown; the first run of a fresh process is the cold one.
"""

from __future__ import annotations

import argparse
import time
from datetime import date, timedelta
from functools import partial

from sqlalchemy import select
from sqlmodel import Session

from fairs.db import make_engine
from fairs.models import District
from fairs.services import report
from fairs.services.report import (
    consultation_pass,
    coupon_pass,
    fair_pass,
    person_pass,
    queries,
    reading,
)


def passes(session: Session, where: queries.Where, plan: reading.Plan, names: queries.Names) -> dict:
    overdue_before = where.as_of - timedelta(days=report.OVERDUE_DAYS)
    months = report.Period(where.start, where.end).months()
    return {
        "person_counts": partial(
            person_pass.person_counts, where=where, plan=plan, names=names, months=months
        ),
        "coupon_groups": partial(
            coupon_pass.coupon_groups, where=where, plan=plan, overdue_before=overdue_before
        ),
        "visit_persons": partial(person_pass.visit_persons, where=where, plan=plan, months=months),
        "coupons_per_fair": partial(fair_pass.coupons_per_fair, where=where, plan=plan),
        "redemption_days": partial(coupon_pass.redemption_days, where=where, plan=plan),
        "visitors_per_fair": partial(fair_pass.visitors_per_fair, where=where),
        "booths_per_fair": partial(fair_pass.booths_per_fair, where=where),
        "consultation_counts": partial(
            consultation_pass.consultation_counts, where=where, plan=plan, names=names
        ),
    }


def best(runs: int, job) -> tuple[float, float]:  # noqa: ANN001
    result = (1e9, 1e9)
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.thread_time()
        job()
        result = min(result, (time.perf_counter() - wall, time.thread_time() - cpu))
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--district", type=int, help="the district profiled (default: the first)")
    args = parser.parse_args()
    engine = make_engine(args.url, immediate=False)
    period = report.Period.year(args.year)
    as_of = date(args.year, 12, 31)
    with Session(engine) as session:
        ids = tuple(session.execute(select(District.id).order_by(District.id)).scalars())
    district = (args.district,) if args.district else ids[:1]
    for label, district_ids in (("country", ids), ("district", district)):
        scope = report.TallyScope(district_ids, label)
        with Session(engine) as session:
            tally = partial(report.committee_tally, session, scope=scope, period=period, as_of=as_of)
            cold = best(1, tally)
            where = queries.Where(district_ids, period.start, period.end, as_of)
            names = queries.names(session, "ru")
            fairs = fair_pass.fair_rows(session, where)
            plan = reading.plan_for(session, len(fairs))
            if plan.sqlite_scan:  # as committee_tally reads: the scope's fairs by id ranges where few
                where = queries.with_fair_runs(session, where, [row.fair_id for row in fairs])
            print(f"{label}: {plan}; fair id ranges {where.fair_runs}; first tally {cold[0]:.3f} s")
            if plan.postgres and plan.large:
                reading._pg_settings(session)
            for name, job in passes(session, where, plan, names).items():
                wall, cpu = best(args.runs, partial(job, session))
                print(f"  {name:20s} wall {wall:.3f}  cpu {cpu:.3f}")
            session.rollback()
            wall, cpu = best(args.runs, tally)
            print(f"  {'committee_tally':20s} wall {wall:.3f}  (caller's cpu {cpu:.3f})")
    engine.dispose()


if __name__ == "__main__":
    main()
