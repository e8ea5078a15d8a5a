"""Peers bring peers: invitation slips for peers and the incentive for a recruit's redeemed referral

Revision ID: 0032_i16_peers
Revises: 0031_i16_curators
Create Date: 2026-12-07 21:00:00

* `peer_invitation`: a slip given to a client (the recruiter) for a peer: its own QR token and short
  code (unique), the issue and expiry dates; when a peer came to a fair with it, the recruit's client and
  person (a client is recruited at most once: unique), the fair and who recorded it; or when it was voided.
  Recruiter and recruit are linked by client only, never by name.
* `peer_incentive`: an incentive handed to the recruiter for an invitation whose recruit's referral coupon
  was redeemed (one per invitation), with the day it was handed over.

Downgrade drops both tables.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0032_i16_peers"
down_revision: str | None = "0031_i16_curators"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    when = sqlmodel.sql.sqltypes.UTCDateTime
    op.create_table(
        "peer_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("token", text(length=64), nullable=False),
        sa.Column("code", text(length=9), nullable=False),
        sa.Column("recruiter_client_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("issued_at", when(), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("recruit_client_id", sa.Integer(), nullable=True),
        sa.Column("recruit_person_id", sa.Integer(), nullable=True),
        sa.Column("used_fair_id", sa.Integer(), nullable=True),
        sa.Column("used_at", when(), nullable=True),
        sa.Column("used_by_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", when(), nullable=True),
        sa.Column("voided_by_id", sa.Integer(), nullable=True),
        _fk("peer_invitation", "district_id", "district"),
        _fk("peer_invitation", "recruiter_client_id", "client"),
        _fk("peer_invitation", "issued_by_id", "user"),
        _fk("peer_invitation", "recruit_client_id", "client"),
        _fk("peer_invitation", "recruit_person_id", "person"),
        _fk("peer_invitation", "used_fair_id", "fair"),
        _fk("peer_invitation", "used_by_id", "user"),
        _fk("peer_invitation", "voided_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_invitation")),
        sa.UniqueConstraint("token", name=op.f("uq_peer_invitation_token")),
        sa.UniqueConstraint("code", name=op.f("uq_peer_invitation_code")),
        sa.UniqueConstraint("recruit_client_id", name=op.f("uq_peer_invitation_recruit_client_id")),
    )
    for column in ("district_id", "recruiter_client_id", "used_fair_id"):
        op.create_index(op.f(f"ix_peer_invitation_{column}"), "peer_invitation", [column], unique=False)
    op.create_table(
        "peer_incentive",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("coupon_id", sa.Integer(), nullable=False),
        sa.Column("handed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", when(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        _fk("peer_incentive", "district_id", "district"),
        _fk("peer_incentive", "invitation_id", "peer_invitation"),
        _fk("peer_incentive", "coupon_id", "coupon"),
        _fk("peer_incentive", "recorded_by_id", "user"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_incentive")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_peer_incentive_invitation_id")),
    )
    op.create_index(op.f("ix_peer_incentive_district_id"), "peer_incentive", ["district_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_peer_incentive_district_id"), table_name="peer_incentive")
    op.drop_table("peer_incentive")
    for column in ("used_fair_id", "recruiter_client_id", "district_id"):
        op.drop_index(op.f(f"ix_peer_invitation_{column}"), table_name="peer_invitation")
    op.drop_table("peer_invitation")
