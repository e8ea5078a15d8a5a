"""Cell safety and the exporter registry, without a database."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from fairs.errors import NotFound
from fairs.exports import Exporter, exporters, get_exporter, register, streamed
from fairs.exports.cells import day, in_locale, percent, text
from fairs.exports.sheets import register_sheet
from fairs.i18n import current_locale
from fairs.services.report.register import RegisterRow


def roundtrip(*rows: list) -> list:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("S")
    for row in rows:
        ws.append([text(ws, v) if isinstance(v, str) else v(ws) if callable(v) else v for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    return [list(r) for r in load_workbook(BytesIO(buffer.getvalue()))["S"].iter_rows()]


@pytest.mark.parametrize(
    "value", ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_like_text_stays_text(value):
    (cell,) = roundtrip([value])[0]
    assert cell.value == value.replace("\r", "\n")  # XML reads a carriage return as a newline
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_plain_text_is_plain_and_illegal_characters_are_dropped():
    plain, dirty = roundtrip(["Красный Крест", "a\x00b\x07c\x1fd\ufffe\uffff"])[0]
    assert plain.value == "Красный Крест" and not plain.quotePrefix
    assert dirty.value == "abcd"


def test_dates_and_percentages():
    when, rate = roundtrip([lambda ws: day(ws, dt.date(2026, 3, 9)), lambda ws: percent(ws, 0.25)])[0]
    assert when.is_date and when.value == dt.datetime(2026, 3, 9) and when.number_format == "DD.MM.YYYY"
    assert rate.value == 0.25 and "%" in rate.number_format


def test_register_sheet_reuses_safe_cells_across_rows():
    wb = Workbook(write_only=True)
    d1, d2 = dt.date(2026, 1, 12), dt.date(2026, 2, 9)
    rows = [
        RegisterRow(
            f"AAAA-BBBB-{i}", d1 if i % 2 else d2, "=evil", "=evil", "Dir", "valid", d1, None, f"АНИВ18{i}"
        )
        for i in range(10)
    ]
    progress: list[tuple[int, int]] = []
    buffer = BytesIO()
    with in_locale("en"):
        sheet = register_sheet(wb)
        written = streamed.save(
            wb, buffer, sheet, rows, total=10, progress=lambda done, total: progress.append((done, total))
        )
    assert written == 10
    ws = load_workbook(BytesIO(buffer.getvalue()))["Coupons"]
    body = list(ws.iter_rows(min_row=2))
    assert len(body) == 10
    assert [r[1].value.date() for r in body] == [d2 if i % 2 == 0 else d1 for i in range(10)]
    assert all(r[2].value == "=evil" and r[2].data_type == "s" and r[3].quotePrefix for r in body)
    assert [r[8].value for r in body] == [f"АНИВ18{i}" for i in range(10)]
    assert progress[-1] == (10, 10)


def test_locale_is_restored():
    token = current_locale.set("ru")
    try:
        with in_locale("en"):
            assert current_locale.get() == "en"
        assert current_locale.get() == "ru"
    finally:
        current_locale.reset(token)


def test_registry():
    assert get_exporter("committee").identifier == "committee"
    assert "committee" in [e.identifier for e in exporters()]
    with pytest.raises(NotFound):
        get_exporter("nothing")

    class Twice(Exporter):
        identifier = "committee"
        verbose_name = "again"

    with pytest.raises(ValueError, match="registered twice"):
        register(Twice)


@pytest.mark.parametrize("value", ["#N/A", "#REF!", "#DIV/0!"])
def test_error_like_text_stays_text(value):
    (cell,) = roundtrip([value])[0]
    assert (cell.value, cell.data_type) == (value, "s")
    assert not cell.quotePrefix


def test_cells_use_no_private_openpyxl_attributes():
    import inspect

    from fairs.exports import cells, committee, sheets, streamed

    for module in (cells, committee, sheets, streamed):
        source = inspect.getsource(module)
        for private in ("._value", "._rows", "._writer", "._cells"):
            assert private not in source, (module.__name__, private)
