"""covering indexes for the committee's tally

Revision ID: 0004_tally_indexes
Revises: 0003_followup
Create Date: 2026-11-25 21:00:00

SQLite has no hash aggregation: a GROUP BY over a million coupons sorts them unless the rows arrive in
group order. Each large tally pass scans one of these covering indexes in the order of its GROUP BY
(services/tally_queries.py). PostgreSQL hashes instead and reads the table; there only the per-fair
index pays (a district's tally reads its fairs' coupons from the index alone).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_tally_indexes"
down_revision: str | None = "0003_followup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name: (columns, SQLite only)
INDEXES = {
    "ix_coupon_tally_fair": (["fair_id", "client_id", "status"], False),
    "ix_coupon_tally_client": (["client_id", "direction_id", "status", "outcome_id", "fair_id"], True),
    "ix_coupon_tally_organisation": (
        ["organisation_id", "direction_id", "outcome_id", "status", "fair_id", "expires_on", "issued_on"],
        True,
    ),
    "ix_coupon_tally_days": (["direction_id", "issued_on", "redeemed_on", "fair_id"], True),
}
# Only redeemed coupons have a redemption day: the days index leaves the others out.
WHERE = {"ix_coupon_tally_days": "status = 'redeemed'"}


def _wanted() -> dict[str, list[str]]:
    sqlite = op.get_bind().dialect.name == "sqlite"
    return {name: columns for name, (columns, sqlite_only) in INDEXES.items() if sqlite or not sqlite_only}


def upgrade() -> None:
    for name, columns in _wanted().items():
        where = sa.text(WHERE[name]) if name in WHERE else None
        op.create_index(name, "coupon", columns, sqlite_where=where)


def downgrade() -> None:
    for name in _wanted():
        op.drop_index(name, table_name="coupon")
