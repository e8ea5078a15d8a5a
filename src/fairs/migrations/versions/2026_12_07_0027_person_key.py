"""Persons: one row per client code, and every client, visit, consultation and coupon carries its person

Revision ID: 0027_i14person_person_key
Revises: 0026_i14snap_submitted_tally
Create Date: 2026-12-07 18:00:00

A count of persons over several districts counts client codes (a person who moved holds a client row in
each district). The tally grouped each kind of record by client and then the clients again by code; with
the person on the record it groups once, by person (docs/performance.md).

* `person` (id, code unique): one row per client code there is;
* `client.person_id`, `visit.person_id`, `consultation.person_id` (NOT NULL) and `coupon.person_id` (NULL
  while a coupon is a blank, as its client), filled from the client;
* indexes: on SQLite the coupons' covering index for the persons' pass leads with the person
  (`ix_coupon_tally_person` replaces `ix_coupon_tally_client`) and the coupons of a client get their own
  index, as on PostgreSQL; visits by (person, fair); consultations by (person, booth, direction).

Downgrade drops them all and restores `ix_coupon_tally_client`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0027_i14person_person_key"
down_revision: str | None = "0026_i14snap_submitted_tally"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_RECORDS = ("visit", "consultation", "coupon")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("code", name=op.f("uq_person_code")),
    )
    op.execute("INSERT INTO person (code) SELECT DISTINCT code FROM client ORDER BY code")
    for table in ("client", *_RECORDS):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
    op.execute("UPDATE client SET person_id = (SELECT person.id FROM person WHERE person.code = client.code)")
    for table in _RECORDS:
        op.execute(
            f"UPDATE {table} SET person_id = (SELECT client.person_id FROM client WHERE client.id = {table}.client_id)"
            f" WHERE client_id IS NOT NULL"
        )
    for table in ("client", *_RECORDS):
        with op.batch_alter_table(table) as batch:
            if table != "coupon":
                batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_person_id_person"), "person", ["person_id"], ["id"]
            )
    op.create_index("ix_visit_person_fair", "visit", ["person_id", "fair_id"])
    op.create_index("ix_consultation_person", "consultation", ["person_id", "booth_id", "direction_id"])
    if sqlite:
        op.drop_index("ix_coupon_tally_client", table_name="coupon")
        op.create_index(
            "ix_coupon_tally_person",
            "coupon",
            ["person_id", "direction_id", "status", "outcome_id", "fair_id"],
        )
        op.create_index("ix_coupon_client_id", "coupon", ["client_id"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.drop_index("ix_coupon_client_id", table_name="coupon")
        op.drop_index("ix_coupon_tally_person", table_name="coupon")
        op.create_index(
            "ix_coupon_tally_client",
            "coupon",
            ["client_id", "direction_id", "status", "outcome_id", "fair_id"],
        )
    op.drop_index("ix_consultation_person", table_name="consultation")
    op.drop_index("ix_visit_person_fair", table_name="visit")
    for table in (*_RECORDS, "client"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_person_id_person"), type_="foreignkey")
            batch.drop_column("person_id")
    op.drop_table("person")
