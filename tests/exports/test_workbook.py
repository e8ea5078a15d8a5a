"""The committee's workbook downloaded over HTTP: sheets, register, safety, formats, print setup, charts."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl.cell.cell import Cell

from fairs.exports.cells import in_locale
from fairs.labels import coupon_state_labels as state_labels
from fairs.services import report
from fairs.services.coupons.codes import format_short_code
from tests.api import helpers as h
from tests.exports.conftest import PERSONAL_NAME, PERSONAL_PHONE, every_text, values, workbook

URL = "/exports/committee.xlsx"
REGISTER = "/exports/register.xlsx"  # the organisers' copy: the committee's sheets and the coupon register
SHEETS_RU = [
    "Сводка",
    "По ярмаркам",
    "По организациям",
    "По направлениям",
    "По категориям",
    "Причины отказа в найме",
    "Через год",
    "Определения",
]
SHEETS_EN = [
    "Summary",
    "By fair",
    "By organisation",
    "By direction",
    "By category",
    "Reasons for not hiring",
    "A year later",
    "Definitions",
]


def test_sheets_in_russian_by_default_and_english_on_request(client, auth, history):
    headers = auth("committee")
    ru = workbook(client.get(URL, params=history.params(), headers=headers))
    assert ru.sheetnames == SHEETS_RU
    en = workbook(client.get(URL, params=history.params(lang="en"), headers=headers))
    assert en.sheetnames == SHEETS_EN
    organiser = auth("organiser")
    ru = workbook(client.get(REGISTER, params=history.params(), headers=organiser))
    assert ru.sheetnames == [*SHEETS_RU[:7], "Талоны", SHEETS_RU[7]]
    en = workbook(client.get(REGISTER, params=history.params(lang="en"), headers=organiser))
    assert en.sheetnames == [*SHEETS_EN[:7], "Coupons", SHEETS_EN[7]]
    assert en["Coupons"]["A1"].value == "Coupon"
    assert ru["Талоны"]["A1"].value == "Талон"


def test_download_headers(client, auth, history):
    resp = client.get(URL, params=history.params(), headers=auth("organiser"))
    assert resp.status_code == 200
    disposition = resp.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f'filename="committee_{history.period[0]}_{history.period[1]}.xlsx"' in disposition
    assert resp.headers["cache-control"] == "no-store"


def test_register_rows(client, auth, history):
    wb = workbook(client.get(REGISTER, params=history.params(lang="en"), headers=auth("organiser")))
    rows = values(wb["Coupons"])
    assert rows[0] == (
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
    body = rows[1:]
    assert [r[0] for r in body] == [
        format_short_code(history.codes[k]) for k in ("c1", "c2", "c3", "c4", "c5", "c6")
    ]
    first = dt.datetime.combine(history.first, dt.time())
    second = dt.datetime.combine(history.second, dt.time())
    assert [r[1] for r in body] == [first] * 3 + [second] * 3
    labels = state_labels("en")
    assert [r[5] for r in body] == [
        labels["redeemed"],
        labels["redeemed"],
        labels["expired"],
        labels["redeemed"],
        labels["cancelled"],
        labels["issued"],
    ]
    c1 = body[0]
    assert c1[2:5] == (
        "Центр занятости",
        "ОАО «Калий»",
        "Referral for a job to an organisation or enterprise",
    )
    assert c1[6] == dt.datetime.combine(history.first + dt.timedelta(days=2), dt.time())
    assert c1[7] == "Employed"
    assert body[2][6] is None and body[2][7] is None
    assert len({r[8] for r in body}) == 3  # three persons, by client code only


def test_register_states_in_russian(client, auth, history):
    wb = workbook(client.get(REGISTER, params=history.params(), headers=auth("organiser")))
    statuses = [r[5] for r in values(wb["Талоны"])[1:]]
    with in_locale("ru"):
        labels = state_labels("ru")
    assert statuses[2] == labels["expired"] != state_labels("en")["expired"]
    assert values(wb["Талоны"])[1][7] == "Трудоустроен"


def test_no_personal_fields_anywhere(client, auth, history):
    wb = workbook(client.get(REGISTER, params=history.params(), headers=auth("organiser")))
    everything = every_text(wb)
    assert PERSONAL_NAME not in everything
    assert "Петров" not in everything
    assert PERSONAL_PHONE not in everything
    assert "Анна" not in everything and "Иван" not in everything


def test_formula_injection_is_neutralised(client, auth, history):
    org = auth("organiser")
    names = ['=HYPERLINK("http://evil.example","click")', "+1", "@SUM(1)", "-2+3"]
    fair = h.make_open_fair(client, org, day=history.second + dt.timedelta(days=1))
    booth = h.add_booth(
        client,
        org,
        fair=fair,
        org=h.expect(
            client.post(
                f"{h.API}/organisations",
                json={"name": names[0], "kind": "other", "directions": ["legal"]},
                headers=org,
            ),
            201,
        )["id"],
    )
    person = h.register(client, org, mother="Вера", father="Юрий", sex="F", birth_year=1970)["id"]
    for name in names[1:]:
        target = h.expect(
            client.post(
                f"{h.API}/organisations",
                json={"name": name, "kind": "other", "directions": ["legal"]},
                headers=org,
            ),
            201,
        )
        h.issue(client, org, booth=booth, client_id=person, org=target["id"], direction="legal")
    wb = workbook(client.get(REGISTER, params=history.params(lang="en"), headers=org))
    cells = [c for row in wb["Coupons"].iter_rows() for c in row if isinstance(c, Cell) and c.value in names]
    assert {c.value for c in cells} == set(names)
    for c in cells:
        assert c.data_type == "s", (c.value, c.data_type)
        assert c.quotePrefix, c.value
    organisations = [c for row in wb["By organisation"].iter_rows() for c in row if c.value in names]
    assert organisations and all(c.data_type == "s" and c.quotePrefix for c in organisations)


def test_dates_percentages_and_layout(client, auth, history):
    wb = workbook(client.get(REGISTER, params=history.params(lang="en"), headers=auth("organiser")))
    coupons = wb["Coupons"]
    assert coupons["B2"].is_date and coupons["B2"].number_format == "DD.MM.YYYY"
    assert coupons["G2"].is_date
    assert coupons.freeze_panes == "A2"
    assert coupons.auto_filter.ref == "A1:I7"
    assert coupons.print_title_rows == "$1:$1"
    assert coupons.column_dimensions["C"].width > 20
    fairs = wb["By fair"]
    assert fairs["A2"].is_date
    assert fairs.auto_filter.ref == "A1:I3"
    assert fairs.freeze_panes == "A2"
    summary = wb["Summary"]
    assert summary.freeze_panes == "A4"
    assert summary.print_title_rows == "$3:$3"  # the table's header; the heading prints once
    [rate] = [row for row in summary.iter_rows() if row[0].value == "Redemption rate"]
    assert (rate[1].value, rate[1].number_format) == (3 / 5, "0.0%")  # 3 of 5 coupons redeemed
    # By direction: four directions had coupons (rates 1, 1, 1/2, 0), the others none (an empty cell).
    directions = wb["By direction"]
    rates = [(row[0].value, row[5].value, row[5].number_format) for row in directions.iter_rows(min_row=2)]
    with_rate = [(name, value, fmt) for name, value, fmt in rates if value is not None]
    assert [(value, fmt) for _name, value, fmt in with_rate] == [
        (1, "0.0%"),
        (1, "0.0%"),
        (0.5, "0.0%"),
        (0, "0.0%"),
    ]
    assert len(rates) - len(with_rate) == 12
    for sheet, column in (("By fair", 8), ("By organisation", 3)):
        cells = [row[column] for row in wb[sheet].iter_rows(min_row=2)]
        assert cells and all(c.value is not None and c.number_format == "0.0%" for c in cells), sheet
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9, ws.title  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title


def test_charts_and_properties(client, auth, history):
    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=auth("committee")))
    charts = wb["Summary"]._charts
    kinds = sorted(type(c).__name__ for c in charts)
    assert kinds == ["BarChart", "LineChart"]
    assert wb.properties.creator == "Probation inspection, Солигорский район"  # no settings: the default
    assert "Солигорский район" in wb.properties.title
    assert wb.properties.created is not None


def test_definitions_sheet(client, auth, history):
    from fairs.services.report.definitions import DEFINITIONS

    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=auth("committee")))
    rows = values(wb["Definitions"])
    assert rows[0] == ("Indicator", "Definition")
    assert [r[0] for r in rows[1 : len(DEFINITIONS) + 1]] == [d.label for d in DEFINITIONS]
    assert rows[-1][1].startswith("Every record counts in the period of the date of the fair")


def test_empty_period_still_gives_a_workbook(client, auth):
    empty = {"from": "2001-01-01", "to": "2001-12-31"}
    wb = workbook(client.get(URL, params=empty, headers=auth("committee")))
    assert wb["Сводка"]["A1"].value.endswith("Солигорский район за 2001 год")
    wb = workbook(client.get(REGISTER, params=empty, headers=auth("organiser")))
    assert values(wb["Талоны"]) == [values(wb["Талоны"])[0]]
    assert wb["Сводка"]["A1"].value.endswith("Солигорский район за 2001 год")


def summary_rows(wb) -> dict:  # noqa: ANN001
    """The Summary sheet's label → number, from the indicator header to the blank row after it."""
    rows = values(wb.worksheets[0])
    body = rows[3 : rows.index((None, None, None, None), 3)]
    return {label: number for label, number, *_rest in body}


