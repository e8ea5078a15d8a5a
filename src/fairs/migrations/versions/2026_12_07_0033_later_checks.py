"""checks a year later: a person's check at 6, 12 and 18 months after their first fair, and its findings

Revision ID: 0033_i16_later_checks
Revises: 0032_i16_peers
Create Date: 2026-12-07 21:00:00

* `later_check`: one row per person and milestone (6, 12, 18 months): the district that keeps it (that of
  the person's first fair), the date checked, an optional note (personal: never audited or exported), who
  recorded it and when.
* `later_check_finding`: the findings that held at a check (codes of the fixed list in models/checks.py).

Downgrade drops both tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0033_i16_later_checks"
down_revision: str | None = "0032_i16_peers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "later_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("milestone", sa.Integer(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("note", text(length=1000), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"], name=op.f("fk_later_check_district_id_district")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"], name=op.f("fk_later_check_person_id_person")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user.id"], name=op.f("fk_later_check_recorded_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_later_check")),
        sa.UniqueConstraint("person_id", "milestone", name="uq_later_check_person_milestone"),
    )
    op.create_index(op.f("ix_later_check_district_id"), "later_check", ["district_id"], unique=False)
    op.create_table(
        "later_check_finding",
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("finding", text(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"], ["later_check.id"], name=op.f("fk_later_check_finding_check_id_later_check")
        ),
        sa.PrimaryKeyConstraint("check_id", "finding", name=op.f("pk_later_check_finding")),
    )


def downgrade() -> None:
    op.drop_table("later_check_finding")
    op.drop_index(op.f("ix_later_check_district_id"), table_name="later_check")
    op.drop_table("later_check")
