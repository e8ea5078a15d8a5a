"""POST /api/v1/organisations/import: partner organisations and staff accounts from the template's workbook.

Workbooks are built in memory with openpyxl, laid out as the template (Russian header row, English one)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from sqlmodel import Session, select

from fairs.models import AuditEntry, Organisation, User
from tests.api import helpers as h

URL = f"{h.API}/organisations/import"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ORG_HEADERS = (
    ["Название", "Вид", "Направления", "Адрес", "Телефон", "Часы работы"],
    ["Name", "Kind", "Directions", "Address", "Phone", "Opening hours"],
)
ACCOUNT_HEADERS = (["Логин", "Фамилия, имя, отчество", "Организация"], ["Login", "Full name", "Organisation"])


def workbook(orgs: list[list], accounts: list[list] | None = None) -> bytes:
    """A filled template: sheet «Организации» and, when given, «Сотрудники»."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Организации"
    for row in [*ORG_HEADERS, *orgs]:
        ws.append(row)
    if accounts is not None:
        staff = wb.create_sheet("Сотрудники")
        for row in [*ACCOUNT_HEADERS, *accounts]:
            staff.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, headers: dict, data: bytes, *, name: str = "partners.xlsx", dry_run: bool = False):  # noqa: ANN001, ANN201
    """POST the file as multipart."""
    params = {"dry_run": "true"} if dry_run else None
    return client.post(URL, files={"file": (name, data, XLSX)}, params=params, headers=headers)


GOOD = workbook(
    [
        [
            "Территориальный центр соцобслуживания",
            "Социальное обслуживание",
            "humanitarian; реабилитационный  центр",
            "",
            375174123456,
            "",
        ],
        ["Православный приход", "religious", "", "ул. Ленина, 1", "", "10:00-16:00"],
    ],
    [
        ["tcson.petrova", "Петрова Т. С.", "Территориальный центр соцобслуживания"],
        ["kzan.ivanov", "", "Центр занятости"],  # registered in the district already
    ],
)


def test_dry_run_writes_nothing_then_the_import_creates_everything_and_the_passwords_log_in(
    client, hdr, session: Session
) -> None:
    org = hdr["organiser"]
    before = h.count(session, "organisation")
    preview = h.expect(upload(client, org, GOOD, dry_run=True), 200)
    assert preview["ok"] is True, preview
    assert preview["counts"] == {"organisations": 2, "accounts": 2, "rows_with_errors": 0}
    first = preview["organisations"][0]
    assert (first["line"], first["kind"], first["phone"]) == (3, "social", "375174123456")
    assert first["directions"] == ["humanitarian", "rehab"]
    assert h.count(session, "organisation") == before
    assert h.count(session, "user", username="tcson.petrova") == 0

    created = h.expect(upload(client, org, GOOD), 201)
    assert [o["name"] for o in created["organisations"]] == [
        "Территориальный центр соцобслуживания",
        "Православный приход",
    ]
    assert sorted(created["organisations"][0]["directions"]) == ["humanitarian", "rehab"]
    passwords = {a["username"]: a["password"] for a in created["accounts"]}
    assert set(passwords) == {"tcson.petrova", "kzan.ivanov"}
    assert len(set(passwords.values())) == 2
    new_org = session.exec(select(Organisation).where(Organisation.name == "Православный приход")).one()
    assert (new_org.kind, new_org.hours) == ("religious", "10:00-16:00")
    staff = session.exec(select(User).where(User.username == "kzan.ivanov")).one()
    employment = session.exec(select(Organisation).where(Organisation.name == "Центр занятости")).one()
    assert (staff.role, staff.organisation_id) == ("partner", employment.id)
    for username, password in passwords.items():
        token = client.post(f"{h.API}/auth/token", data={"username": username, "password": password})
        assert token.status_code == 200, token.text
    audit = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.details for e in audit if e.action == "import"] == [{"organisations": 2, "accounts": 2}]
    assert {e.entity for e in audit[-5:]} == {"organisation", "user"}  # each one audited as by hand
    assert not any(p in str([e.details for e in audit]) for p in passwords.values())

    # The same file again: every name and login is taken now; nothing more is written.
    again = h.expect(upload(client, org, GOOD), 400, "import_invalid")
    assert {(r["sheet"], r["line"]) for r in again["rows"]} == {
        ("organisations", 3),
        ("organisations", 4),
        ("accounts", 3),
        ("accounts", 4),
    }
    assert h.count(session, "organisation") == before + 2


