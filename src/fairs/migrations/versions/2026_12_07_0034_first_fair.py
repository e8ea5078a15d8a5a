"""a person's first fair, kept on the person's row

Revision ID: 0034_i16_first_fair
Revises: 0033_i16_later_checks
Create Date: 2026-12-07 21:00:00

The cohorts and checks a year later (services/checks) start from each person's first fair. Worked out from
every visit, a country's cohort table took about as long as the rest of its tally; kept on `person`, it is
read from an index.

* `person.first_fair_on`: the date of the person's first visit to a fair of any district;
* `person.first_district_id`: the district that held it (the lowest id on a day of two);
* `ix_person_first_fair` (first_district_id, first_fair_on).

Filled from the visits. Every new visit keeps them from then on (services/clients/persons.note_first_fair).
Downgrade drops them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0034_i16_first_fair"
down_revision: str | None = "0033_i16_later_checks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_VISITED = "visit JOIN fair ON fair.id = visit.fair_id WHERE visit.person_id = person.id"


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("first_fair_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("first_district_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_person_first_district_id_district"), "district", ["first_district_id"], ["id"]
        )
    op.execute(f"UPDATE person SET first_fair_on = (SELECT min(fair.date) FROM {_VISITED})")  # noqa: S608
    op.execute(
        "UPDATE person SET first_district_id ="  # noqa: S608
        f" (SELECT min(fair.district_id) FROM {_VISITED} AND fair.date = person.first_fair_on)"
    )
    op.create_index("ix_person_first_fair", "person", ["first_district_id", "first_fair_on"])


def downgrade() -> None:
    op.drop_index("ix_person_first_fair", table_name="person")
    with op.batch_alter_table("person") as batch:
        batch.drop_constraint(op.f("fk_person_first_district_id_district"), type_="foreignkey")
        batch.drop_column("first_district_id")
        batch.drop_column("first_fair_on")
