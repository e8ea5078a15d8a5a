"""The register sheet written by exports.streamed: values, safety, layout, a package that opens cleanly."""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from io import BytesIO
from xml.etree import ElementTree as ET

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet import _writer

from fairs.exports import streamed
from fairs.exports.cells import in_locale
from fairs.exports.sheets import finish_table, new_sheet, register_sheet
from fairs.services.report.register import RegisterRow
from tests.exports.conftest import values

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
HEADERS_EN = (
    "Coupon",
    "Fair date",
    "Issued by",
    "Addressed to",
    "Direction",
    "Status",
    "Redeemed on",
    "Outcome",
    "Client code",
)
HEADERS_RU = (
    "Талон",
    "Дата ярмарки",
    "Кем выдан",
    "Куда направлен",
    "Направление",
    "Состояние",
    "Дата погашения",
    "Результат",
    "Код клиента",
)
D1, D2 = dt.date(2026, 1, 12), dt.date(2026, 2, 9)


def row(code: str = "AAAA-BBBB-C", **fields: object) -> RegisterRow:
    base = {
        "code": code,
        "fair_date": D1,
        "issuing_organisation": "Центр занятости",
        "organisation": "ОАО «Калий»",
        "direction": "Трудоустройство",
        "status": "погашен",
        "redeemed_on": D2,
        "outcome": "Трудоустроен",
        "client_code": "АНИВ1985",
    }
    return RegisterRow(**(base | fields))


def build(rows: Iterable[RegisterRow], *, locale: str = "en", **options: object) -> tuple[bytes, int]:
    """A workbook like the committee's around the register: a sheet before it and a table after it."""
    wb = Workbook(write_only=True)
    target = BytesIO()
    with in_locale(locale):
        before = new_sheet(wb, "Before", [10], freeze=None)
        before.append(["before"])
        sheet = register_sheet(wb)
        after = new_sheet(wb, "After", [10, 10], freeze="A2")
        after.append(["a", "b"])
        after.append([1, 2])
        finish_table(after, columns=2, header_row=1, last_row=2)
        written = streamed.save(wb, target, sheet, rows, **options)
    return target.getvalue(), written


def xml(data: bytes) -> ET.Element:
    """A part of a workbook we wrote ourselves (not untrusted input)."""
    return ET.fromstring(data)  # noqa: S314


def register(data: bytes, title: str = "Coupons"):  # noqa: ANN201
    return load_workbook(BytesIO(data))[title]


