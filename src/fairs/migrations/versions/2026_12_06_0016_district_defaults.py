"""a district's default venue and hours for its new fairs

Revision ID: 0016_i13cal_district_defaults
Revises: 0015_i13geo_geo_retired
Create Date: 2026-12-06 21:00:00

`district.default_venue`, `default_starts_at` and `default_ends_at`: the venue and hours the organiser sets
once for the district (PUT /api/v1/fairs/defaults, the fairs page); the year's schedule and the one-fair
form start from them (services/schedule/calendar.py). Existing districts get a blank venue and 09:00-18:00,
the hours fairs had until now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016_i13cal_district_defaults"
down_revision: str | None = "0015_i13geo_geo_retired"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "default_venue", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False, server_default=""
            )
        )
        batch_op.add_column(sa.Column("default_starts_at", sa.Time(), nullable=False, server_default="09:00:00"))
        batch_op.add_column(sa.Column("default_ends_at", sa.Time(), nullable=False, server_default="18:00:00"))
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.alter_column("default_venue", server_default=None)
        batch_op.alter_column("default_starts_at", server_default=None)
        batch_op.alter_column("default_ends_at", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_column("default_ends_at")
        batch_op.drop_column("default_starts_at")
        batch_op.drop_column("default_venue")
