"""regions and districts can be retired

Revision ID: 0015_i13geo_geo_retired
Revises: 0014_login_devices
Create Date: 2026-12-06 21:00:00

Admins create, rename and retire regions and districts (services/registry/geo.py). A retired one keeps
its records and old tallies but is offered for nothing new: no new district in a retired region, no new
account or fair in a retired district.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_i13geo_geo_retired"
down_revision: str | None = "0014_login_devices"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("region", "district"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("retired", sa.Boolean(), nullable=False, server_default=sa.false()))
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("retired", server_default=None)


def downgrade() -> None:
    for table in ("district", "region"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("retired")
