"""user.locale and district.print_locale: a user's language and the language of a district's printed matter

Revision ID: 0023_i15be_locales
Revises: 0022_i14sig_period_signoff
Create Date: 2026-12-07 01:00:00

`user.locale` is the language of the user's pages (ru, en, be) when the request names none (no `lang` in
the query or the cookie); blank, as for every existing account, is the deployment's default.
`district.print_locale` is the language of the district's coupons and committee workbook; existing
districts print in Russian, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0023_i15be_locales"
down_revision: str | None = "0022_i14sig_period_signoff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added with defaults for the rows already there, which the models do not keep.
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("locale", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default="")
        )
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "print_locale", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False, server_default="ru"
            )
        )
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("locale", server_default=None)
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.alter_column("print_locale", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("district", schema=None) as batch_op:
        batch_op.drop_column("print_locale")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("locale")
