"""each change of a client's categories carries its person, its district and the day it ends

Revision ID: 0036_i14_category_spans
Revises: 0035_i16_handover
Create Date: 2026-12-08 02:00:00

The tally counts a person in a category when they held it on at least one day of the period. Worked out
from the changes alone, that needs the last change before the period for every client and category, and the
client's person and district for each: on the bench's country a quarter of a second, read twice per tally.
With these columns it is one range of one index (services/report/category_pass).

* `client_category.person_id`, `client_category.district_id`: the client's, copied (a client's person and
  district never change);
* `client_category.held_until`: the day the next change of the same client and category takes effect, none
  while this change is the latest (kept by services/clients/categories.record_categories);
* `ix_client_category_person` (person, category, district, held, recorded_on, held_until) for a region or
  the country, `ix_client_category_district` (district, client, category, …) for a district.

Filled from the clients and the changes. Downgrade drops them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0036_i14_category_spans"
down_revision: str | None = "0035_i16_handover"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_SPAN = ["held", "recorded_on", "held_until"]
_CLIENT = "SELECT client.{} FROM client WHERE client.id = client_category.client_id"
_NEXT = (
    "SELECT min(later.recorded_on) FROM client_category later WHERE later.client_id = client_category.client_id"
    " AND later.category_id = client_category.category_id AND later.recorded_on > client_category.recorded_on"
)


def upgrade() -> None:
    with op.batch_alter_table("client_category") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("held_until", sa.Date(), nullable=True))
    op.execute(
        f"UPDATE client_category SET person_id = ({_CLIENT.format('person_id')}),"
        f" district_id = ({_CLIENT.format('district_id')}), held_until = ({_NEXT})"
    )
    with op.batch_alter_table("client_category") as batch:
        batch.alter_column("person_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("district_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_client_category_person_id_person"), "person", ["person_id"], ["id"])
        batch.create_foreign_key(
            op.f("fk_client_category_district_id_district"), "district", ["district_id"], ["id"]
        )
    op.create_index(
        "ix_client_category_person", "client_category", ["person_id", "category_id", "district_id", *_SPAN]
    )
    op.create_index(
        "ix_client_category_district", "client_category", ["district_id", "client_id", "category_id", *_SPAN]
    )


def downgrade() -> None:
    op.drop_index("ix_client_category_district", table_name="client_category")
    op.drop_index("ix_client_category_person", table_name="client_category")
    with op.batch_alter_table("client_category") as batch:
        batch.drop_constraint(op.f("fk_client_category_district_id_district"), type_="foreignkey")
        batch.drop_constraint(op.f("fk_client_category_person_id_person"), type_="foreignkey")
        batch.drop_column("held_until")
        batch.drop_column("district_id")
        batch.drop_column("person_id")
