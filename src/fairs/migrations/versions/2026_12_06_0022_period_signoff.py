"""period sign-off: a district's month or quarter submitted to the committee, reopened with a reason

Revision ID: 0022_i14sig_period_signoff
Revises: 0021_i14doc_report_settings
Create Date: 2026-12-06 23:30:00

`period_submission`: one row per submission of a period (`2026-Q4`, `2026-11`) by a district's organiser,
with who, when and the figures of the tally at that moment (JSON, counts only); reopening by the committee
or an admin fills `reopened_*` and keeps the row. A partial unique index lets at most one row per district
and period be current (not reopened): that one locks the period's records (services/period_lock.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0022_i14sig_period_signoff"
down_revision: str | None = "0021_i14doc_report_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "period_submission",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("period", text(length=7), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("submitted_at", moment(), nullable=False),
        sa.Column("submitted_by_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("reopened_at", moment(), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), nullable=True),
        sa.Column("reopen_reason", text(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_period_submission_district_id_district")
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by_id"], ["user.id"], name=op.f("fk_period_submission_submitted_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["reopened_by_id"], ["user.id"], name=op.f("fk_period_submission_reopened_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_submission")),
    )
    op.create_index(
        op.f("ix_period_submission_district_id"), "period_submission", ["district_id"], unique=False
    )
    op.create_index(
        "ux_period_submission_current",
        "period_submission",
        ["district_id", "period"],
        unique=True,
        sqlite_where=sa.text("reopened_at IS NULL"),
        postgresql_where=sa.text("reopened_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ux_period_submission_current", table_name="period_submission")
    op.drop_index(op.f("ix_period_submission_district_id"), table_name="period_submission")
    op.drop_table("period_submission")