def test_summary_numbers_are_the_reports(client, auth, history):
    headers = auth("committee")
    report = h.expect(
        client.get(f"{h.API}/reports/committee", params=history.params(lang="en"), headers=headers), 200
    )
    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=headers))
    rows = values(wb["Summary"])
    start = history.first - dt.timedelta(days=5)
    assert rows[0][0] == (
        "Information on the service fairs for people released from prison, Солигорский район, "
        f"for the period from {start:%d.%m.%Y} to {h.today():%d.%m.%Y}"
    )
    summary = summary_rows(wb)
    labels = list(summary)
    referred = [d for d in report["directions"] if d["persons"] > 0]
    assert labels == [
        "Fairs held",
        "Persons consulted",
        "Visits",
        "Consultations at booths",
        "Persons consulted at booths",
        "Persons referred to services",
        "of them:",
        *[d["name"] for d in referred],
        "Referred for employment to organisations and enterprises",
        "Employed after a referral to an employer or the employment centre",
        "Registered as needing employment",
        "Expected after release",
        "Of them, came to a fair",
        "Coupons issued between fairs",
        "Persons referred between fairs",
        "Reached through peers",
        "Deepest chain of peers",
        "Incentives handed to recruiters",
        "Persons handed over in",
        "Persons handed over out",
        "Coupons issued",
        "Coupons redeemed",
        "Redemption rate",
    ]
    for key, label in [
        ("fairs_held", "Fairs held"),
        ("persons_consulted", "Persons consulted"),
        ("visits", "Visits"),
        ("consultations", "Consultations at booths"),
        ("persons_consulted_at_booths", "Persons consulted at booths"),
        ("persons_referred", "Persons referred to services"),
        ("employment_referred_persons", "Referred for employment to organisations and enterprises"),
        ("employed_persons", "Employed after a referral to an employer or the employment centre"),
        ("jobseeker_registered_persons", "Registered as needing employment"),
        ("expected_persons", "Expected after release"),
        ("arrived_persons", "Of them, came to a fair"),
        ("coupons_between_fairs", "Coupons issued between fairs"),
        ("persons_referred_between_fairs", "Persons referred between fairs"),
        ("peer_recruited_persons", "Reached through peers"),
        ("peer_chain_depth", "Deepest chain of peers"),
        ("peer_incentives", "Incentives handed to recruiters"),
        ("handovers_in", "Persons handed over in"),
        ("handovers_out", "Persons handed over out"),
        ("coupons_issued", "Coupons issued"),
        ("coupons_redeemed", "Coupons redeemed"),
    ]:
        assert summary[label] == report[key], label
    assert summary["Redemption rate"] == pytest.approx(report["redemption_rate"])
    for direction in referred:
        assert summary[direction["name"]] == direction["persons"]
    # The known history, counted by hand (see the `history` fixture).
    assert [
        summary[k] for k in ("Fairs held", "Persons consulted", "Visits", "Persons referred to services")
    ] == [
        2,
        3,
        4,
        3,
    ]
    assert summary["HIV testing and harm-reduction services"] == 2
    assert "Infectious-disease doctor" not in summary  # its only coupon was cancelled
    assert [summary["Coupons issued"], summary["Coupons redeemed"]] == [5, 3]
    assert summary["Redemption rate"] == pytest.approx(0.6)
    rate_cell = [row for row in wb["Summary"].iter_rows() if row[0].value == "Redemption rate"][0][1]
    assert "%" in rate_cell.number_format
    directions = [row for row in wb["Summary"].iter_rows() if row[0].value in {d["name"] for d in referred}]
    assert all(row[0].alignment.indent > 0 for row in directions)