def check_package(data: bytes) -> None:
    """What a spreadsheet application checks before it offers to repair a file.

    Every part is well-formed XML and has a content type; every override names a part; every internal
    relationship leads to a part; the workbook's sheets are its worksheet parts; the shared-string count
    is right; rows and cells are numbered in order; openpyxl reads every sheet to its end."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        assert len(names) == len(archive.namelist()), "a part is in the package twice"
        parts = {name: xml(archive.read(name)) for name in names if name.endswith((".xml", ".rels"))}
    assert names == set(parts), names - set(parts)
    types = parts["[Content_Types].xml"]
    defaults = {d.get("Extension") for d in types.iter(f"{CT}Default")}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert set(overrides) <= names, set(overrides) - names
    for name in names - {"[Content_Types].xml"}:
        assert name in overrides or name.rsplit(".", 1)[-1] in defaults, name
    for name, tree in parts.items():
        if not name.endswith(".rels"):
            continue
        source = posixpath.dirname(posixpath.dirname(name))  # xl/_rels/workbook.xml.rels → xl
        ids = [r.get("Id") for r in tree.iter(f"{REL}Relationship")]
        assert len(ids) == len(set(ids)), (name, ids)
        for rel in tree.iter(f"{REL}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(source, target))
            )
            assert path in names, (name, target)
    workbook_rels = {
        r.get("Id"): r.get("Target").lstrip("/")
        for r in parts["xl/_rels/workbook.xml.rels"].iter(f"{REL}Relationship")
    }
    for sheet in parts["xl/workbook.xml"].iter(f"{MAIN}sheet"):
        target = workbook_rels[sheet.get(f"{OFFICE_REL}id")]
        target = target if target.startswith("xl/") else f"xl/{target}"
        assert overrides[target].endswith("worksheet+xml"), target
        rows = [int(r.get("r")) for r in parts[target].iter(f"{MAIN}row")]
        assert rows == sorted(set(rows)), target
    if "xl/sharedStrings.xml" in parts:
        sst = parts["xl/sharedStrings.xml"]
        assert int(sst.get("uniqueCount")) == len(sst.findall(f"{MAIN}si"))
        assert overrides["xl/sharedStrings.xml"].endswith("sharedStrings+xml")
    wb = load_workbook(BytesIO(data))
    for ws in wb.worksheets:
        assert list(ws.iter_rows(values_only=True)) is not None
        assert ws.max_row >= 1


def test_values_read_back():
    rows = [
        row("AAAA-0001-A"),
        row("AAAA-0002-B", fair_date=D2, redeemed_on=None, outcome=None, status="действует"),
        row("AAAA-0003-C", issuing_organisation="Рога & копыта <ООО>", organisation="  пробелы  "),
    ]
    data, written = build(rows)
    assert written == 3
    body = values(register(data))
    assert body[0] == HEADERS_EN
    assert body[1] == (
        "AAAA-0001-A",
        dt.datetime(2026, 1, 12),
        "Центр занятости",
        "ОАО «Калий»",
        "Трудоустройство",
        "погашен",
        dt.datetime(2026, 2, 9),
        "Трудоустроен",
        "АНИВ1985",
    )
    assert body[2][1] == dt.datetime(2026, 2, 9) and body[2][5] == "действует"
    assert body[2][6] is None and body[2][7] is None
    assert body[3][2:4] == ("Рога & копыта <ООО>", "  пробелы  ")
    check_package(data)


def test_dates_are_dates_with_the_date_format():
    data, _ = build([row(fair_date=dt.date(2026, 3, 9), redeemed_on=dt.date(2027, 12, 31))])
    ws = register(data)
    for cell in (ws["B2"], ws["G2"]):
        assert cell.is_date and cell.number_format == "DD.MM.YYYY"
    assert ws["B2"].value == dt.datetime(2026, 3, 9) and ws["G2"].value == dt.datetime(2027, 12, 31)


def test_xml_illegal_characters_are_dropped():
    dirty = "a\x00b\x07c\x0bd\x1fe\ufffef\uffffg"
    data, _ = build([row(code=dirty, organisation=dirty, outcome="\x00\x01")])
    ws = register(data)
    assert ws["A2"].value == "abcdefg"  # inline string
    assert ws["D2"].value == "abcdefg"  # shared string
    assert ws["H2"].value is None  # nothing left
    check_package(data)


@pytest.mark.parametrize(
    "value", ["=1+1", '=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_looking_text_stays_quoted_text(value):
    data, _ = build([row(code=value, issuing_organisation=value, direction="Дир")])
    ws = register(data)
    for cell in (ws["A2"], ws["C2"]):  # an inline and a shared string
        assert cell.value == value
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert not ws["E2"].quotePrefix
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet2.xml")


def test_long_text_is_cut_at_excel_s_limit():
    long = "Ж" * 40_000
    data, _ = build([row(code=long, organisation=long)])
    ws = register(data)
    assert ws["A2"].value == "Ж" * 32_767
    assert ws["D2"].value == "Ж" * 32_767


def test_empty_register_is_its_header():
    data, written = build([])
    assert written == 0
    ws = register(data)
    assert values(ws) == [HEADERS_EN]
    assert ws.auto_filter.ref == "A1:I1"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        assert "xl/sharedStrings.xml" not in archive.namelist()
    check_package(data)


def test_headers_in_russian_and_english():
    ru, _ = build([row()], locale="ru")
    en, _ = build([row()], locale="en")
    assert values(register(ru, "Талоны"))[0] == HEADERS_RU
    assert values(register(en))[0] == HEADERS_EN
    assert load_workbook(BytesIO(ru)).sheetnames == ["Before", "Талоны", "After"]


def test_layout_of_the_register_and_its_neighbours():
    data, _ = build([row(f"C{i}") for i in range(3)])
    wb = load_workbook(BytesIO(data))
    ws = wb["Coupons"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:I4"
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["C"].width == 34
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert wb["After"].auto_filter.ref == "A1:B2"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        book = archive.read("xl/workbook.xml").decode()
    assert "'Coupons'!$A$1:$I$4<" in book and "'After'!$A$1:$B$2<" in book
    assert str(streamed.PLACEHOLDER_ROW) not in book


def test_many_rows_progress_and_shared_names():
    rows = [row(f"C{i:05d}", organisation=f"Организация {i % 7}") for i in range(12_345)]
    progress: list[tuple[int, int]] = []
    data, written = build(rows, total=12_000, progress=lambda done, total: progress.append((done, total)))
    assert written == 12_345
    assert progress == [(5000, 12_000), (10_000, 12_000), (12_345, 12_345)]
    ws = register(data)
    body = values(ws)[1:]
    assert len(body) == 12_345 and body[-1][0] == "C12344" and body[-1][3] == "Организация 3"
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sst = xml(archive.read("xl/sharedStrings.xml"))
    # Issuer, 7 receivers, direction, state, outcome: each text once.
    assert int(sst.get("uniqueCount")) == 11
    check_package(data)


def test_a_failure_while_streaming_is_raised_and_leaves_no_temporary_files():
    def broken() -> Iterator[RegisterRow]:
        yield row()
        raise RuntimeError("the database went away")

    before = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError, match="went away"):
        build(broken())
    assert set(_writer.ALL_TEMP_FILES) == before


def test_the_downloaded_workbook_is_a_valid_package(client, auth, history):
    for lang in ("ru", "en"):
        resp = client.get(
            "/exports/register.xlsx", params=history.params(lang=lang), headers=auth("organiser")
        )
        assert resp.status_code == 200
        check_package(resp.content)
        wb = load_workbook(BytesIO(resp.content))
        register = wb[{"ru": "Талоны", "en": "Coupons"}[lang]]
        assert len(values(register)) == 7  # the header and six coupons
        committees = client.get(
            "/exports/committee.xlsx", params=history.params(lang=lang), headers=auth("committee")
        )
        assert committees.status_code == 200
        load_workbook(BytesIO(committees.content))  # openpyxl's own package, without a streamed sheet