def test_one_bad_row_writes_nothing_and_each_row_says_what_is_wrong(client, hdr, session: Session) -> None:
    org = hdr["organiser"]
    bad = workbook(
        [
            ["Новая НКО", "ngo", "humanitarian", "", "", ""],
            ["", "Планета", "телепортация", "x" * 301, "", ""],
            ["Красный Крест", "ngo", "", "", "", ""],  # registered in district A already
            ["новая  нко", "ngo", "", "", "", ""],  # the first row again, spelled differently
        ],
        [
            ["new.user", "", "Новая НКО"],
            ["new.usr", "", "Нет такой"],
            ["NEW.USER", "", "Новая НКО"],
            ["Логин", "", "Новая НКО"],  # a header word in the login column: a row, not a header
            ["organiser", "", "Новая НКО"],
        ],
    )
    before = (h.count(session, "organisation"), h.count(session, "user"), h.count(session, "audit_entry"))
    preview = h.expect(upload(client, org, bad, dry_run=True), 200)
    assert preview["ok"] is False and preview["counts"]["rows_with_errors"] == 7
    rows = {r["line"]: r["errors"] for r in preview["organisations"]}
    assert rows[3] == []
    assert rows[4] == [
        "Укажите название организации.",
        "Неизвестный вид организации: «Планета».",
        "Слишком длинное значение: «Адрес» — больше 300 символов.",
        "Неизвестное направление: «телепортация».",
    ]
    assert rows[5] == ["Организация с таким названием уже зарегистрирована в районе."]
    assert rows[6] == ["То же название, что в строке 3 этого листа."]
    staff = {r["line"]: r["errors"] for r in preview["accounts"]}
    assert staff[3] == []
    assert staff[4] == [
        "Организация «Нет такой» не найдена ни в этом файле, ни среди зарегистрированных в районе."
    ]
    assert staff[5] == ["Логин повторяет логин из строки 3 этого листа или похож на него."]
    assert staff[6] == ["Имя пользователя состоит только из латинских букв, цифр и знаков _ . @ -"]
    assert staff[7] == ["Это имя пользователя уже занято."]

    problem = h.expect(upload(client, org, bad), 400, "import_invalid")
    assert len(problem["rows"]) == 7
    assert (
        h.count(session, "organisation"),
        h.count(session, "user"),
        h.count(session, "audit_entry"),
    ) == before


def test_another_districts_names_do_not_collide_and_other_roles_are_refused(
    client, hdr, session: Session
) -> None:
    # "Центр занятости" is district A's; district B may register its own.
    file = workbook(
        [["Центр занятости", "employment", "", "", "", ""]], [["slutsk.kz", "", "Центр занятости"]]
    )
    created = h.expect(upload(client, hdr["organiser_b"], file), 201)
    org_b = created["organisations"][0]["id"]
    same_name = session.exec(select(Organisation).where(Organisation.name == "Центр занятости")).all()
    organiser_b = session.exec(select(User).where(User.username == "organiser_b")).one()
    assert len(same_name) == 2 and session.get(Organisation, org_b).district_id == organiser_b.district_id
    staff = session.exec(select(User).where(User.username == "slutsk.kz")).one()
    assert (staff.organisation_id, staff.district_id) == (org_b, organiser_b.district_id)
    for role in ("partner_employment", "committee", "committee_region", "admin"):
        h.expect(upload(client, hdr[role], file, dry_run=True), 403)


def test_a_file_that_is_not_the_template_is_a_clear_400(client, hdr) -> None:
    org = hdr["organiser"]
    csv = upload(client, org, b"name;kind\n", name="partners.csv")
    assert h.expect(csv, 400, "not_xlsx")["detail"].startswith("Загрузите заполненный шаблон")
    h.expect(upload(client, org, b"PK\x03\x04 not really a zip"), 400, "bad_file")
    foreign = Workbook()
    foreign.active.title = "Сводка"
    out = io.BytesIO()
    foreign.save(out)
    h.expect(upload(client, org, out.getvalue()), 400, "not_template")
    h.expect(upload(client, org, b"PK" + b"\0" * (600 * 1024)), 400, "file_too_large")
    h.expect(client.post(URL, headers=org), 400, "file_required")
    h.expect(upload(client, org, workbook([])), 400, "import_empty")
