"""/audit reads in words: actions, records and the fields of their details translated, ids shown as names
(an organisation's name, a fair's date, an account's login, a client only by its code), dates as
dd.mm.yyyy, booleans as да/нет; the names of a page read in one query per kind of record. Every action and
record the code writes to the log has a label (found by reading the source, so a new one without a label
fails here)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

from fairs import config
from fairs.i18n import in_locale
from fairs.labels import audit_action_label, audit_entity_label, audit_field_label
from tests.api import conftest as api_fixtures
from tests.api import helpers as h

hdr, scene = api_fixtures.hdr, api_fixtures.scene  # the JSON API tests' fixtures, used here too

SRC = Path(__file__).resolve().parents[2] / "src" / "fairs"
PLANTED_NAME = "Петров Пётр Ильич"


# --- every action and entity written by audit.record has a label -------------------------------------


def _is_record_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    )


class _Module:
    """One source file: where the values of an `action=` or `entity=` argument come from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents = {child: node for node in ast.walk(self.tree) for child in ast.iter_child_nodes(node)}

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def values(self, expr: ast.AST, where: ast.AST) -> Iterator[str]:
        """The strings `expr` may hold; an expression it cannot follow fails the test."""
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            yield expr.value
        elif isinstance(expr, ast.IfExp):
            yield from self.values(expr.body, where)
            yield from self.values(expr.orelse, where)
        elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
            yield from self._dict_values(expr.value.id)
        elif isinstance(expr, ast.Name):
            yield from self._name_values(expr.id, where)
        else:
            raise AssertionError(f"{self.path}: cannot follow {ast.unparse(expr)}; extend this test")

    def _dict_values(self, name: str) -> Iterator[str]:
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
                assert isinstance(node.value, ast.Dict), ast.unparse(node)
                for value in node.value.values:
                    yield from self.values(value, node)

    def _name_values(self, name: str, where: ast.AST) -> Iterator[str]:
        function = self.function_of(where)
        assert function is not None, f"{self.path}: {name} outside a function"
        params = [a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)]
        if name in params:  # a helper's parameter: every call of the helper in this module
            index = params.index(name)
            for call in ast.walk(self.tree):
                if isinstance(call, ast.Call) and getattr(call.func, "id", None) == function.name:
                    given = [kw.value for kw in call.keywords if kw.arg == name]
                    given += call.args[index : index + 1] if index < len(call.args) else []
                    for expr in given:
                        yield from self.values(expr, call)
            return
        assigned = [
            node.value
            for node in ast.walk(function)
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets)
        ]
        assert assigned, f"{self.path}: where does {name} come from?"
        for expr in assigned:
            yield from self.values(expr, expr)


def recorded(argument: str) -> dict[str, set[str]]:
    """Every value the source passes to `audit.record(<argument>=…)`, with the files passing it."""
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        if "audit.record(" not in path.read_text(encoding="utf-8"):
            continue
        module = _Module(path)
        for call in filter(_is_record_call, ast.walk(module.tree)):
            [expr] = [kw.value for kw in call.keywords if kw.arg == argument]
            for value in module.values(expr, call):
                found.setdefault(value, set()).add(path.name)
    return found


def test_every_recorded_action_and_entity_has_a_label() -> None:
    actions, entities = recorded("action"), recorded("entity")
    # The newer ones are among them: the scan follows helpers and variables.
    assert {"import", "reset_password", "delete", "void_blanks", "bind", "export", "open"} <= set(actions)
    assert {"closed_day", "direction", "region", "district", "export_job", "followup_contact"} <= set(
        entities
    )
    for locale in ("ru", "en"):
        with in_locale(locale):
            unlabelled = [a for a in actions if audit_action_label(a) == a] + [
                e for e in entities if audit_entity_label(e) == e and locale == "ru"
            ]
            assert unlabelled == [], f"{locale}: give these a label in fairs/labels.py: {unlabelled}"


