"""The committee's workbook as an official document: the heading with the district and the period in words,
the executor and signature block, page headers and footers and print setup on every sheet, the document's
properties, the file's name in words; the district's report settings behind them (API and page)."""

from __future__ import annotations

from urllib.parse import quote

from tests.api import helpers as h
from tests.exports.conftest import every_text, values, workbook

URL = "/exports/committee.xlsx"
REGISTER = "/exports/register.xlsx"
SETTINGS = f"{h.API}/reports/settings"
HEADING = "Информация о проведении ярмарок услуг для лиц, освобождённых из мест лишения свободы"
HEADING_EN = "Information on the service fairs for people released from prison"
MONTH = {"from": "2026-03-01", "to": "2026-03-31"}
QUARTER = {"from": "2026-10-01", "to": "2026-12-31"}
YEAR = {"from": "2026-01-01", "to": "2026-12-31"}
RANGE = {"from": "2026-03-01", "to": "2026-04-15"}
SOLIGORSK = {
    "district_genitive": "Солигорского района",
    "body_name": "УИИ Солигорского РОВД",
    "executor_name": "Петрова Мария Ивановна",
    "executor_position": "старший инспектор",
    "executor_phone": "8 (0174) 23-45-67",
    "head_position": "Начальник УИИ Солигорского РОВД",
    "head_name": "С. В. Козлов",
}
BLANK, SIGNATURE = "_" * 36, "_" * 14
WIDE = {"По ярмаркам", "По организациям", "По направлениям", "Талоны"}
# Printed landscape (the wide tables).
LANDSCAPE = {*WIDE, "По категориям", "Причины отказа в найме", "Через год"}


def _first_cells(wb) -> list:  # noqa: ANN001
    return [row[0] for row in values(wb.worksheets[0]) if row and row[0] is not None]


