"""/organisations/template.xlsx and /organisations/import: the template, the preview of every row, the
confirmation that checks everything again, the passwords shown once."""

from __future__ import annotations

import base64
import io
import json
import re
import zlib
from pathlib import Path
from urllib.parse import quote

from openpyxl import load_workbook
from sqlmodel import Session, select

from fairs.models import Organisation, User
from tests.api import helpers as h
from tests.api.test_partner_import import XLSX, workbook

KINDS_RU = [
    "Медицинская",
    "Социальное обслуживание",
    "Занятость",
    "Общественная организация",
    "Религиозная",
    "Работодатель",
    "Другое",
    "Исправительное учреждение",
]
HIDDEN_RE = re.compile(r'name="rows" value="([^"]*)"')


def send(b, url: str, content: bytes, name: str = "partners.xlsx"):  # noqa: ANN001, ANN201
    """Upload a file through the page's form (with the session's CSRF token)."""
    files = {"file": (name, content, XLSX)}
    return b.client.post(url, data={"csrf_token": b.csrf}, files=files, follow_redirects=False)


def unpack(carried: str) -> dict:
    return json.loads(zlib.decompress(base64.urlsafe_b64decode(carried)))


def pack(rows: dict) -> str:
    return base64.urlsafe_b64encode(zlib.compress(json.dumps(rows).encode())).decode()


def test_template_filled_in_previews_then_imports_once_with_passwords_that_log_in(
    browser, client, session: Session
) -> None:
    b = browser("organiser")
    assert 'href="/organisations/import"' in b.get("/organisations").text
    resp = b.get("/organisations/template.xlsx")
    assert resp.status_code == 200 and resp.headers["content-type"] == XLSX
    disposition = resp.headers["content-disposition"]
    assert f"filename*=UTF-8''{quote('Шаблон импорта партнёров.xlsx')}" in disposition
    wb = load_workbook(io.BytesIO(resp.content))
    assert wb.sheetnames == ["Организации", "Сотрудники", "Справочник"]
    orgs, staff, ref = wb["Организации"], wb["Сотрудники"], wb["Справочник"]
    assert [c.value for c in orgs[1]] == ["Название", "Вид", "Направления", "Адрес", "Телефон", "Часы работы"]
    assert [c.value for c in orgs[2]] == ["Name", "Kind", "Directions", "Address", "Phone", "Opening hours"]
    assert [c.value for c in staff[1]] == ["Логин", "Фамилия, имя, отчество", "Организация"]
    assert orgs["A3"].value.startswith("Пример: ") and staff["A3"].value.startswith("Пример: ")
    (rule,) = orgs.data_validations.dataValidation
    assert rule.type == "list" and rule.formula1 == '"' + ",".join(KINDS_RU) + '"'
    assert "B4" in rule.sqref
    reference = [[c.value for c in row] for row in ref.iter_rows()]
    assert ["social", "Социальное обслуживание", "Social services"] in reference
    assert ["rehab", "Реабилитационный центр", "Rehabilitation centre"] in reference
    assert ["Центр занятости", None, None] in reference  # the district's own organisations, for accounts
    assert not any("Слуцк" in str(row) for row in reference)

    # Filled in (the example rows stay, and are skipped), uploaded: a preview, nothing written yet.
    orgs.append(["Центр «Надежда»", "Религиозная", "rehab, psychological", "д. Чижевичи", "", "по субботам"])
    staff.append(["Nadezhda.Admin", "Сидоров И. И.", "Центр «Надежда»"])
    out = io.BytesIO()
    wb.save(out)
    before = h.count(session, "organisation")
    page = send(b, "/organisations/import", out.getvalue())
    assert page.status_code == 200, page.text
    assert "Импортировать организаций: 1, учётных записей: 1" in page.text
    assert "Пример:" not in page.text
    assert (
        h.count(session, "organisation") == before
        and h.count(session, "user", username="nadezhda.admin") == 0
    )
    carried = HIDDEN_RE.search(page.text).group(1)

    # The confirmation trusts nothing it is sent back: tampered rows are checked again and refused.
    tampered = unpack(carried)
    tampered["organisations"][0]["kind"] = "Планета"
    tampered["accounts"][0]["organisation"] = "Красный Крест (Слуцк)"
    refused = b.post("/organisations/import/confirm", {"rows": pack(tampered)})
    assert refused.status_code == 400
    assert "Неизвестный вид организации: «Планета»." in refused.text
    assert "Организация «Красный Крест (Слуцк)» не найдена" in refused.text
    assert 'name="rows"' not in refused.text
    garbage = b.post("/organisations/import/confirm", {"rows": "bm90IHJvd3M="})
    assert garbage.status_code == 400 and "Данные для импорта повреждены" in garbage.text
    assert h.count(session, "organisation") == before

    done = b.post("/organisations/import/confirm", {"rows": carried})
    assert done.status_code == 200, done.text
    assert "Временные пароли показываются только сейчас" in done.text
    password = re.search(r'<code class="password">([^<]+)</code>', done.text).group(1)
    org = session.exec(select(Organisation).where(Organisation.name == "Центр «Надежда»")).one()
    assert (org.kind, org.address, org.hours) == ("religious", "д. Чижевичи", "по субботам")
    user = session.exec(select(User).where(User.username == "nadezhda.admin")).one()
    assert (user.role, user.organisation_id, user.full_name) == ("partner", org.id, "Сидоров И. И.")
    assert "Центр «Надежда»" in b.get("/organisations").text
    token = client.post(f"{h.API}/auth/token", data={"username": "nadezhda.admin", "password": password})
    assert token.status_code == 200, token.text
    # Sent again (a back button, a double click): every name and login is taken now, nothing is doubled.
    again = b.post("/organisations/import/confirm", {"rows": carried})
    assert again.status_code == 400 and "уже зарегистрирована в районе" in again.text
    assert h.count(session, "organisation") == before + 1


