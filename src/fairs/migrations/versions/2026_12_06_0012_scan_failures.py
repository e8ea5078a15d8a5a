"""refused coupon look-ups per user, for throttling them

Revision ID: 0012_i12cpn_scan_failures
Revises: 0011_i12acc_token_generation
Create Date: 2026-12-06 19:30:00

One row per refused look-up, redeem or bind (and one per window for the attempt first answered 429),
kept for the throttle's window: services/coupons/throttle.py counts a user's recent rows with
ix_scan_failure_user_at, in the database, so the limit holds across several app processes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_i12cpn_scan_failures"
down_revision: str | None = "0011_i12acc_token_generation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scan_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("throttled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_scan_failure_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_failure")),
    )
    with op.batch_alter_table("scan_failure", schema=None) as batch_op:
        batch_op.create_index("ix_scan_failure_user_at", ["user_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scan_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_failure_user_at")
    op.drop_table("scan_failure")