def test_the_workbook_is_an_official_document(client, auth):
    organiser, committee = auth("organiser"), auth("committee")
    h.expect(client.put(SETTINGS, json=SOLIGORSK, headers=organiser), 200)

    # The heading: the district in the genitive, the period in Russian words.
    headings = {
        "month": "за март 2026 г.",
        "quarter": "за IV квартал 2026 г.",
        "year": "за 2026 год",
        "range": "за период с 01.03.2026 по 15.04.2026",
    }
    for params, words in zip((MONTH, QUARTER, YEAR, RANGE), headings.values(), strict=True):
        wb = workbook(client.get(URL, params=params, headers=committee))
        assert wb["Сводка"]["A1"].value == f"{HEADING}, Солигорского района {words}"

    resp = client.get(URL, params=QUARTER, headers=committee)
    wb = workbook(resp)
    heading = f"{HEADING}, Солигорского района за IV квартал 2026 г."
    # The file's name in words (RFC 5987), the ASCII name for clients that cannot read it.
    disposition = resp.headers["content-disposition"]
    assert disposition == (
        'attachment; filename="committee_2026-10-01_2026-12-31.xlsx"; '
        f"filename*=UTF-8''{quote('Ярмарки_Солигорский_район_IV_квартал_2026.xlsx')}"
    )
    summary = wb["Сводка"]
    assert str(summary.merged_cells) == "A1:D1" and summary["A1"].alignment.wrap_text
    assert summary["A2"].value.startswith("Ярмарки с 01.10.2026 по 31.12.2026; по состоянию на ")
    # The executor and the head at the end of the summary: the district's staff, as set.
    assert _first_cells(wb)[-3:] == [
        "Исполнитель: Петрова Мария Ивановна, старший инспектор, тел. 8 (0174) 23-45-67",
        f"Дата: {h.today():%d.%m.%Y}",
        f"Начальник УИИ Солигорского РОВД {SIGNATURE} С. В. Козлов",
    ]
    last = summary.max_row
    assert summary.print_area == f"'Сводка'!$A$1:$D${last}"  # the table and the block, not the charts
    # Russian document properties: the body is the author.
    assert wb.properties.title == heading
    assert wb.properties.creator == wb.properties.lastModifiedBy == "УИИ Солигорского РОВД"
    assert wb.properties.subject == "Схема перенаправления: ярмарки услуг"
    assert wb.properties.language == "ru-RU"

    # Every sheet of the organisers' copy (the coupon register is written by the streamed writer).
    resp = client.get(REGISTER, params=QUARTER, headers=organiser)
    register = workbook(resp)
    assert register["Сводка"]["A1"].value == heading
    assert _first_cells(register)[-3:] == _first_cells(wb)[-3:]
    assert (
        quote("Ярмарки_и_реестр_талонов_Солигорский_район_IV_квартал_2026.xlsx")
        in (resp.headers["content-disposition"])
    )
    wide = sorted(WIDE, key=register.sheetnames.index)
    assert register.sheetnames == [
        "Сводка",
        *wide[:3],
        "По категориям",
        "Причины отказа в найме",
        "Через год",
        wide[3],
        "Определения",
    ]
    for ws in register.worksheets:
        for header, footer in ((ws.oddHeader, ws.oddFooter), (ws.evenHeader, ws.evenFooter)):
            assert (header.left.text, header.right.text) == ("УИИ Солигорского РОВД", "Солигорский район"), ws
            assert (footer.left.text, footer.right.text) == ("IV квартал 2026", "Страница &P из &N"), ws
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.page_setup.fitToHeight == 0, ws.title  # as many pages down as it takes
        assert ws.page_setup.orientation == ("landscape" if ws.title in LANDSCAPE else "portrait"), ws.title
        assert ws.print_title_rows, ws.title  # the table's header repeats on every page

    # English: the same document in English, the district as it is named.
    resp = client.get(URL, params={**QUARTER, "lang": "en"}, headers=committee)
    en = workbook(resp)
    assert en["Summary"]["A1"].value == f"{HEADING_EN}, Солигорский район, for Q4 2026"
    assert _first_cells(en)[-3:] == [
        "Executor: Петрова Мария Ивановна, старший инспектор, tel. 8 (0174) 23-45-67",
        f"Date: {h.today():%d.%m.%Y}",
        f"Начальник УИИ Солигорского РОВД {SIGNATURE} С. В. Козлов",
    ]
    assert en["By fair"].oddFooter.right.text == "Page &P of &N"
    assert en["By fair"].oddFooter.left.text == "Q4 2026"
    assert en.properties.language == "en-GB"
    assert quote("Fairs_Солигорский_район_Q4_2026.xlsx") in resp.headers["content-disposition"]
    month = client.get(URL, params={**MONTH, "lang": "en"}, headers=committee)
    assert workbook(month)["Summary"]["A1"].value.endswith("Солигорский район, for March 2026")