def test_every_literal_details_key_has_a_label() -> None:
    keys: set[str] = set()
    for path in SRC.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "audit" not in source:
            continue
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "details" and isinstance(kw.value, ast.Dict):
                        keys |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
            # details built beforehand: `details = {...}` in the audited modules
            named_details = isinstance(node, ast.Assign) and any(
                getattr(t, "id", None) == "details" for t in node.targets
            )
            if named_details and isinstance(node.value, ast.Dict):
                keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    keys -= {"before", "after", "from", "to"}  # told as a change (`old → new`), each field by its own label
    assert {"organisation_id", "direction", "reason", "role"} <= keys
    with in_locale("ru"):
        assert [k for k in sorted(keys) if audit_field_label(k) == k] == []


# --- the page -----------------------------------------------------------------------------------------


def _arrange(client, hdr, scene, orgs) -> dict:  # noqa: ANN001
    """A day's work through the JSON API: a coupon issued, redeemed with an outcome, another cancelled; an
    organisation, an account made, moved to another organisation, reset and blocked; a closed day."""
    org = hdr["organiser"]
    person = h.register(client, org, mother="Ольга", father="Павел", full_name=PLANTED_NAME)
    hiv = h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=person["id"],
        org=orgs["hospital"],
        direction="hiv_testing",
    )
    h.expect(h.redeem(client, hdr["partner_hospital"], hiv["code"]), 200)
    h.expect(h.set_outcome(client, hdr["partner_hospital"], hiv["code"], outcome="treatment_started"), 200)
    other = h.issue(
        client,
        org,
        booth=scene.employment_booth,
        client_id=person["id"],
        org=orgs["employer"],
        direction="employment_referral",
    )
    h.expect(h.cancel(client, org, other["code"], reason="ошибка в направлении"), 200)
    new_org = {"name": "Церковь «Надежда»", "kind": "religious", "directions": ["rehab", "humanitarian"]}
    h.expect(client.post(f"{h.API}/organisations", json=new_org, headers=org), 201)
    account = {
        "username": "petrova",
        "password": "a-long-enough-1",
        "role": "partner",
        "organisation_id": orgs["employment"],
    }
    user = h.expect(client.post(f"{h.API}/users", json=account, headers=org), 201)
    h.expect(
        client.patch(f"{h.API}/users/{user['id']}", json={"organisation_id": orgs["redcross"]}, headers=org),
        200,
    )
    h.expect(client.post(f"{h.API}/users/{user['id']}/reset-password", headers=org), 200)
    h.expect(client.post(f"{h.API}/users/{user['id']}/deactivate", headers=org), 200)
    closed = {"date": "2031-03-09", "reason": "санитарный день"}
    h.expect(client.post(f"{h.API}/fairs/closed-days", json=closed, headers=org), 201)
    return {"client": person, "hiv": hiv, "other": other}


