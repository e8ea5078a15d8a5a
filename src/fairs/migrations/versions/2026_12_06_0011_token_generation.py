"""user.token_generation: bearer tokens end with a password change, "log out on every device" or a block

Revision ID: 0011_i12acc_token_generation
Revises: 0010_export_files
Create Date: 2026-12-06 12:00:00

A bearer token carries the generation of its account when it was issued; the account's generation is read
with the account on every API request, and bumped by a password change, "log out on every device" and a
block, so tokens issued before stop at once (a block followed by an unblock does not revive them).
Existing accounts start at 0; tokens issued before this revision carry no generation and are refused.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_i12acc_token_generation"
down_revision: str | None = "0010_export_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added with a default for the rows already there, which the model does not keep.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("token_generation", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("token_generation", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("token_generation")
