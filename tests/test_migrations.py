"""Migrations: upgrade an empty database to head, down to base and up again; the models match head.

Runs on an empty SQLite file and, when FAIRS_TEST_DATABASE_URL is set, on an empty PostgreSQL database
created (and dropped) here under a name of its own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import SQLModel

import fairs.models  # noqa: F401  (registers every table on SQLModel.metadata)
from fairs import config
from fairs.migrations import alembic_config
from fairs.models.base import migration_filter

ROOT = Path(__file__).resolve().parents[1]
PG_ENV = "FAIRS_TEST_DATABASE_URL"
TABLES = {
    "audit_entry",
    "booth",
    "category",
    "client",
    "client_category",
    "client_curator",
    "closed_day",
    "consultation",
    "coupon",
    "direction",
    "district",
    "export_chunk",
    "handover",
    "expected_person",
    "later_check",
    "later_check_finding",
    "export_job",
    "fair",
    "login_failure",
    "nonhire_reason",
    "coupon_nonhire",
    "followup_contact",
    "idempotency_key",
    "journey_note",
    "organisation",
    "organisationdirection",
    "outcome",
    "pad",
    "peer_incentive",
    "peer_invitation",
    "period_submission",
    "plan_need",
    "region",
    "person",
    "report_settings",
    "scan",
    "scan_failure",
    "user",
    "user_session",
    "visit",
}


def _config(url: str) -> Config:
    return alembic_config(url)


def _demo_at_head(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Config, Engine]:
    """The database at `url` migrated to the head and holding the demo (loaded through the services, as
    `make run` does); its Alembic config and an engine on it (the caller disposes of it)."""
    from sqlmodel import Session

    from fairs import db
    from fairs.demo import load_demo

    cfg = _config(url)
    command.upgrade(cfg, "head")
    monkeypatch.setenv("FAIRS_DATABASE_URL", url)
    config.get_settings.cache_clear()
    engine = db.make_engine(url)
    with Session(engine) as session:
        load_demo(session)
        session.commit()
    return cfg, engine


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database on the backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    server = os.environ.get(PG_ENV)
    if not server:
        pytest.skip(f"PostgreSQL migration tests skipped: set {PG_ENV}")
    name = f"fairs_mig_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _state(url: str) -> tuple[set[str], int | None, str | None]:
    """Application tables, the number of seeded directions, and the alembic revision."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
            directions = (
                conn.execute(text("SELECT count(*) FROM direction")).scalar_one()
                if "direction" in tables
                else None
            )
            revision = MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
    return tables, directions, revision


def test_upgrade_downgrade_upgrade(empty_url):
    cfg = _config(empty_url)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert _state(empty_url) == (set(), None, None)
    command.upgrade(cfg, "head")
    assert _state(empty_url) == (TABLES, 16, head)
    command.downgrade(cfg, "0016_i13cal_district_defaults")  # the programmes' four directions go again
    assert _state(empty_url)[1] == 12
    command.downgrade(cfg, "base")
    assert _state(empty_url) == (set(), None, None)
    command.upgrade(cfg, "head")
    assert _state(empty_url) == (TABLES, 16, head)


def test_models_match_the_migrations(empty_url):
    command.upgrade(_config(empty_url), "head")
    engine = create_engine(empty_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_object": migration_filter(conn.dialect.name),
                },
            )
            diff = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    assert diff == [], diff
    # The comparison covered every table of the schema.
    assert set(SQLModel.metadata.tables) == TABLES


def test_single_head():
    scripts = ScriptDirectory.from_config(_config("sqlite://"))
    assert len(scripts.get_heads()) == 1
    # The repository's alembic.ini (for developers running `alembic`) points at the package's scripts.
    developers = ScriptDirectory.from_config(Config(str(ROOT / "alembic.ini")))
    assert Path(developers.dir).resolve() == Path(scripts.dir).resolve()


