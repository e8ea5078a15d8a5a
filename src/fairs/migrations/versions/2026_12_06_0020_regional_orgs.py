"""regional organisations; a district's own closed days

Revision ID: 0020_i13reg_regional_orgs
Revises: 0019_i13dir_directions
Create Date: 2026-12-06 22:00:00

`organisation.serves_region`: an organisation registered once in its home district that also serves every
district of that district's region (listed there, chosen for booths and coupons; edited only at home).
Existing organisations serve their own district only.

`closed_day`: days a district holds no fair (date + reason), skipped by the year's schedule like public
holidays; planning or moving a fair onto one asks for confirmation (services/schedule/calendar.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0020_i13reg_regional_orgs"
down_revision: str | None = "0019_i13dir_directions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("serves_region", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.alter_column("serves_region", server_default=None)
    op.create_table(
        "closed_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_closed_day_district_id_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closed_day")),
        sa.UniqueConstraint("district_id", "date", name="uq_closed_day_district_date"),
    )
    with op.batch_alter_table("closed_day", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_closed_day_district_id"), ["district_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("closed_day", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_closed_day_district_id"))
    op.drop_table("closed_day")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_column("serves_region")