def test_summary_in_russian(client, auth, history):
    wb = workbook(client.get(URL, params=history.params(), headers=auth("committee")))
    labels = list(summary_rows(wb))
    assert labels[:7] == [
        "Проведено ярмарок",
        "Проконсультировано (человек)",
        "Посещений",
        "Консультаций на стендах",
        "Проконсультировано на стендах (человек)",
        "Перенаправлены на получение услуг (человек)",
        "из них:",
    ]
    assert "Тестирование на ВИЧ и услуги снижения вреда" in labels


def test_table_sheets_are_the_reports(client, auth, history):
    headers = auth("committee")
    report = h.expect(
        client.get(f"{h.API}/reports/committee", params=history.params(lang="en"), headers=headers), 200
    )
    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=headers))
    fairs = values(wb["By fair"])[1:]
    assert [(r[0].date(), r[4], r[6], r[7]) for r in fairs] == [
        (dt.date.fromisoformat(f["date"]), f["visitors"], f["coupons_issued"], f["coupons_redeemed"])
        for f in report["fairs"]
    ]
    organisations = values(wb["By organisation"])
    assert [r[0] for r in organisations[1:]] == [o["name"] for o in report["organisations"]]
    assert [r[1] for r in organisations[1:]] == [o["coupons_received"] for o in report["organisations"]]
    header = organisations[0]
    for outcome in ("Employed", "Treatment started", "Registered as job-seeking"):
        assert outcome in header, header
    directions = values(wb["By direction"])
    assert [(r[0], r[1]) for r in directions[1:]] == [(d["name"], d["persons"]) for d in report["directions"]]
    months = [row for row in wb["Summary"].iter_rows() if row[0].is_date]
    assert [(m[0].value.date().isoformat(), m[2].value, m[3].value) for m in months] == [
        (m["month"], m["persons_consulted"], m["persons_referred"]) for m in report["months"]
    ]


