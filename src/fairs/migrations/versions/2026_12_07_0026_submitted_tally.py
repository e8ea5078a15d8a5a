"""The whole tally kept with a period's submission

Revision ID: 0026_i14snap_submitted_tally
Revises: 0025_i15names_be_names
Create Date: 2026-12-07 15:00:00

* `period_submission.tally`: the committee's tally of the period as submitted (JSON: counts and the codes
  of directions, outcomes and categories; no person or coupon), which the report, the dashboard and the
  workbook show for that month or quarter until it is reopened. Submissions made before it stay NULL and
  are counted live.

Downgrade drops the column.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_i14snap_submitted_tally"
down_revision: str | None = "0025_i15names_be_names"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("period_submission") as batch:
        batch.add_column(sa.Column("tally", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("period_submission") as batch:
        batch.drop_column("tally")
