"""What makes the committee's workbook an official document: the heading naming the district and the period
in words, the executor and signature block, page headers and footers on every sheet, the document's
properties and the file's name in words. What they say comes from the district's report settings
(`services.report.letterhead`): its staff, never a client.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from openpyxl.styles import Alignment, Font
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange

from fairs import i18n
from fairs.exports.cells import FONT_NAME, styled
from fairs.i18n import _
from fairs.services.report import Letterhead, Period, period_phrase, period_words

HEADING_FONT = Font(name=FONT_NAME, bold=True, size=13)
HEADING_ALIGNMENT = Alignment(wrap_text=True, horizontal="center", vertical="center")
HEADING_HEIGHT = 54  # points: three lines of the heading across the table's width
BLANK_NAME = "_" * 36  # a line to write on by hand
SIGNATURE = "_" * 14
HEADER_PART = 80  # characters of one part of a page header (Excel allows 255 for the whole)
LANGUAGES = {"ru": "ru-RU", "en": "en-GB", "be": "be-BY"}
UNSAFE_IN_NAMES = re.compile(r'[\x00-\x1f\x7f\\/:*?"<>|]+')


def heading(letterhead: Letterhead, period: Period) -> str:
    """«Информация о проведении ярмарок услуг …, Солигорского района за IV квартал 2026 г.» (the genitive is
    Russian grammar: other languages name the district as it is)."""
    russian = i18n.current_locale.get() == "ru"
    district = letterhead.district_genitive if russian else letterhead.district_name
    return _("Information on the service fairs for people released from prison, %(district)s, %(period)s") % {
        "district": district,
        "period": period_phrase(period),
    }


def heading_row(ws, letterhead: Letterhead, period: Period, *, columns: int) -> list:  # noqa: ANN001
    """The heading as the first row of `ws`, merged across the table's `columns` and tall enough to wrap."""
    ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=columns, max_row=1))
    ws.row_dimensions[1].height = HEADING_HEIGHT
    return [styled(ws, heading(letterhead, period), font=HEADING_FONT, alignment=HEADING_ALIGNMENT)]


def executor_rows(ws, letterhead: Letterhead, day: date) -> list[list]:  # noqa: ANN001
    """The end of the report: who drew it up and how to reach them, the date, the head's signature line.
    What is not set is a blank line, written in by hand."""
    phone = _("tel. %(phone)s") % {"phone": letterhead.executor_phone} if letterhead.executor_phone else ""
    parts = [letterhead.executor_name, letterhead.executor_position, phone]
    executor = ", ".join(part for part in parts if part) or BLANK_NAME
    head = letterhead.head_position or BLANK_NAME
    signature = f"{head} {SIGNATURE} {letterhead.head_name or SIGNATURE}"
    return [
        [],
        [styled(ws, _("Executor: %(executor)s") % {"executor": executor})],
        [styled(ws, _("Date: %(day)s") % {"day": day.strftime("%d.%m.%Y")})],
        [],
        [styled(ws, signature)],
    ]


def _header_text(value: str) -> str:
    """User text inside a page header: `&` starts a code there, so it is doubled; cut to fit."""
    return value[:HEADER_PART].replace("&", "&&")


def page_furniture(wb: Workbook, letterhead: Letterhead, period: Period) -> None:
    """Every sheet's page header (the body, the district) and footer (the period, «Страница 1 из 3»)."""
    for ws in wb.worksheets:
        for header in (ws.oddHeader, ws.evenHeader, ws.firstHeader):
            if letterhead.body_name:
                header.left.text = _header_text(letterhead.body_name)
            header.right.text = _header_text(letterhead.district_name)
        for footer in (ws.oddFooter, ws.evenFooter, ws.firstFooter):
            footer.left.text = _header_text(period_words(period))
            footer.right.text = _("Page &P of &N")


def creator(letterhead: Letterhead) -> str:
    """Who the document is from: the body named in the settings, else the district's inspection."""
    if letterhead.body_name:
        return letterhead.body_name
    return _("Probation inspection, %(district)s") % {"district": letterhead.district_name}


def properties(wb: Workbook, letterhead: Letterhead, period: Period) -> None:
    """The document's title, subject, author and dates, in the workbook's language."""
    now = datetime.now(UTC).replace(tzinfo=None)
    wb.properties.title = heading(letterhead, period)
    wb.properties.subject = _("Referral scheme: service fairs")
    wb.properties.creator = creator(letterhead)
    wb.properties.lastModifiedBy = creator(letterhead)
    wb.properties.description = _("Report to the executive committee")
    wb.properties.language = LANGUAGES.get(i18n.current_locale.get(), "ru-RU")
    wb.properties.created = now
    wb.properties.modified = now


def file_title(kind: str, district: str, period: Period) -> str:
    """`Ярмарки_Солигорский_район_IV_квартал_2026.xlsx`: `kind` (translated), the district, the period."""
    words = [_(kind), district, period_words(period).replace(" – ", "-")]
    name = "_".join("_".join(UNSAFE_IN_NAMES.sub(" ", part).split()) for part in words if part)
    return name[:150] + ".xlsx"
