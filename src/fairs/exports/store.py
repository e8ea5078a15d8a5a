"""Finished files of background exports, kept in the database in chunks so every process can serve them.

A job's file is copied from the temporary file it was written to into `export_chunk` rows of CHUNK_SIZE
bytes, each in a short transaction of its own (on SQLite the write lock is never held for long); the
job is marked done only after its last chunk, so a done job always has its whole file. A download reads
one chunk at a time, each in its own short read, so neither side holds more than a chunk in memory nor
a database connection while the client is slow.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from fairs.db import get_engine, get_read_engine
from fairs.errors import NotFound
from fairs.i18n import _
from fairs.models.exports import ExportChunk, ExportJob, ExportJobStatus

CHUNK_SIZE = 1024 * 1024  # 1 MiB: well under PostgreSQL's and SQLite's limits, few rows per file


@dataclass(frozen=True)
class StoredFile:
    """A done job's file as kept in the database: its size and its chunks, read as they are asked for."""

    size: int
    chunks: Iterator[bytes]


def file_of(session: Session, job: ExportJob) -> StoredFile:
    """The finished file of a done job (NotFound when it is not there any more)."""
    done = job.status == ExportJobStatus.done.value and job.size > 0
    if not done or not has_file(session, job.id):
        raise NotFound(_("This export is not ready or no longer kept."), code="export_not_ready")
    return StoredFile(job.size, chunks(job.id))


def store(job_id: int, source: BinaryIO, *, chunk_size: int | None = None) -> int:
    """Copy `source` (from its start) into the chunks of `job_id`, replacing any; returns its size."""
    engine, chunk_size = get_engine(), chunk_size or CHUNK_SIZE
    remove(job_id)
    source.seek(0)
    size = seq = 0
    while data := source.read(chunk_size):
        with Session(engine) as session:
            session.execute(insert(ExportChunk).values(job_id=job_id, seq=seq, data=data))
            session.commit()
        size += len(data)
        seq += 1
    return size


def chunks(job_id: int) -> Iterator[bytes]:
    """The chunks of `job_id`'s file in order, each read when it is asked for."""
    engine = get_read_engine()
    seq = 0
    while True:
        with Session(engine) as session:
            data = session.execute(
                select(ExportChunk.data).where(ExportChunk.job_id == job_id, ExportChunk.seq == seq)
            ).scalar_one_or_none()
        if data is None:
            return
        yield bytes(data)
        seq += 1


def has_file(session: Session, job_id: int) -> bool:
    """Whether `job_id` has its first chunk (a done job whose file was removed has none)."""
    found = session.execute(
        select(ExportChunk.seq).where(ExportChunk.job_id == job_id, ExportChunk.seq == 0)
    ).first()
    return found is not None


def remove(job_id: int) -> None:
    """Delete the chunks of `job_id`, in a transaction of its own."""
    with Session(get_engine()) as session:
        remove_in(session, [job_id])
        session.commit()


def remove_in(session: Session, job_ids: Iterable[int]) -> int:
    """Delete the chunks of `job_ids` in `session`'s transaction (the caller commits); returns how many."""
    ids = list(job_ids)
    if not ids:
        return 0
    return session.execute(delete(ExportChunk).where(ExportChunk.job_id.in_(ids))).rowcount
