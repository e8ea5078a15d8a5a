"""why a job fell through: the managed list of reasons and the reason of a «not hired» / «not eligible»

Revision ID: 0029_i16_nonhire_reasons
Revises: 0028_i16_before_release
Create Date: 2026-12-07 20:00:00

* `nonhire_reason`: code (never changes), Russian, English and Belarusian names, order, retired flag.
  Seeded with the six reasons the committee asks about: medical_contraindication, conviction_restriction,
  no_documents, no_vacancy, client_declined, other.
* `coupon_nonhire`: one row per coupon whose outcome is `not_hired` or `not_eligible`: the reason, the
  employer (an organisation, or a name typed) and the profession, with their casefolded keys.
* The employment centre's direction (`employment_counselling`) gets the outcome `not_hired` (the
  employment referral has had it from the start), after its other outcomes.

Downgrade drops both tables and removes the employment centre's `not_hired`, and refuses (RuntimeError,
nothing changed) while a coupon has that outcome.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0029_i16_nonhire_reasons"
down_revision: str | None = "0028_i16_before_release"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here (not imported) so this migration stays the same whatever the app becomes.
REASONS = [
    ("medical_contraindication", "Медицинские противопоказания", "Medical contraindication",
     "Медыцынскія супрацьпаказанні"),
    ("conviction_restriction", "Ограничение, связанное с судимостью", "A restriction linked to the conviction",
     "Абмежаванне, звязанае з судзімасцю"),
    ("no_documents", "Нет документов", "No documents", "Няма дакументаў"),
    ("no_vacancy", "Нет вакансии", "No vacancy", "Няма вакансіі"),
    ("client_declined", "Клиент отказался", "Client declined", "Кліент адмовіўся"),
    ("other", "Другое", "Other", "Іншае"),
]  # fmt: skip
EMPLOYMENT_CENTRE = "employment_counselling"
NOT_HIRED = ("not_hired", "Не принят на работу", "Not hired", "Не прыняты на работу")

_direction = sa.table("direction", sa.column("id", sa.Integer), sa.column("code", sa.String))
_outcome = sa.table(
    "outcome",
    sa.column("id", sa.Integer),
    sa.column("direction_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name_ru", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_be", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("is_active", sa.Boolean),
)


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    reason = op.create_table(
        "nonhire_reason",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", text(length=50), nullable=False),
        sa.Column("name_ru", text(length=200), nullable=False),
        sa.Column("name_en", text(length=200), nullable=False),
        sa.Column("name_be", text(length=200), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nonhire_reason")),
        sa.UniqueConstraint("code", name=op.f("uq_nonhire_reason_code")),
    )
    op.create_table(
        "coupon_nonhire",
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("reason_id", sa.Integer(), nullable=False),
        sa.Column("employer_organisation_id", sa.Integer(), nullable=True),
        sa.Column("employer_name", text(length=200), nullable=False),
        sa.Column("employer_key", text(length=200), nullable=False),
        sa.Column("profession", text(length=200), nullable=False),
        sa.Column("profession_key", text(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["coupon_id"], ["coupon.id"], name=op.f("fk_coupon_nonhire_coupon_id_coupon")
        ),
        sa.ForeignKeyConstraint(
            ["reason_id"], ["nonhire_reason.id"], name=op.f("fk_coupon_nonhire_reason_id_nonhire_reason")
        ),
        sa.ForeignKeyConstraint(
            ["employer_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_coupon_nonhire_employer_organisation_id_organisation"),
        ),
        sa.PrimaryKeyConstraint("coupon_id", name=op.f("pk_coupon_nonhire")),
    )
    op.create_index(op.f("ix_coupon_nonhire_reason_id"), "coupon_nonhire", ["reason_id"], unique=False)
    op.bulk_insert(
        reason,
        [
            {
                "code": code,
                "name_ru": ru,
                "name_en": en,
                "name_be": be,
                "sort_order": order,
                "is_active": True,
            }
            for order, (code, ru, en, be) in enumerate(REASONS, 1)
        ],
    )
    conn = op.get_bind()
    centre = conn.execute(sa.select(_direction.c.id).where(_direction.c.code == EMPLOYMENT_CENTRE)).scalar()
    if centre is None:
        return
    has = sa.select(_outcome.c.id).where(_outcome.c.direction_id == centre, _outcome.c.code == NOT_HIRED[0])
    if conn.execute(has).first() is None:
        last = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(_outcome.c.sort_order), 0)).where(
                _outcome.c.direction_id == centre
            )
        ).scalar_one()
        code, name_ru, name_en, name_be = NOT_HIRED
        conn.execute(
            _outcome.insert().values(
                direction_id=centre,
                code=code,
                name_ru=name_ru,
                name_en=name_en,
                name_be=name_be,
                sort_order=last + 1,
                is_active=True,
            )
        )


def downgrade() -> None:
    conn = op.get_bind()
    centre = conn.execute(sa.select(_direction.c.id).where(_direction.c.code == EMPLOYMENT_CENTRE)).scalar()
    added = (
        conn.execute(
            sa.select(_outcome.c.id).where(_outcome.c.direction_id == centre, _outcome.c.code == NOT_HIRED[0])
        ).scalar()
        if centre is not None
        else None
    )
    if added is not None:
        coupon = sa.table("coupon", sa.column("outcome_id", sa.Integer))
        used = conn.execute(
            sa.select(sa.func.count()).select_from(coupon).where(coupon.c.outcome_id == added)
        ).scalar_one()
        if used:
            raise RuntimeError(
                f"downgrade refused: {used} coupon(s) have the outcome not_hired of {EMPLOYMENT_CENTRE}"
            )
    op.drop_index(op.f("ix_coupon_nonhire_reason_id"), table_name="coupon_nonhire")
    op.drop_table("coupon_nonhire")
    op.drop_table("nonhire_reason")
    if added is not None:
        conn.execute(_outcome.delete().where(_outcome.c.id == added))
