"""Handover to another district: a client handed over, with consent, to the district of their registration

Revision ID: 0035_i16_handover
Revises: 0034_i16_first_fair
Create Date: 2026-12-07 22:00:00

* `handover`: the person, the sending and receiving districts and the client row on each side, the day it
  was made and the last day each side reads the other's history, who made it, when the receiving side
  acknowledged it and by whom, and what became of each open coupon (a JSON list of ids and outcomes).

Downgrade drops the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0035_i16_handover"
down_revision: str | None = "0034_i16_first_fair"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_handover_{column}_{target}"))


def upgrade() -> None:
    when = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("from_district_id", sa.Integer(), nullable=False),
        sa.Column("to_district_id", sa.Integer(), nullable=False),
        sa.Column("from_client_id", sa.Integer(), nullable=False),
        sa.Column("to_client_id", sa.Integer(), nullable=False),
        sa.Column("made_on", sa.Date(), nullable=False),
        sa.Column("readable_until", sa.Date(), nullable=False),
        sa.Column("made_at", when(), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("accepted_at", when(), nullable=True),
        sa.Column("accepted_by_id", sa.Integer(), nullable=True),
        sa.Column("coupons", sa.JSON(), nullable=False),
        _fk("person_id", "person"),
        _fk("from_district_id", "district"),
        _fk("to_district_id", "district"),
        _fk("from_client_id", "client"),
        _fk("to_client_id", "client"),
        _fk("made_by_id", "user"),
        _fk("accepted_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
    )
    for column in ("person_id", "from_district_id", "to_district_id"):
        op.create_index(op.f(f"ix_handover_{column}"), "handover", [column], unique=False)


def downgrade() -> None:
    for column in ("person_id", "from_district_id", "to_district_id"):
        op.drop_index(op.f(f"ix_handover_{column}"), table_name="handover")
    op.drop_table("handover")
