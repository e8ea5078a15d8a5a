"""finished background exports are kept in the database, in chunks, not in a file of one host

Revision ID: 0010_export_files
Revises: 0009_lean_indexes
Create Date: 2026-12-06 10:00:00

With several app processes on several hosts, the process that wrote a job's file was the only one that
could serve it. The file now goes into export_chunk (about 1 MiB a row), which every process reads;
export_job loses file_path and gains size (bytes, for Content-Length). Jobs finished before this revision
kept their file on one host's disk: they are read as "no longer kept" (size 0), and removed a day after
they were made, as before. A downgrade drops the stored files: those jobs then have no file either.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010_export_files"
down_revision: str | None = "0009_lean_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "export_chunk",
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_id"], ["export_job.id"], name=op.f("fk_export_chunk_job_id_export_job"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("job_id", "seq", name=op.f("pk_export_chunk")),
    )
    # Added with a default for the rows already there, which the model does not keep.
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.add_column(sa.Column("size", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.alter_column("size", server_default=None)
        batch_op.drop_column("file_path")


def downgrade() -> None:
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "file_path", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False, server_default=""
            )
        )
    with op.batch_alter_table("export_job", schema=None) as batch_op:
        batch_op.alter_column("file_path", server_default=None)
        batch_op.drop_column("size")
    op.drop_table("export_chunk")
