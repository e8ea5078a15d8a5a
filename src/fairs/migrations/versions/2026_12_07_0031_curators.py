"""Curators, plans of needs and journey notes

Revision ID: 0031_i16_curators
Revises: 0030_i16_between_fairs
Create Date: 2026-12-07 20:00:00

* `client_curator`: the curator who accompanies a client (one per client, of the client's district).
* `plan_need`: a client's plan, one need per direction, with a status (open, in_progress, met, declined) and
  an optional due date.
* `journey_note`: notes on a client's journey, kept only for a client who gave consent and erased with the
  personal fields.
* The role `curator` needs no change of schema: `user.role` is a plain string on both databases.

Downgrade drops the three tables (accounts with the role stay, and can no longer do anything).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0031_i16_curators"
down_revision: str | None = "0030_i16_between_fairs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "client_curator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("curator_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("assigned_on", sa.Date(), nullable=False),
        sa.Column("assigned_by_id", sa.Integer(), nullable=True),
        _fk("client_curator", "client_id", "client"),
        _fk("client_curator", "curator_id", "user"),
        _fk("client_curator", "district_id", "district"),
        _fk("client_curator", "assigned_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_curator")),
        sa.UniqueConstraint("client_id", name=op.f("uq_client_curator_client_id")),
    )
    op.create_index(op.f("ix_client_curator_curator_id"), "client_curator", ["curator_id"], unique=False)
    op.create_table(
        "plan_need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("direction_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        _fk("plan_need", "client_id", "client"),
        _fk("plan_need", "district_id", "district"),
        _fk("plan_need", "direction_id", "direction"),
        _fk("plan_need", "created_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_need")),
        sa.UniqueConstraint("client_id", "direction_id", name="uq_plan_need_client_direction"),
    )
    op.create_index(op.f("ix_plan_need_client_id"), "plan_need", ["client_id"], unique=False)
    op.create_table(
        "journey_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        _fk("journey_note", "client_id", "client"),
        _fk("journey_note", "district_id", "district"),
        _fk("journey_note", "created_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journey_note")),
    )
    op.create_index("ix_journey_note_client_day", "journey_note", ["client_id", "noted_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_journey_note_client_day", table_name="journey_note")
    op.drop_table("journey_note")
    op.drop_index(op.f("ix_plan_need_client_id"), table_name="plan_need")
    op.drop_table("plan_need")
    op.drop_index(op.f("ix_client_curator_curator_id"), table_name="client_curator")
    op.drop_table("client_curator")
