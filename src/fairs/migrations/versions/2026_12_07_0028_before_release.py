"""People expected before release

Revision ID: 0028_i16_before_release
Revises: 0027_i14person_person_key
Create Date: 2026-12-07 18:30:00

* `expected_person`: a person about to be released, registered by a prison's social worker with the
  planned release date and the district released to; known there by the client code (without a suffix);
  the full name and birth date only with consent. Arrival is not stored: it is a visit to a fair of that
  district by a client with the same code, from the day of registration on (services/release).
* The role `prison_worker` and the organisation kind `prison` need no change of schema: `user.role` and
  `organisation.kind` are plain strings on both databases.

Downgrade drops the table (accounts with the new role stay, and can no longer do anything).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0028_i16_before_release"
down_revision: str | None = "0027_i14person_person_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "expected_person",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("release_on", sa.Date(), nullable=False),
        sa.Column("registered_on", sa.Date(), nullable=False),
        sa.Column("consent_on", sa.Date(), nullable=True),
        sa.Column("full_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["district.id"], name=op.f("fk_expected_person_district_id_district")
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_expected_person_organisation_id_organisation"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_expected_person_created_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expected_person")),
    )
    op.create_index(
        op.f("ix_expected_person_created_by_id"), "expected_person", ["created_by_id"], unique=False
    )
    op.create_index(
        "ix_expected_person_district_release", "expected_person", ["district_id", "release_on"], unique=False
    )
    op.create_index(
        "ix_expected_person_district_code", "expected_person", ["district_id", "code"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_expected_person_district_code", table_name="expected_person")
    op.drop_index("ix_expected_person_district_release", table_name="expected_person")
    op.drop_index(op.f("ix_expected_person_created_by_id"), table_name="expected_person")
    op.drop_table("expected_person")
