"""user.must_change_password: a password chosen by someone else must be replaced at the next login

Revision ID: 0017_i13acc_must_change
Revises: 0016_i13cal_district_defaults
Create Date: 2026-12-06 18:00:00

Set when an organiser or an admin resets an account's password (a temporary one, shown once) or creates
an account for someone else; cleared when the account changes its own password. While it is set, the pages
lead to the password form and the JSON API refuses everything but the token and the password change.
Existing accounts start without it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_i13acc_must_change"
down_revision: str | None = "0016_i13cal_district_defaults"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added with a default for the rows already there, which the model does not keep.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("must_change_password", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