def test_a_failed_render_leaves_no_temporary_files(session, monkeypatch):
    from io import BytesIO

    from openpyxl.worksheet import _writer
    from sqlmodel import select

    from fairs.exports import get_exporter
    from fairs.models import District
    from fairs.services.report.results import Period, TallyScope

    def broken(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        yield from ()
        raise RuntimeError("the database went away")

    monkeypatch.setattr(report, "register_rows", broken)
    district = session.exec(select(District).where(District.name == "Солигорский район")).one()
    before = set(_writer.ALL_TEMP_FILES)
    with pytest.raises(RuntimeError):
        get_exporter("register").render(
            session,
            scope=TallyScope((district.id,), district.name),
            period=Period.year(2026),
            locale="ru",
            target=BytesIO(),
        )
    assert set(_writer.ALL_TEMP_FILES) == before


def test_charts_show_their_axes_and_data(client, auth, history):
    wb = workbook(client.get(URL, params=history.params(lang="en"), headers=auth("committee")))
    bar, line = sorted(wb["Summary"]._charts, key=lambda c: type(c).__name__)
    for chart in (bar, line):
        assert chart.x_axis.delete is False and chart.y_axis.delete is False
    assert bar.series[0].val.numRef.f.startswith("'Summary'!$B$")
    assert [s.val.numRef.f.split("!")[1][:3] for s in line.series] == ["$C$", "$D$"]
