"""Formula injection through the text paths into the workbook that the organisation-name test leaves out:
direction names (renamed by admins), outcome names, district and region names (the report's title)."""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from sqlalchemy import text

from tests.api import helpers as h
from tests.exports.conftest import workbook

URL = "/exports/register.xlsx"  # the organisers' copy: every sheet, the register too
EVIL = ("=1+1", "@SUM(A1)", "+7", "-3+4", '=HYPERLINK("http://evil.example","x")')


def _risky_cells(wb) -> list[Cell]:  # noqa: ANN001
    return [
        c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c, Cell) and isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@"))
    ]


def test_renamed_directions_outcomes_and_districts_never_become_formulas(client, auth, history, session):  # noqa: ANN001
    admin = auth("admin")
    for code, name in [("hiv_testing", EVIL[0]), ("employment_referral", EVIL[1]), ("humanitarian", EVIL[4])]:
        body = {"name_ru": name, "name_en": name, "is_active": True}
        h.expect(client.put(f"{h.API}/directions/{code}", json=body, headers=admin), 200)
    # No route renames outcomes, districts or regions: write them as an operator would, in the database.
    session.execute(
        text("UPDATE outcome SET name_ru = :n, name_en = :n WHERE code = 'employed'"), {"n": EVIL[2]}
    )
    session.execute(text("UPDATE district SET name = :n"), {"n": EVIL[3]})
    for lang in ("ru", "en"):
        wb = workbook(client.get(URL, params=history.params(lang=lang), headers=auth("organiser")))
        risky = _risky_cells(wb)
        found = {c.value for c in risky}
        assert {EVIL[0], EVIL[1], EVIL[4], EVIL[2]} <= found, found
        assert any(v.startswith(EVIL[3]) for v in found), found
        for c in risky:
            assert c.data_type == "s" and c.quotePrefix, (c.parent.title, c.coordinate, c.value, c.data_type)
