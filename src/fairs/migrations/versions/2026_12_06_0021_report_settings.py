"""a district's report settings: its name in the genitive, its body, the executor and the head

Revision ID: 0021_i14doc_report_settings
Revises: 0020_i13reg_regional_orgs
Create Date: 2026-12-06 23:00:00

`report_settings`: one row per district that has set what its committee workbook carries (the heading's
district in the genitive, the body's name, the executor's name, position and phone, the head's position
and name; services/report/settings.py). A district without a row gets the defaults: its name as it is and
blank lines for handwriting.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0021_i14doc_report_settings"
down_revision: str | None = "0020_i13reg_regional_orgs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table(
        "report_settings",
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("district_genitive", text(length=200), nullable=False),
        sa.Column("body_name", text(length=300), nullable=False),
        sa.Column("executor_name", text(length=200), nullable=False),
        sa.Column("executor_position", text(length=200), nullable=False),
        sa.Column("executor_phone", text(length=50), nullable=False),
        sa.Column("head_position", text(length=200), nullable=False),
        sa.Column("head_name", text(length=200), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_report_settings_district_id_district")
        ),
        sa.PrimaryKeyConstraint("district_id", name=op.f("pk_report_settings")),
    )


def downgrade() -> None:
    op.drop_table("report_settings")
