"""categories of persons served (admin-managed, five seeded) and the dated record of a client's categories

Revision ID: 0024_i14cat_categories
Revises: 0023_i15be_locales
Create Date: 2026-12-07 01:00:00

* `category`: code (never changes), Russian and English names, order, retired flag. Seeded with the five
  groups the committee counts: released, registered, non_custodial, relatives, drug_use.
* `client_category`: one row per change of one client's category on one day (`held` true: from that day
  the client is in the category; false: no longer). The category on a day is the last change on or before
  it. Unique per (client, category, day).

Downgrade drops both tables (the record of clients' categories goes with them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0024_i14cat_categories"
down_revision: str | None = "0023_i15be_locales"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here (not imported) so this migration stays the same whatever the app becomes.
CATEGORIES = [
    ("released", "Освободившиеся из мест лишения свободы", "Released from prison"),
    (
        "registered",
        "Состоящие на учёте в уголовно-исполнительной инспекции",
        "On the probation inspection's register",
    ),
    ("non_custodial", "Осуждённые к наказанию без изоляции от общества", "With a non-custodial sentence"),
    ("relatives", "Родственники и близкие", "Relatives"),
    ("drug_use", "Потребители наркотиков", "People who use drugs"),
]


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    moment = sqlmodel.sql.sqltypes.UTCDateTime
    category = op.create_table(
        "category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", text(length=50), nullable=False),
        sa.Column("name_ru", text(length=200), nullable=False),
        sa.Column("name_en", text(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_category")),
        sa.UniqueConstraint("code", name=op.f("uq_category_code")),
    )
    op.create_table(
        "client_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("category_id", sa.Integer(), nullable=False),
        sa.Column("recorded_on", sa.Date(), nullable=False),
        sa.Column("held", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", moment(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"], ["client.id"], name=op.f("fk_client_category_client_id_client")
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["category.id"], name=op.f("fk_client_category_category_id_category")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"], ["user.id"], name=op.f("fk_client_category_recorded_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_category")),
        sa.UniqueConstraint("client_id", "category_id", "recorded_on", name="uq_client_category_day"),
    )
    op.create_index(op.f("ix_client_category_client_id"), "client_category", ["client_id"], unique=False)
    op.create_index(
        "ix_client_category_category_day", "client_category", ["category_id", "recorded_on"], unique=False
    )
    op.bulk_insert(
        category,
        [
            {"code": code, "name_ru": ru, "name_en": en, "sort_order": order, "is_active": True}
            for order, (code, ru, en) in enumerate(CATEGORIES, 1)
        ],
    )


def downgrade() -> None:
    op.drop_index("ix_client_category_category_day", table_name="client_category")
    op.drop_index(op.f("ix_client_category_client_id"), table_name="client_category")
    op.drop_table("client_category")
    op.drop_table("category")