def test_settings_are_the_district_organisers_and_default_to_blank_lines(client, auth, session):
    organiser = auth("organiser")
    blank = h.expect(client.get(SETTINGS, headers=organiser), 200)
    assert blank["district_name"] == blank["heading_district"] == "Солигорский район"
    assert {blank[name] for name in SOLIGORSK} == {""}
    for username in ("partner_employment", "committee", "committee_region", "admin"):
        h.expect(client.get(SETTINGS, headers=auth(username)), 403)
        h.expect(client.put(SETTINGS, json=SOLIGORSK, headers=auth(username)), 403)
    h.expect(client.get(SETTINGS), 401)
    # Refusals change nothing.
    h.expect(
        client.put(SETTINGS, json={**SOLIGORSK, "executor_phone": "звонить Маше"}, headers=organiser),
        400,
        "invalid_phone",
    )
    h.expect(
        client.put(SETTINGS, json={**SOLIGORSK, "head_name": "Я" * 201}, headers=organiser), 400, "too_long"
    )
    assert h.count(session, "report_settings") == 0

    saved = h.expect(
        client.put(
            SETTINGS, json={**SOLIGORSK, "body_name": "  УИИ \n Солигорского РОВД "}, headers=organiser
        ),
        200,
    )
    assert (
        saved["body_name"] == "УИИ Солигорского РОВД" and saved["heading_district"] == "Солигорского района"
    )
    assert h.expect(client.get(SETTINGS, headers=organiser), 200) == saved
    [entry] = h.audit_rows(session, entity="report_settings")
    assert entry["action"] == "update" and entry["user_id"] is not None

    # District B sees its own, blank settings; its workbook has its name as it is and lines to fill in.
    other = auth("organiser_b")
    theirs = h.expect(client.get(SETTINGS, headers=other), 200)
    assert theirs["district_name"] == "Слуцкий район" and theirs["executor_name"] == ""
    wb = workbook(client.get(URL, params=YEAR, headers=other))
    assert wb["Сводка"]["A1"].value == f"{HEADING}, Слуцкий район за 2026 год"
    assert _first_cells(wb)[-3:] == [
        f"Исполнитель: {BLANK}",
        f"Дата: {h.today():%d.%m.%Y}",
        f"{BLANK} {SIGNATURE} {SIGNATURE}",
    ]
    assert wb.properties.creator == "Уголовно-исполнительная инспекция, Слуцкий район"
    assert wb["По ярмаркам"].oddHeader.left.text is None
    text = every_text(wb)
    assert all(SOLIGORSK[name] not in text for name in SOLIGORSK if name != "district_genitive")
    # The region's committee reads the whole region: the region's name, no district's executor.
    region = workbook(client.get(URL, params=YEAR, headers=auth("committee_region")))
    assert region["Сводка"]["A1"].value == f"{HEADING}, Минская область за 2026 год"
    assert "Петрова" not in every_text(region)


def test_the_settings_section_of_the_report_page(browser):
    b = browser("organiser")
    page = b.get("/reports", params={"quarter": "2026-Q4"})
    assert page.status_code == 200
    assert '<span data-key="period">IV квартал 2026</span>' in page.text
    assert 'id="report-settings"' in page.text and 'name="executor_phone"' in page.text
    for params, words in (({"month": "2026-03"}, "март 2026"), ({"year": "2026"}, "2026 год")):
        assert f'<span data-key="period">{words}</span>' in b.get("/reports", params=params).text
    english = {"quarter": "2026-Q4", "lang": "en"}
    assert '<span data-key="period">Q4 2026</span>' in b.get("/reports", params=english).text
    march = b.get("/reports", params={"month": "2026-03", "lang": "en"}).text
    assert '<span data-key="period">March 2026</span>' in march

    # A refusal shows the form again with what was typed; nothing is saved.
    typed = {**SOLIGORSK, "executor_phone": "спросить у Маши", "back": "/reports?quarter=2026-Q4"}
    refused = b.post("/reports/settings", typed)
    assert refused.status_code == 400
    assert "Номер телефона может содержать только цифры" in refused.text
    assert 'value="спросить у Маши"' in refused.text and 'value="Петрова Мария Ивановна"' in refused.text

    saved = b.post("/reports/settings", {**SOLIGORSK, "back": "/reports?quarter=2026-Q4"})
    assert saved.status_code == 303
    assert saved.headers["location"] == "/reports?quarter=2026-Q4#report-settings"
    shown = b.get("/reports?quarter=2026-Q4").text
    assert "Заголовок и подписи отчёта сохранены." in shown
    assert 'value="Петрова Мария Ивановна"' in shown and 'value="С. В. Козлов"' in shown
    # Elsewhere than a report page, the form goes back to the report.
    assert b.post("/reports/settings", {**SOLIGORSK, "back": "//evil.example/"}).headers["location"] == (
        "/reports#report-settings"
    )
    wb = workbook(b.get(URL, params=QUARTER))
    assert wb["Сводка"]["A1"].value == f"{HEADING}, Солигорского района за IV квартал 2026 г."

    # The committee reads the report but has no settings section; a partner may not post it.
    committee = browser("committee")
    assert 'id="report-settings"' not in committee.get("/reports").text
    assert committee.post("/reports/settings", SOLIGORSK).status_code == 403
    assert browser("partner_hospital").post("/reports/settings", SOLIGORSK).status_code == 403
