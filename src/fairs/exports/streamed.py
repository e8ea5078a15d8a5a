"""One large sheet of a workbook written as SpreadsheetML by our own code, the rest by openpyxl.

openpyxl spends about 80 µs of CPU per register row (a cell object per value, an element per cell, its
serialiser); a district's year of coupons took seconds. Here openpyxl builds the whole workbook with the
large sheet holding only its header row and settings (column widths, frozen panes, print setup, the
autofilter over a placeholder range). `save` writes that workbook into memory, then copies it into the
target zip member by member; at the large sheet's member it writes openpyxl's XML up to the end of the
header row, then our rows as text straight into the zip member, then openpyxl's tail. The placeholder
range of the autofilter (in the sheet and in the workbook's `_xlnm._FilterDatabase` name) becomes the real
one once the rows are counted.

The rows' XML comes from `exports.cellxml`; repeating text goes into a shared-string table, added to
the package here (its part, its relationship from the workbook, its content type).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import BinaryIO

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from fairs.exports.cells import DATE_FORMAT
from fairs.exports.cellxml import DAY, LABEL, TEXT, RowWriter, SharedStrings

__all__ = ["DAY", "LABEL", "PLACEHOLDER_ROW", "TEXT", "StreamedSheet", "save"]

PLACEHOLDER_ROW = 1_048_576  # Excel's last row: the autofilter's range until the rows are counted
CHUNK_ROWS = 1000  # rows joined into one write to the zip member
PROGRESS_EVERY = 5000
# Deflate's fastest level: a district's register (9 MB of XML) compresses in 0.035 s instead of 0.10 s
# at the default level 6, and the file is 1.6 MB instead of 1.2 MB.
COMPRESS_LEVEL = 1
WORKBOOK_PART = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
CONTENT_TYPES = "[Content_Types].xml"

Progress = Callable[[int, int], None]


@dataclass
class StreamedSheet:
    """A write-only sheet whose data rows `save` writes; `kinds` says what each column holds.

    TEXT: text that rarely repeats (not cached); LABEL: text that repeats (each value made once);
    DAY: a date or None."""

    ws: object  # openpyxl's WriteOnlyWorksheet: the header row and settings
    kinds: Sequence[str]
    header_rows: int = 1
    date_style: int = field(init=False)
    quoted_style: int = field(init=False)

    def __post_init__(self) -> None:
        # The two styles of data cells, registered in the workbook's style table now (before it is saved).
        day = WriteOnlyCell(self.ws)
        day.number_format = DATE_FORMAT
        quoted = WriteOnlyCell(self.ws)
        quoted.quotePrefix = True
        self.date_style, self.quoted_style = day.style_id, quoted.style_id

    @property
    def last_column(self) -> str:
        return get_column_letter(len(self.kinds))

    def placeholder_filter(self, *, absolute: bool) -> str:
        """The autofilter range before the rows are counted (see `cells`/`sheets.finish_table`)."""
        if absolute:
            return f"$A${self.header_rows}:${self.last_column}${PLACEHOLDER_ROW}"
        return f"A{self.header_rows}:{self.last_column}{PLACEHOLDER_ROW}"

    def real_filter(self, last_row: int, *, absolute: bool) -> str:
        last_row = max(last_row, self.header_rows)
        if absolute:
            return f"$A${self.header_rows}:${self.last_column}${last_row}"
        return f"A{self.header_rows}:{self.last_column}{last_row}"


def _stream_rows(
    member: BinaryIO,
    writer: RowWriter,
    rows: Iterable[Sequence],
    *,
    first: int,
    total: int,
    progress: Progress | None,
) -> int:
    """Write `rows` as sheet rows `first`, `first + 1`, …; returns how many."""
    make_row = writer.row
    written = 0
    chunk: list[str] = []
    for written, values in enumerate(rows, 1):  # noqa: B007  (the count is used after the loop)
        chunk.append(make_row(first + written - 1, values))
        if written % CHUNK_ROWS == 0:
            member.write("".join(chunk).encode())
            chunk.clear()
            if progress is not None and written % PROGRESS_EVERY == 0:
                progress(written, max(total, written))
    if chunk:
        member.write("".join(chunk).encode())
    if progress is not None:
        progress(written, max(total, written))
    return written


def _split_at_rows_end(xml: str, part: str) -> tuple[str, str]:
    """openpyxl's sheet XML cut where rows go on: before `</sheetData>` (an empty one opened)."""
    end = xml.rfind("</sheetData>")
    if end >= 0:
        return xml[:end], xml[end:]
    empty = re.search(r"<sheetData\s*/>", xml)
    if empty is None:
        raise RuntimeError(f"{part}: no sheetData")
    return xml[: empty.start()] + "<sheetData>", "</sheetData>" + xml[empty.end() :]