def test_coupon_table_copies_keep_rows_that_others_point_at(
    empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Down past the pads migration and up again with data in: coupons that a re-issue, a scan and an
    audit point at survive the batch copy of the coupon table (SQLite), and every reference still holds."""
    cfg, engine = _demo_at_head(empty_url, monkeypatch)
    with engine.begin() as conn:
        first, last = conn.execute(text("SELECT min(id), max(id) FROM coupon")).one()
        conn.execute(
            text("UPDATE coupon SET reissued_from_id = :first WHERE id = :last"),
            {"first": first, "last": last},
        )
        before = conn.execute(text("SELECT count(*), count(reissued_from_id) FROM coupon")).one()
    engine.dispose()
    command.downgrade(cfg, "0005_login_failures")
    command.upgrade(cfg, "head")
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*), count(reissued_from_id) FROM coupon")).one() == before
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    engine.dispose()
    config.get_settings.cache_clear()


def test_persons_are_filled_from_the_client_codes(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Down past migration 0027 and up again with the demo in: one person per client code, shared by the
    clients of two districts with one code, and every visit, consultation and coupon carries its client's
    person (a blank of a pad none)."""
    cfg, engine = _demo_at_head(empty_url, monkeypatch)
    with engine.begin() as conn:
        client = conn.execute(text("SELECT code, district_id FROM client ORDER BY id LIMIT 1")).one()
        conn.execute(
            text(
                "INSERT INTO district (region_id, name, print_initials, retired, default_venue,"
                " default_starts_at, default_ends_at, print_locale) SELECT region_id, 'Соседний район',"
                " print_initials, retired, default_venue, default_starts_at, default_ends_at, print_locale"
                " FROM district WHERE id = :d"
            ),
            {"d": client.district_id},
        )
        other = conn.execute(text("SELECT max(id) FROM district")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO client (district_id, code, base_code, sex, birth_year, created_at, person_id)"
                " SELECT :other, code, base_code, sex, birth_year, created_at, person_id FROM client"
                " WHERE code = :code"
            ),
            {"other": other, "code": client.code},
        )
        conn.execute(text("INSERT INTO person (code) VALUES ('UNUSED1')"))  # no client: not remade
    engine.dispose()
    command.downgrade(cfg, "0026_i14snap_submitted_tally")
    command.upgrade(cfg, "head")
    engine = create_engine(empty_url)
    with engine.connect() as conn:

        def one(sql: str) -> tuple:
            return tuple(conn.execute(text(sql)).one())

        clients, codes = one("SELECT count(*), count(DISTINCT code) FROM client")
        assert clients > codes  # the code held in two districts
        assert one("SELECT count(*), count(DISTINCT code) FROM person") == (codes, codes)
        assert one(
            "SELECT count(*) FROM client JOIN person ON person.id = client.person_id"
            " WHERE person.code = client.code"
        ) == (clients,)
        shared = "SELECT count(DISTINCT person_id), count(*) FROM client WHERE code = :code"
        assert tuple(conn.execute(text(shared), {"code": client.code}).one()) == (1, 2)
        for table in ("visit", "consultation", "coupon"):
            rows, matching = one(
                "SELECT count(*), count(CASE WHEN r.person_id = c.person_id THEN 1 END)"  # noqa: S608
                f" FROM {table} r JOIN client c ON c.id = r.client_id"
            )
            assert rows > 0 and matching == rows, table
        assert one("SELECT count(*) FROM coupon WHERE client_id IS NULL AND person_id IS NOT NULL") == (0,)
        if conn.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    engine.dispose()
    config.get_settings.cache_clear()


def test_office_days_keep_their_coupons_from_a_downgrade(empty_url: str) -> None:
    """Down past migration 0030 is refused while an office day (coupons between fairs) exists, and nothing
    is changed; without one it goes, and a fair and an office day may share a date only from 0030 on."""
    cfg = _config(empty_url)
    command.upgrade(cfg, "head")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        district = conn.execute(text("SELECT id FROM district ORDER BY id LIMIT 1")).scalar()
        if district is None:
            conn.execute(text("INSERT INTO region (name, retired) VALUES ('Область', false)"))
            region = conn.execute(text("SELECT max(id) FROM region")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO district (region_id, name, print_initials, retired, default_venue,"
                    " default_starts_at, default_ends_at, print_locale)"
                    " VALUES (:r, 'Район', false, false, '', '09:00:00', '18:00:00', '')"
                ),
                {"r": region},
            )
            district = conn.execute(text("SELECT max(id) FROM district")).scalar_one()
        for kind in ("fair", "between"):
            conn.execute(
                text(
                    "INSERT INTO fair (district_id, date, venue, starts_at, ends_at, status, cancel_reason,"
                    " kind) VALUES (:d, '2026-11-18', '', '09:00:00', '18:00:00', 'open', '', :kind)"
                ),
                {"d": district, "kind": kind},
            )
    engine.dispose()
    with pytest.raises(RuntimeError, match="office days"):
        command.downgrade(cfg, "0029_i16_nonhire_reasons")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM fair")).scalar_one() == 2
        conn.execute(text("DELETE FROM fair WHERE kind = 'between'"))
    engine.dispose()
    command.downgrade(cfg, "0029_i16_nonhire_reasons")
    command.upgrade(cfg, "head")
    engine = create_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT kind FROM fair")).scalars().all() == ["fair"]
    engine.dispose()


def test_first_fairs_are_kept_by_visits_and_filled_by_the_migration(
    empty_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each person's first fair (date, district) as the demo's visits kept it through the services, and as
    migration 0034 fills it from the visits when run again: both the earliest fair visited, worked out here
    from the visit rows."""
    cfg, engine = _demo_at_head(empty_url, monkeypatch)
    engine.dispose()

    def kept_and_visited() -> tuple[dict, dict]:
        engine = create_engine(empty_url)
        with engine.connect() as conn:
            kept = {
                row[0]: (str(row[1]) if row[1] else None, row[2])
                for row in conn.execute(text("SELECT id, first_fair_on, first_district_id FROM person"))
            }
            visits = conn.execute(
                text(
                    "SELECT visit.person_id, fair.date, fair.district_id FROM visit"
                    " JOIN fair ON fair.id = visit.fair_id"
                )
            ).all()
        engine.dispose()
        first: dict[int, tuple[str | None, int | None]] = dict.fromkeys(kept, (None, None))
        for person_id, day, district_id in sorted(visits, key=lambda v: (str(v[1]), v[2]), reverse=True):
            first[person_id] = (str(day), district_id)
        return kept, first

    kept, first = kept_and_visited()
    assert sum(1 for day, _d in first.values() if day) >= 10  # the demo's visitors, of two fairs
    assert kept == first
    command.downgrade(cfg, "0033_i16_later_checks")
    command.upgrade(cfg, "head")
    kept, first = kept_and_visited()
    assert kept == first
