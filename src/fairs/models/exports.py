"""Export jobs: a large workbook is written in the background and fetched by its owner when done.

The finished file is kept in the database, in chunks, so that any process on any host can serve it."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Column, LargeBinary
from sqlmodel import Field, SQLModel

from fairs.models.base import utcnow


class ExportJobStatus(enum.StrEnum):
    """queued → running → done, or failed."""

    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class ExportJob(SQLModel, table=True):
    """One background export; `token` (random, unguessable) names it in URLs."""

    __tablename__ = "export_job"

    id: int | None = Field(default=None, primary_key=True)
    token: str = Field(max_length=64, unique=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    exporter: str = Field(max_length=50)
    district_ids: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    scope_title: str = Field(default="", max_length=300)
    period_start: date
    period_end: date
    locale: str = Field(default="ru", max_length=5)
    status: str = Field(default=ExportJobStatus.queued, max_length=20, index=True)
    progress_done: int = 0
    progress_total: int = 0
    filename: str = Field(default="", max_length=200)
    size: int = 0  # bytes of the finished file (its chunks' lengths added up)
    error: str = Field(default="", max_length=1000)
    runner: str = Field(default="", max_length=200)  # host:pid of the process running it (for people)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)  # the heartbeat while queued or running
    finished_at: datetime | None = None


class ExportChunk(SQLModel, table=True):
    """One piece (about 1 MiB) of a finished job's file; `seq` 0, 1, 2, … in the file's order."""

    __tablename__ = "export_chunk"

    job_id: int = Field(foreign_key="export_job.id", primary_key=True, ondelete="CASCADE")
    seq: int = Field(primary_key=True)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
