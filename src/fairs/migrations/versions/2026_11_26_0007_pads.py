"""pads of blank coupons

Revision ID: 0007_pads
Revises: 0005_login_failures
Create Date: 2026-11-25 23:40:00

A blank coupon (status 'blank', a string column like every status) has no client, direction, receiving
organisation or expiry until it is bound, so those columns become nullable; `coupon.pad_id` groups the
blanks of one printed pad. On SQLite the batch copies the coupon table: the partial index of 0004 is
dropped before and created again after, so its WHERE clause never depends on reflection.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007_pads"
down_revision: str | None = "0006_scans"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NULLABLE_UNTIL_BOUND = {
    "client_id": sa.INTEGER(),
    "organisation_id": sa.INTEGER(),
    "direction_id": sa.INTEGER(),
    "expires_on": sa.DATE(),
}
PARTIAL = "ix_coupon_tally_days"
PARTIAL_COLUMNS = ["direction_id", "issued_on", "redeemed_on", "fair_id"]


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _alter_coupon(change) -> None:  # noqa: ANN001
    if _sqlite():
        op.drop_index(PARTIAL, table_name="coupon")
    with op.batch_alter_table("coupon", schema=None) as batch_op:
        change(batch_op)
    if _sqlite():
        op.create_index(PARTIAL, "coupon", PARTIAL_COLUMNS, sqlite_where=sa.text("status = 'redeemed'"))
        # The copy dropped the table's planner statistics: gather them again where a database keeps them.
        if op.get_bind().exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            op.execute("ANALYZE coupon")


def upgrade() -> None:
    op.create_table(
        "pad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("fair_id", sa.Integer(), nullable=False),
        sa.Column("booth_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["booth_id"], ["booth.id"], name=op.f("fk_pad_booth_id_booth")),
        sa.ForeignKeyConstraint(["created_by_id"], ["user.id"], name=op.f("fk_pad_created_by_id_user")),
        sa.ForeignKeyConstraint(["district_id"], ["district.id"], name=op.f("fk_pad_district_id_district")),
        sa.ForeignKeyConstraint(["fair_id"], ["fair.id"], name=op.f("fk_pad_fair_id_fair")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pad")),
    )
    with op.batch_alter_table("pad", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pad_booth_id"), ["booth_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pad_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pad_fair_id"), ["fair_id"], unique=False)

    def change(batch_op) -> None:  # noqa: ANN001
        batch_op.add_column(sa.Column("pad_id", sa.Integer(), nullable=True))
        for column, type_ in NULLABLE_UNTIL_BOUND.items():
            batch_op.alter_column(column, existing_type=type_, nullable=True)
        batch_op.create_index(batch_op.f("ix_coupon_pad_id"), ["pad_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_coupon_pad_id_pad"), "pad", ["pad_id"], ["id"])

    _alter_coupon(change)


def downgrade() -> None:
    # Blanks (and voided blanks) cannot live without a client: they go with the pads.
    op.execute("DELETE FROM coupon WHERE client_id IS NULL")

    def change(batch_op) -> None:  # noqa: ANN001
        batch_op.drop_constraint(batch_op.f("fk_coupon_pad_id_pad"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_coupon_pad_id"))
        for column, type_ in reversed(NULLABLE_UNTIL_BOUND.items()):
            batch_op.alter_column(column, existing_type=type_, nullable=False)
        batch_op.drop_column("pad_id")

    _alter_coupon(change)
    with op.batch_alter_table("pad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pad_fair_id"))
        batch_op.drop_index(batch_op.f("ix_pad_district_id"))
        batch_op.drop_index(batch_op.f("ix_pad_booth_id"))
    op.drop_table("pad")
