"""coupons between fairs: a fair row of kind «between» (an office day) carries them

Revision ID: 0030_i16_between_fairs
Revises: 0029_i16_nonhire_reasons
Create Date: 2026-12-07 21:00:00

* `fair.kind`: `fair` (every row there is) or `between`, an office day: one per district and date, made
  when the first coupon of the day is issued between fairs; it is never listed or counted as a fair.
* The unique key of a fair becomes (district, date, kind): an office day may fall on a fair's date.

Downgrade refuses (RuntimeError, nothing changed) while an office day exists: its coupons would become
coupons of a fair that was never held.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0030_i16_between_fairs"
down_revision: str | None = "0029_i16_nonhire_reasons"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _analyze() -> None:
    # As in 0007: SQLite's copy of the table dropped its planner statistics; gather them again where a
    # database keeps them (without them the tally's plans change: a district's tally took twice as long).
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if bind.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first():
            bind.exec_driver_sql("ANALYZE fair")


def upgrade() -> None:
    # Added with a default for the rows already there, which the model does not keep.
    with op.batch_alter_table("fair", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="fair"))
    with op.batch_alter_table("fair", schema=None) as batch_op:
        batch_op.alter_column("kind", server_default=None)
        batch_op.drop_constraint("uq_fair_district_date", type_="unique")
        batch_op.create_unique_constraint("uq_fair_district_date_kind", ["district_id", "date", "kind"])
    _analyze()


def downgrade() -> None:
    office_days = op.get_bind().execute(sa.text("SELECT count(*) FROM fair WHERE kind <> 'fair'")).scalar()
    if office_days:
        raise RuntimeError(f"{office_days} office days hold coupons issued between fairs; not downgrading.")
    with op.batch_alter_table("fair", schema=None) as batch_op:
        batch_op.drop_constraint("uq_fair_district_date_kind", type_="unique")
        batch_op.create_unique_constraint("uq_fair_district_date", ["district_id", "date"])
        batch_op.drop_column("kind")
    _analyze()
