"""Migration 0036 fills each category change's person, district and end (`held_until`) from the clients and
the changes already recorded, as services/clients/categories keeps them from then on."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from tests.test_migrations import _demo_at_head, empty_url  # noqa: F401  (the fixture)

CHANGES = [  # (client, category, recorded_on, held), in no particular order
    (0, 0, "2026-05-01", True),
    (0, 0, "2026-01-10", True),
    (0, 0, "2026-03-01", False),
    (0, 1, "2026-02-01", True),
    (1, 0, "2026-02-01", True),
]


def test_the_migration_fills_person_district_and_end(empty_url: str, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    cfg, engine = _demo_at_head(empty_url, monkeypatch)
    engine.dispose()
    command.downgrade(cfg, "0035_i16_handover")
    engine = create_engine(empty_url)
    with engine.begin() as conn:
        clients = conn.execute(text("SELECT id, person_id, district_id FROM client ORDER BY id")).all()
        clients = [clients[0], clients[-1]]
        assert clients[0].person_id != clients[1].person_id
        categories = conn.execute(text("SELECT id FROM category ORDER BY id")).scalars().all()[:2]
        # The demo's own changes (recorded at its visitors' first fairs) make way for these.
        conn.execute(text("DELETE FROM client_category"))
        for client, category, day, held in CHANGES:
            conn.execute(
                text(
                    "INSERT INTO client_category (client_id, category_id, recorded_on, held, created_at)"
                    " VALUES (:client, :category, :day, :held, CURRENT_TIMESTAMP)"
                ),
                {"client": clients[client].id, "category": categories[category], "day": day, "held": held},
            )
    command.upgrade(cfg, "head")
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT client_id, category_id, recorded_on, person_id, district_id, held_until"
                " FROM client_category ORDER BY client_id, category_id, recorded_on"
            )
        ).all()
    engine.dispose()
    first, second = clients
    one, two = categories
    kept = [(r[0], r[1], str(r[2]), r[3], r[4], r[5] and str(r[5])) for r in rows]
    assert kept == sorted(
        [
            (first.id, one, "2026-01-10", first.person_id, first.district_id, "2026-03-01"),
            (first.id, one, "2026-03-01", first.person_id, first.district_id, "2026-05-01"),
            (first.id, one, "2026-05-01", first.person_id, first.district_id, None),
            (first.id, two, "2026-02-01", first.person_id, first.district_id, None),
            (second.id, one, "2026-02-01", second.person_id, second.district_id, None),
        ]
    )
