"""Workbooks built from services/tallies (the committee's report); exporters register here.

An exporter has an `identifier` (used in URLs and jobs), a `verbose_name` (a msgid) and `render`, which
writes the file into a binary target and says what it wrote. Routes and jobs look exporters up by
identifier, so another export is one more registered class beside the committee's workbook. Each says
who may have it (`ensure_reader`): the committee's copy holds counts only; the organisers' copy with the
coupon register (`register`) is refused to anyone `services.report.sees_rows` does not allow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, ClassVar
from urllib.parse import quote

from sqlmodel import Session

from fairs.errors import NotFound
from fairs.i18n import _
from fairs.models import User
from fairs.services.report import Period, TallyScope, ensure_report_reader

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Progress = Callable[[int, int], None]  # (rows done, rows in all)


@dataclass(frozen=True)
class ExportFile:
    """What an exporter wrote: the file name to offer (ASCII), its media type and the name in words
    (`title`: the locale's, e.g. «Ярмарки_Солигорский_район_IV_квартал_2026.xlsx»; empty: the file name)."""

    filename: str
    mimetype: str
    title: str = ""


def attachment(filename: str, title: str = "") -> str:
    """Content-Disposition of a download: the ASCII name for old clients, the name in words for the rest
    (RFC 6266 and RFC 5987 `filename*`)."""
    return f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(title or filename)}"


class Exporter:
    """Base of registered exporters."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]  # msgid
    mimetype: ClassVar[str] = XLSX

    def ensure_reader(self, actor: User) -> None:
        """Refuse `actor` unless they may have this export (by default: the report's readers). Asked when
        the export is requested, when its background job runs and whenever the job is read."""
        ensure_report_reader(actor)

    def rows(self, session: Session, *, scope: TallyScope, period: Period) -> int:
        """How many rows the export's long table will have (a long one is written in the background)."""
        return 0

    def title(self, *, scope: TallyScope, period: Period, locale: str) -> str:
        """The file's name in words for `scope`, `period` and `locale` (empty: the ASCII file name)."""
        return ""

    def render(
        self,
        session: Session,
        *,
        scope: TallyScope,
        period: Period,
        locale: str,
        target: BinaryIO,
        progress: Progress | None = None,
    ) -> ExportFile:
        """Write the export for `scope` and `period` into `target`."""
        raise NotImplementedError


_REGISTRY: dict[str, Exporter] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make the exporter available under its identifier."""
    if cls.identifier in _REGISTRY:
        raise ValueError(f"exporter {cls.identifier!r} is registered twice")
    _REGISTRY[cls.identifier] = cls()
    return cls


def get_exporter(identifier: str) -> Exporter:
    """The exporter registered as `identifier`."""
    try:
        return _REGISTRY[identifier]
    except KeyError:
        raise NotFound(_("No such export."), code="unknown_export") from None


def exporters() -> list[Exporter]:
    """Every registered exporter, by identifier."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


# Registers the committee's and the region's workbooks.
from fairs.exports import committee, region  # noqa: E402, F401