def _rows(html: str) -> list[str]:
    """Each row of the log as its text, tags stripped."""
    rows = re.findall(r"<tr data-action=.*?</tr>", html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def _row(rows: list[str], *parts: str) -> str:
    found = [row for row in rows if all(part in row for part in parts)]
    assert found, (parts, rows)
    return found[0]


def test_the_audit_log_reads_in_words(browser, client, hdr, scene, orgs) -> None:
    made = _arrange(client, hdr, scene, orgs)
    today = h.today().strftime("%d.%m.%Y")
    b = browser("organiser")
    page = b.get("/audit")
    assert page.status_code == 200
    rows = _rows(page.text)
    hiv, client_code = made["hiv"]["code_display"], made["client"]["code"]

    issued = _row(rows, "талон выдан", f"талон {hiv}")
    assert "организация: «Центральная районная больница»" in issued
    assert "направление: Тестирование на ВИЧ и услуги снижения вреда" in issued
    assert f"клиент: {client_code}" in issued
    outcome = _row(rows, "результат отмечен", f"талон {hiv}")
    assert (
        "результат: Начато лечение" in outcome
        and f"дата: {today}" in outcome
        and "исправление: нет" in outcome
    )
    assert f"дата погашения: {today}" in _row(rows, "талон погашен", hiv)
    assert "причина: ошибка в направлении" in _row(rows, made["other"]["code_display"], "отменено")
    assert "поля: ФИО" in _row(rows, "персональные данные изменены", f"клиент {client_code}")
    created = _row(rows, "создано", "учётная запись petrova")
    assert "роль: партнёр" in created and "временный пароль: да" in created
    moved = _row(rows, "изменено", "учётная запись petrova")
    assert "организация: «Центр занятости» → «Красный Крест»" in moved
    _row(rows, "пароль сброшен", "учётная запись petrova")
    _row(rows, "учётная запись заблокирована", "учётная запись petrova")
    church = _row(rows, "создано", "организация «Церковь «Надежда»»")
    assert "вид: Религиозная" in church and "обслуживает всю область: нет" in church
    assert (
        "направления: Общественные и религиозные организации: гуманитарная помощь, Реабилитационный центр"
        in church
    )
    assert "причина: санитарный день" in _row(rows, "создано", "выходной день 09.03.2031")
    opened = _row(rows, "ярмарка открыта")
    assert f"ярмарка {today}" in opened and "статус: запланирована → открыта" in opened
    assert f"ярмарка: {today}" in _row(rows, "создано", f"стенд «Центр занятости» (ярмарка {today})")

    text = " ".join(rows)
    assert PLANTED_NAME not in page.text, "a client's personal data never shows in the log"
    for machine in ("organisation_id", "redeemed_on", "hiv_testing", "treatment_started", "#"):
        assert machine not in text, machine
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "dates read dd.mm.yyyy"

    # The filter names the records in words, and still filters; pages still work.
    assert '<option value="closed_day">выходной день</option>' in page.text
    only = b.get("/audit?entity=user", htmx=True)
    assert "<html" not in only.text and set(re.findall(r'data-entity="(\w+)"', only.text)) == {"user"}

    # In English, the same in English.
    b.post("/lang", {"lang": "en", "next": "/audit"})
    english = _rows(b.get("/audit").text)
    issued_en = _row(english, "coupon issued", f"coupon {hiv}")
    assert "organisation: “Центральная районная больница”" in issued_en
    assert "direction: HIV testing and harm-reduction services" in issued_en
    assert "outcome: Treatment started" in _row(english, "outcome recorded", f"coupon {hiv}")
    assert "serves the whole region: no" in _row(english, "organisation “Церковь «Надежда»”")


def test_names_are_read_once_per_kind_whatever_the_length_of_the_page(
    browser, client, hdr, scene, orgs, monkeypatch
) -> None:
    org = hdr["organiser"]

    def issue(n: int) -> None:
        for i in range(n):
            to, direction = [("hospital", "hiv_testing"), ("employer", "employment_referral")][i % 2]
            coupon = h.issue(
                client,
                org,
                booth=scene.employment_booth,
                client_id=scene.client_id,
                org=orgs[to],
                direction=direction,
            )
            if i % 2 == 0:
                h.expect(h.redeem(client, hdr["partner_hospital"], coupon["code"]), 200)
                h.expect(
                    h.set_outcome(
                        client, hdr["partner_hospital"], coupon["code"], outcome="treatment_started"
                    ),
                    200,
                )

    b = browser("organiser")
    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        event.listen(Engine, "before_cursor_execute", count)
        try:
            assert b.get("/audit?entity=coupon").status_code == 200
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        return len(statements)

    issue(2)
    few = queries()
    assert few > 0
    issue(8)
    assert queries() == few, "one query per kind of record, not per row"

    # Pages keep the filter.
    monkeypatch.setenv("FAIRS_PAGE_SIZE", "3")
    config.get_settings.cache_clear()
    first = b.get("/audit?entity=coupon").text
    assert 'href="/audit?entity=coupon&amp;page=2"' in first and len(_rows(first)) == 3
    second = _rows(b.get("/audit?entity=coupon&page=2").text)
    assert len(second) == 3 and all("талон" in row for row in second)
