"""admin-managed directions and outcomes; the programmes' directions; "employed" at the employment centre

Revision ID: 0019_i13dir_directions
Revises: 0017_i13acc_must_change
Create Date: 2026-12-06 22:00:00

* `direction.kinds`: the kinds of organisation that receive the direction (comma-separated
  OrganisationKind values; "" = any kind), set by admins on /admin/directions.
* `outcome.is_active`: a retired outcome is not offered when an outcome is recorded, but old coupons keep
  it and the tallies still count it.
* Seeds the directions the programmes need (TB screening, hepatitis C, pension and disability papers,
  restoring family ties) with their outcomes, and gives the employment centre's direction
  (`employment_counselling`) the outcome `employed`, so that «employed» counts every employment.

Downgrade removes exactly these rows (and the organisations' links to the seeded directions), and only while
no record uses them: if a coupon or a consultation is in one of the seeded directions, or a coupon has the
employment centre's `employed` outcome, it refuses (RuntimeError) and changes nothing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0019_i13dir_directions"
down_revision: str | None = "0017_i13acc_must_change"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Seed data written out here (not imported) so this migration stays the same whatever the app becomes.
# (code, Russian name, English name, kinds of organisation, outcome codes)
DIRECTIONS = [
    (
        "tb_screening",
        "Обследование на туберкулёз (флюорография)",
        "Tuberculosis screening (chest X-ray)",
        "medical",
        ["service_provided", "treatment_started", "declined_by_client", "not_eligible"],
    ),
    (
        "hepatitis_c",
        "Обследование и лечение гепатита C",
        "Hepatitis C testing and treatment",
        "medical",
        ["service_provided", "treatment_started", "declined_by_client", "not_eligible"],
    ),
    (
        "pension_disability",
        "Оформление пенсии и инвалидности",
        "Pension and disability papers",
        "social,employment",
        ["service_provided", "declined_by_client", "not_eligible"],
    ),
    (
        "family_ties",
        "Восстановление социально полезных (семейных) связей",
        "Restoring family ties",
        "social,ngo,religious",
        ["service_provided", "declined_by_client", "not_eligible"],
    ),
]
OUTCOMES = {
    "service_provided": ("Услуга оказана", "Service provided"),
    "treatment_started": ("Начато лечение", "Treatment started"),
    "declined_by_client": ("Клиент отказался", "Declined by client"),
    "not_eligible": ("Не имеет права на услугу", "Not eligible"),
}
EMPLOYMENT_CENTRE = "employment_counselling"
EMPLOYED = ("employed", "Трудоустроен", "Employed")

_direction = sa.table(
    "direction",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name_ru", sa.String),
    sa.column("name_en", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("is_active", sa.Boolean),
    sa.column("kinds", sa.String),
)
_outcome = sa.table(
    "outcome",
    sa.column("id", sa.Integer),
    sa.column("direction_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name_ru", sa.String),
    sa.column("name_en", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("is_active", sa.Boolean),
)


def upgrade() -> None:
    with op.batch_alter_table("direction", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kinds", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False, server_default="")
        )
    with op.batch_alter_table("direction", schema=None) as batch_op:
        batch_op.alter_column("kinds", server_default=None)
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.add_column(sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.alter_column("is_active", server_default=None)
    _seed()


def _seed() -> None:
    conn = op.get_bind()
    last = conn.execute(sa.select(sa.func.coalesce(sa.func.max(_direction.c.sort_order), 0))).scalar_one()
    for order, (code, name_ru, name_en, kinds, outcomes) in enumerate(DIRECTIONS, start=last + 1):
        conn.execute(
            _direction.insert().values(
                code=code, name_ru=name_ru, name_en=name_en, sort_order=order, is_active=True, kinds=kinds
            )
        )
        direction_id = conn.execute(sa.select(_direction.c.id).where(_direction.c.code == code)).scalar_one()
        conn.execute(
            _outcome.insert(),
            [
                {
                    "direction_id": direction_id,
                    "code": oc,
                    "name_ru": OUTCOMES[oc][0],
                    "name_en": OUTCOMES[oc][1],
                    "sort_order": n,
                    "is_active": True,
                }
                for n, oc in enumerate(outcomes, start=1)
            ],
        )
    centre = conn.execute(sa.select(_direction.c.id).where(_direction.c.code == EMPLOYMENT_CENTRE)).scalar()
    if centre is not None:
        has = sa.select(_outcome.c.id).where(_outcome.c.direction_id == centre, _outcome.c.code == EMPLOYED[0])
        if conn.execute(has).first() is None:
            # First among the centre's outcomes, as it is for the employment referral.
            code, name_ru, name_en = EMPLOYED
            conn.execute(
                _outcome.insert().values(
                    direction_id=centre, code=code, name_ru=name_ru, name_en=name_en, sort_order=0, is_active=True
                )
            )


def downgrade() -> None:
    conn = op.get_bind()
    codes = [row[0] for row in DIRECTIONS]
    seeded = [row[0] for row in conn.execute(sa.select(_direction.c.id).where(_direction.c.code.in_(codes)))]
    centre = conn.execute(sa.select(_direction.c.id).where(_direction.c.code == EMPLOYMENT_CENTRE)).scalar()
    employed = (
        conn.execute(
            sa.select(_outcome.c.id).where(_outcome.c.direction_id == centre, _outcome.c.code == EMPLOYED[0])
        ).scalar()
        if centre is not None
        else None
    )
    _refuse_if_used(conn, seeded, employed)
    if seeded:
        links = sa.table("organisationdirection", sa.column("direction_id", sa.Integer))
        conn.execute(links.delete().where(links.c.direction_id.in_(seeded)))
        conn.execute(_outcome.delete().where(_outcome.c.direction_id.in_(seeded)))
        conn.execute(_direction.delete().where(_direction.c.id.in_(seeded)))
    if employed is not None:
        conn.execute(_outcome.delete().where(_outcome.c.id == employed))
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_column("is_active")
    with op.batch_alter_table("direction", schema=None) as batch_op:
        batch_op.drop_column("kinds")


def _refuse_if_used(conn: sa.Connection, seeded: list[int], employed: int | None) -> None:
    """Refuse the downgrade while records refer to what it would remove (nothing is changed)."""
    uses = []
    for table in ("coupon", "consultation"):
        if seeded:
            t = sa.table(table, sa.column("direction_id", sa.Integer))
            count = conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.direction_id.in_(seeded))
            ).scalar_one()
            if count:
                uses.append(f"{count} {table} row(s) in the directions {', '.join(r[0] for r in DIRECTIONS)}")
    if employed is not None:
        coupon = sa.table("coupon", sa.column("outcome_id", sa.Integer))
        count = conn.execute(
            sa.select(sa.func.count()).select_from(coupon).where(coupon.c.outcome_id == employed)
        ).scalar_one()
        if count:
            uses.append(f"{count} coupon(s) with the outcome employed of {EMPLOYMENT_CENTRE}")
    if uses:
        raise RuntimeError("downgrade refused: the seeded directions and outcomes are in use: " + "; ".join(uses))
