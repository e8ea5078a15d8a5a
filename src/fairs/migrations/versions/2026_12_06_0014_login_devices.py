"""failed logins from a known browser are counted against that browser

Revision ID: 0014_login_devices
Revises: 0012_i12cpn_scan_failures
Create Date: 2026-12-06 20:00:00

A browser that has logged in as a user keeps a signed device cookie (fairs/security.py). Its failed
logins as that user are kept with the cookie's device id (`login_failure.device`) and lock only that
browser; the lock-out by username counts the failures of unknown browsers only (`device` NULL), so a
stranger's five bad passwords no longer lock the user out of their own browser
(services/accounts/login.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_login_devices"
down_revision: str | None = "0012_i12cpn_scan_failures"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("device", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_login_failure_device", ["device"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_login_failure_device")
        batch_op.drop_column("device")