def _replace_once(xml: str, old: str, new: str, part: str) -> str:
    if xml.count(old) != 1:
        raise RuntimeError(f"{part}: expected {old!r} once")
    return xml.replace(old, new)


def _with_strings(name: str, xml: str) -> str:
    """The workbook's relationships or the content types, with the shared-string table added."""
    if name == WORKBOOK_RELS:
        rel = f'<Relationship Type="{SharedStrings.REL_TYPE}" Target="sharedStrings.xml" Id="rIdStrings" />'
        return _replace_once(xml, "</Relationships>", rel + "</Relationships>", name)
    override = f'<Override PartName="/{SharedStrings.PART}" ContentType="{SharedStrings.CONTENT_TYPE}" />'
    return _replace_once(xml, "</Types>", override + "</Types>", name)


def save(
    wb: Workbook,
    target: BinaryIO,
    sheet: StreamedSheet,
    rows: Iterable[Sequence],
    *,
    total: int = 0,
    progress: Progress | None = None,
) -> int:
    """Save `wb` into `target` with `rows` as the data rows of `sheet`; returns how many rows it wrote.

    `sheet`'s autofilter must be the placeholder range (`finish_table(..., last_row=PLACEHOLDER_ROW)`);
    `total` is how many rows are expected, for `progress(done, total)`."""
    buffer = BytesIO()
    wb.save(buffer)  # small: every sheet but the streamed one is a table of a few dozen rows
    part = sheet.ws.path.lstrip("/")  # numbered by the save
    strings = SharedStrings()
    written: int | None = None
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == part:
                head, tail = _split_at_rows_end(data.decode(), part)
                with archive.open(part, "w", force_zip64=True) as member:
                    member.write(head.encode())
                    written = _stream_rows(
                        member,
                        RowWriter(
                            sheet.kinds, strings, date_style=sheet.date_style, quoted_style=sheet.quoted_style
                        ),
                        rows,
                        first=sheet.header_rows + 1,
                        total=total,
                        progress=progress,
                    )
                    ref = sheet.real_filter(sheet.header_rows + written, absolute=False)
                    old = sheet.placeholder_filter(absolute=False)
                    member.write(_replace_once(tail, f'ref="{old}"', f'ref="{ref}"', part).encode())
                if strings:
                    archive.writestr(SharedStrings.PART, strings.xml())
                continue
            if info.filename in (WORKBOOK_PART, WORKBOOK_RELS, CONTENT_TYPES) and written is None:
                raise RuntimeError(f"{info.filename} came before {part}")
            if info.filename == WORKBOOK_PART:
                ref = sheet.real_filter(sheet.header_rows + written, absolute=True)
                old = sheet.placeholder_filter(absolute=True)
                data = _replace_once(data.decode(), f"!{old}<", f"!{ref}<", info.filename).encode()
            elif info.filename in (WORKBOOK_RELS, CONTENT_TYPES) and strings:
                data = _with_strings(info.filename, data.decode()).encode()
            archive.writestr(info.filename, data)
    if written is None:
        raise RuntimeError(f"the streamed sheet {part} is not in the workbook")
    return written