def test_bad_rows_and_bad_files_are_explained_in_russian_and_other_roles_are_refused(browser, client) -> None:
    b = browser("organiser")
    bad = workbook([["Новая НКО", "ngo", "", "", "", ""], ["Вторая", "", "", "", "", ""]], [])
    page = send(b, "/organisations/import", bad)
    assert page.status_code == 400
    row = page.text.split('id="org-row-4"')[1].split("</tr>")[0]
    assert "Не указан вид организации: выберите его из списка." in row
    assert "Строк с ошибками: 1." in page.text and 'name="rows"' not in page.text
    csv = send(b, "/organisations/import", b"name;kind\n", name="partners.csv")
    assert csv.status_code == 400 and "Загрузите заполненный шаблон в формате Excel (.xlsx)." in csv.text
    garbage = send(b, "/organisations/import", b"\x00garbage" * 100)
    assert garbage.status_code == 400 and "Файл не удалось прочитать как книгу Excel" in garbage.text
    big = send(b, "/organisations/import", b"PK" + b"\0" * (600 * 1024))
    assert big.status_code == 400 and "Файл слишком большой" in big.text
    assert 'enctype="multipart/form-data"' in big.text  # the form is there to try again

    # A partner (the committee and the others: tests/test_role_matrix.py) sees no link and is refused.
    other = browser("partner_employment")
    assert 'href="/organisations/import"' not in other.get("/organisations").text
    assert other.get("/organisations/template.xlsx").status_code == 403
    assert other.get("/organisations/import").status_code == 403
    assert send(other, "/organisations/import", bad).status_code == 403
    assert other.post("/organisations/import/confirm", {"rows": ""}).status_code == 403


def test_the_readme_rows_name_routes_the_app_has() -> None:
    from fastapi.routing import iter_route_contexts

    from fairs.app import create_app

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if "/organisations/import" in line]
    assert len(rows) == 2
    routes = {(m, r.path) for r in iter_route_contexts(create_app().routes) for m in r.methods or ()}
    for method, path in [
        ("GET", "/organisations/template.xlsx"),
        ("GET", "/organisations/import"),
        ("POST", "/api/v1/organisations/import"),
    ]:
        assert (method, path) in routes
        assert path in "\n".join(rows)
