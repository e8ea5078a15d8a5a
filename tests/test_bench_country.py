"""bench/country.py builds against the schema as it is now (it has fallen behind new NOT NULL columns
twice): a tiny country is built on SQLite and read by the committee's tally."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from fairs import db
from fairs.services.report import Period, TallyScope, committee_tally

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import country  # noqa: E402  (a script folder, not a package)


def test_a_tiny_country_builds_and_tallies(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'country.db'}"
    counts, seconds = country.build_country(url, 0.002)
    assert seconds is not None
    expected = country.expected_counts(0.002)
    exact = {table: n for table, n in expected.items() if n is not None}
    assert {table: counts[table] for table in exact} == exact
    # about 1.15 changes of category per client (nine in ten in one, a fifth of those in two, a few leaving)
    assert counts["client"] < counts["client_category"] < 1.4 * counts["client"]
    engine = db.make_engine(url)
    with Session(engine) as session:
        districts = tuple(range(1, counts["district"] + 1))
        tally = committee_tally(
            session,
            scope=TallyScope(districts, "country"),
            period=Period(dt.date(country.YEAR, 1, 1), dt.date(country.YEAR, 12, 31)),
        )
    engine.dispose()
    assert 0.9 * counts["coupon"] < tally.coupons_issued <= counts["coupon"]  # cancelled ones are not counted
    by_code = {row.code: row for row in tally.categories}
    # most persons are in a category, the first one (released from prison) the most common
    assert 0 < by_code["none"].persons_referred < 0.2 * tally.persons_referred
    assert max(tally.categories[:-2], key=lambda row: row.persons_referred) == tally.categories[0]
    assert 0 < tally.persons_referred <= counts["client"]


def test_the_tally_profile_runs_every_pass_on_a_tiny_country(tmp_path: Path) -> None:
    """docs/performance.md's `bench/tally_profile.py URL`: every pass of the tally, then the whole tally."""
    url = f"sqlite:///{tmp_path / 'country.db'}"
    country.build_country(url, 0.002)
    script = Path(__file__).resolve().parents[1] / "bench" / "tally_profile.py"
    done = subprocess.run(
        [sys.executable, str(script), url, "--runs", "1"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    passes = [line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")]
    expected = ["person_counts", "coupon_groups", "visit_persons", "coupons_per_fair", "redemption_days"]
    expected += ["visitors_per_fair", "booths_per_fair", "consultation_counts"]
    assert passes == [*expected, "committee_tally"] * 2  # the country, then one district
