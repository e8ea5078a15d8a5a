"""Checks a year later: the due-list, recording and changing a check (audited, the note never in the audit),
who may, and the committee's cohort table, checked against a history worked out by hand: fairs on the first
day of a month, so that every milestone falls on the first day of a later month."""

from __future__ import annotations

import datetime as dt
import re

from sqlmodel import select

from fairs.models import AuditEntry, District, PeriodSubmission, User
from fairs.services.report.results import Period, TallyScope
from fairs.services.report.snapshot import restored
from fairs.services.report.tally import committee_tally
from tests.api import helpers as h
from tests.api.checks_world import history, month_first, put, quarter
from tests.exports.conftest import every_text, workbook
from tests.pages.conftest import csrf_of, login

CHECKS = f"{h.API}/checks"
REPORT = f"{h.API}/reports/committee"
SHEET = "A year later"


def test_due_list_record_change_and_who_may(client, hdr, session) -> None:  # noqa: ANN001
    p = history(client, hdr)
    org = hdr["organiser"]
    due = h.expect(client.get(f"{CHECKS}/due", headers=org), 200)
    # Due by today, not recorded, the longest overdue first; P3 (3 months) and P4 (district B's) are not here.
    assert [(row["client_id"], row["milestone"], row["due_on"]) for row in due["items"]] == [
        (p["P2"], 6, month_first(14).isoformat()),
        (p["P2"], 12, month_first(8).isoformat()),
        (p["P1"], 6, month_first(7).isoformat()),
        (p["P2"], 18, month_first(2).isoformat()),
        (p["P1"], 12, month_first(1).isoformat()),
    ]
    assert due["total"] == 5 and due["items"][0]["first_fair_on"] == month_first(20).isoformat()
    paged = h.expect(client.get(f"{CHECKS}/due", params={"per_page": 2, "page": 3}, headers=org), 200)
    assert [(row["client_id"], row["milestone"]) for row in paged["items"]] == [(p["P1"], 12)]

    # Refusals: a milestone that is not one, not due yet, an unknown finding, a date after today.
    h.expect(put(client, org, p["P1"], 7, findings=[]), 404, "milestone_not_found")
    h.expect(put(client, org, p["P1"], 18, findings=[]), 409, "not_due")
    h.expect(put(client, org, p["P1"], 6, findings=["rich"]), 400, "bad_finding")
    tomorrow = (h.today() + dt.timedelta(days=1)).isoformat()
    h.expect(put(client, org, p["P1"], 6, checked_on=tomorrow), 400, "bad_check_date")
    h.expect(put(client, org, p["P3"], 6), 409, "not_due")
    h.expect(put(client, org, p["P4"], 6), 409, "checked_elsewhere")

    body = h.expect(put(client, org, p["P2"], 6, findings=["housed", "working"], note="Живёт у сестры"), 200)
    six = body["milestones"][0]
    assert six["recorded"] and six["findings"] == ["working", "housed"] and six["note"] == "Живёт у сестры"
    assert [one["recorded"] for one in body["milestones"]] == [True, False, False]
    due = h.expect(client.get(f"{CHECKS}/due", headers=org), 200)
    assert due["total"] == 4 and (p["P2"], 6) not in {(r["client_id"], r["milestone"]) for r in due["items"]}

    # Changed in place: still one check for the milestone, audited with what changed, never the note.
    h.expect(put(client, org, p["P2"], 6, findings=["working"], note="Снимает комнату"), 200)
    assert h.count(session, "later_check") == 1 and h.count(session, "later_check_finding") == 1
    rows = session.exec(select(AuditEntry).where(AuditEntry.entity == "later_check").order_by(AuditEntry.id))
    rows = [(row.action, row.details) for row in rows]
    assert [action for action, _details in rows] == ["create", "update"]
    made = {"milestone": 6, "checked_on": h.today().isoformat(), "findings": ["working", "housed"]}
    assert rows[0][1] == made
    assert rows[1][1] == {
        "milestone": 6,
        "before": {"findings": ["working", "housed"]},
        "after": {"findings": ["working"]},
        "note_changed": True,
    }
    assert "сестры" not in str(rows) and "комнату" not in str(rows)

    # District B's organiser keeps P4's checks (B held the first fair); A's client is not theirs.
    due_b = h.expect(client.get(f"{CHECKS}/due", headers=hdr["organiser_b"]), 200)
    assert [(r["client_id"], r["milestone"]) for r in due_b["items"]] == [
        (p["P4_B"], 6),
        (p["P4_B"], 12),
        (p["P4_B"], 18),
    ]
    h.expect(client.get(f"{CHECKS}/clients/{p['P2']}", headers=hdr["organiser_b"]), 404, "client_not_found")
    h.expect(put(client, hdr["organiser_b"], p["P4_B"], 6, findings=["left_region"]), 200)
    for role in ("partner_employment", "committee", "admin"):
        h.expect(client.get(f"{CHECKS}/due", headers=hdr[role]), 403)
        h.expect(put(client, hdr[role], p["P2"], 12), 403)


def test_cohort_table_in_the_report(client, hdr) -> None:  # noqa: ANN001
    """Period: from the first day of two months ago to today. Its cohorts run from the quarter 18 months
    before its first day (that of P2's first fair, 20 months ago) to the quarter 6 months before today;
    P1 (13 months ago) is in one of them, P3 (3 months ago) in none, P4 in district B's."""
    p = history(client, hdr)
    org = hdr["organiser"]
    h.expect(
        put(client, org, p["P2"], 6, checked_on=month_first(13).isoformat(), findings=["working", "housed"]),
        200,
    )
    h.expect(put(client, org, p["P2"], 12, findings=["working"]), 200)
    h.expect(put(client, org, p["P1"], 6, findings=["lost_contact"]), 200)
    h.expect(put(client, hdr["organiser_b"], p["P4_B"], 6, findings=["working"]), 200)
    params = {"from": month_first(2).isoformat(), "to": h.today().isoformat()}
    mine = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=org), 200)
    rows = {line["quarter"]: line for line in mine["cohorts"]}
    assert quarter(month_first(20)) == mine["cohorts"][0]["quarter"]
    assert quarter(month_first(3)) not in rows
    zero = dict.fromkeys(("working", "housed", "in_treatment", "family_contact", "left_region",
                          "lost_contact", "convicted_again"), 0)  # fmt: skip

    def figures(line: dict) -> dict:
        return {
            m["months"]: (m["due"], m["done"], {k: v for k, v in m["findings"].items() if v})
            for m in line["milestones"]
        }

    p2, p1 = rows[quarter(month_first(20))], rows[quarter(month_first(13))]
    assert p2["persons"] == 1 and figures(p2) == {
        6: (1, 1, {"working": 1, "housed": 1}),
        12: (1, 1, {"working": 1}),
        18: (1, 0, {}),
    }
    assert p1["persons"] == 1 and figures(p1) == {
        6: (1, 1, {"lost_contact": 1}),
        12: (1, 0, {}),
        18: (0, 0, {}),
    }
    others = [line for q, line in rows.items() if q not in (p2["quarter"], p1["quarter"])]
    assert all(line["persons"] == 0 for line in others)
    total = mine["cohort_total"]
    assert total["quarter"] == "total" and total["persons"] == 2
    assert figures(total) == {
        6: (2, 2, {"working": 1, "housed": 1, "lost_contact": 1}),
        12: (2, 1, {"working": 1}),
        18: (1, 0, {}),
    }
    assert set(total["milestones"][0]["findings"]) == set(zero) and mine["cohorts_suppressed"] is False

    # The committee's copy: every count from 1 to 4 reads «< 5» (the total too, so nothing else is hidden).
    theirs = h.expect(client.get(f"{h.API}/reports/committee", params=params, headers=hdr["committee"]), 200)
    assert theirs["cohorts_suppressed"] is True
    seen = {line["quarter"]: line for line in theirs["cohorts"]}
    assert seen[p2["quarter"]]["persons"] == "< 5" and theirs["cohort_total"]["persons"] == "< 5"
    assert figures(theirs["cohort_total"])[18] == ("< 5", 0, {})
    assert "Живёт" not in str(theirs)


def _sheet_lines(resp) -> dict:  # noqa: ANN001
    """(cohort, months) → (persons or None, due, done, findings…) of the sheet «A year later»."""
    rows = list(workbook(resp)[SHEET].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Quarter of the first fair",
        "Persons",
        "Check, months",
        "Checks due",
        "Checks done",
    )
    assert rows[0][5:12] == ("working", "housed", "in treatment", "family contact", "left the region",
                             "lost contact", "convicted again")  # fmt: skip
    lines, cohort = {}, None
    for row in rows[1:]:
        if not row or row[2] is None:
            continue
        cohort = row[0] or cohort
        lines[(cohort, row[2])] = (row[1], *row[3:12])
    return lines


def test_cohort_table_in_the_workbooks_and_the_dashboard(client, hdr) -> None:  # noqa: ANN001
    p = history(client, hdr)
    org = hdr["organiser"]
    h.expect(put(client, org, p["P2"], 6, findings=["working", "housed"], note="Живёт у сестры"), 200)
    h.expect(put(client, org, p["P1"], 6, findings=["lost_contact"]), 200)
    params = {"from": month_first(2).isoformat(), "to": h.today().isoformat(), "lang": "en"}
    q2, q1 = quarter(month_first(20)), quarter(month_first(13))
    own = client.get("/exports/register.xlsx", params=params, headers=org)
    assert own.status_code == 200 and "сестры" not in every_text(workbook(own))
    lines = _sheet_lines(own)
    assert lines[(q2, 6)] == (1, 1, 1, 1, 1, 0, 0, 0, 0, 0)
    assert lines[(q2, 18)] == (None, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    assert lines[(q1, 6)] == (1, 1, 1, 0, 0, 0, 0, 0, 1, 0)
    assert lines[(q1, 18)] == (None, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert lines[("All cohorts", 6)] == (2, 2, 2, 1, 1, 0, 0, 0, 1, 0)
    sent = client.get("/exports/committee.xlsx", params=params, headers=hdr["committee"])
    assert sent.status_code == 200
    theirs = _sheet_lines(sent)
    assert theirs[(q2, 6)] == ("< 5", "< 5", "< 5", "< 5", "< 5", 0, 0, 0, 0, 0)
    assert theirs[("All cohorts", 6)] == ("< 5", "< 5", "< 5", "< 5", "< 5", 0, 0, 0, "< 5", 0)
    assert "сестры" not in every_text(workbook(sent))

    # The dashboard: the same lines, the committee's suppressed.
    client.base_url = "https://testserver"
    login(client, "organiser")
    page = client.get("/reports", params=params)
    assert page.status_code == 200
    assert "data-empty" in page.text  # no fair in the period: its cohorts are still shown

    def cells(text: str, cohort: str, months: int) -> dict[str, str]:
        found = re.search(rf'<tr data-cohort="{cohort}" data-months="{months}"[^>]*>(.*?)</tr>', text, re.S)
        assert found, (cohort, months)
        return dict(re.findall(r'data-key="([a-z_]+)">([^<]*)</td>', found.group(1)))

    assert cells(page.text, q2, 6) == {
        "persons": "1", "months": "6", "due": "1", "done": "1", "working": "1", "housed": "1",
        "in_treatment": "0", "family_contact": "0", "left_region": "0", "lost_contact": "0",
        "convicted_again": "0",
    }  # fmt: skip
    assert cells(page.text, "total", 12)["due"] == "2" and cells(page.text, "total", 12)["done"] == "0"
    client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    client.cookies.clear()
    login(client, "committee")
    page = client.get("/reports", params=params)
    assert cells(page.text, "total", 6)["persons"] == "&lt; 5" and "data-suppressed" in page.text


def test_the_checks_of_a_submitted_month_stay_as_submitted(client, hdr, session) -> None:  # noqa: ANN001
    """Last month's cohorts: P1 (first fair 13 months ago) has both the 6- and the 12-month check due by its
    last day. Submitted with none recorded; P1's 12-month check, made on last month's first day, is recorded
    afterwards: the submitted month keeps 0 done, a month kept before the table existed counts it now."""
    p = history(client, hdr)
    org = hdr["organiser"]
    start, end = h.last_month()
    month = {"from": start.isoformat(), "to": end.isoformat()}
    q1 = quarter(month_first(13))

    def twelve(body: dict) -> tuple:
        line = next(one for one in body["cohorts"] if one["quarter"] == q1)
        return line["persons"], line["milestones"][1]["due"], line["milestones"][1]["done"]

    assert twelve(h.expect(client.get(REPORT, params=month, headers=org), 200)) == (1, 1, 0)
    h.expect(
        client.post(f"{h.API}/reports/submissions", json={"period": start.strftime("%Y-%m")}, headers=org),
        201,
    )
    h.expect(put(client, org, p["P1"], 12, checked_on=start.isoformat(), findings=["working"]), 200)
    assert twelve(h.expect(client.get(REPORT, params=month, headers=org), 200)) == (1, 1, 0)
    assert twelve(
        h.expect(client.get(REPORT, params=month | {"to": start.isoformat()}, headers=org), 200)
    ) == (1, 1, 1)  # fmt: skip  (the same days but the first only: counted live)

    organiser = session.exec(select(User).where(User.username == "organiser")).one()
    scope = TallyScope((organiser.district_id,), session.get(District, organiser.district_id).name)
    row = session.exec(select(PeriodSubmission)).one()
    old = dict(row.tally)
    del old["cohorts"]  # as a submission made before the table existed kept it
    back = restored(session, PeriodSubmission(**{**row.model_dump(), "tally": old}), scope=scope, locale="en")
    line = next(one for one in back.cohorts if one.quarter == q1)
    assert (line.persons, line.due["12"], line.done["12"], line.findings["12"]["working"]) == (1, 1, 1, 1)


def test_the_note_is_personal(client, hdr, session) -> None:  # noqa: ANN001
    """A note is kept only with consent, its showing is audited, and withdrawing consent erases it (the check
    and its findings stay)."""
    p = history(client, hdr)
    org = hdr["organiser"]
    h.expect(client.post(f"{h.API}/clients/{p['P1']}/withdraw-consent", headers=org), 200)
    h.expect(
        put(client, org, p["P1"], 6, findings=["housed"], note="Живёт у сестры"), 400, "note_needs_consent"
    )
    h.expect(put(client, org, p["P1"], 6, findings=["housed"]), 200)

    h.expect(put(client, org, p["P2"], 6, findings=["working"], note="Живёт у сестры"), 200)
    views = h.count(session, "audit_entry", action="view_personal", entity="client", entity_id=p["P2"])
    body = h.expect(client.get(f"{CHECKS}/clients/{p['P2']}", headers=org), 200)
    assert body["milestones"][0]["note"] == "Живёт у сестры"
    after = h.count(session, "audit_entry", action="view_personal", entity="client", entity_id=p["P2"])
    assert after == views + 1
    h.expect(client.post(f"{h.API}/clients/{p['P2']}/withdraw-consent", headers=org), 200)
    six = h.expect(client.get(f"{CHECKS}/clients/{p['P2']}", headers=org), 200)["milestones"][0]
    assert six["note"] == "" and six["recorded"] and six["findings"] == ["working"]


def test_a_region_counts_each_person_in_one_cohort(client, hdr, session) -> None:  # noqa: ANN001
    """P4 came to district B's fair 20 months ago, then to district A's: B keeps P4's checks, and over both
    districts P4 counts once, in B's cohort of 20 months ago (beside P2, A's)."""
    p = history(client, hdr)
    h.expect(put(client, hdr["organiser_b"], p["P4_B"], 6, findings=["left_region"]), 200)
    h.expect(put(client, hdr["organiser"], p["P2"], 6, findings=["working"]), 200)
    ids = {name: session.exec(select(User).where(User.username == name)).one().district_id
           for name in ("organiser", "organiser_b")}  # fmt: skip
    period = Period(month_first(2), h.today())

    def line(district_ids: tuple[int, ...], cohort: str) -> tuple:
        tally = committee_tally(session, scope=TallyScope(district_ids, "x"), period=period, locale="en")
        row = next(one for one in tally.cohorts if one.quarter == cohort)
        return row.persons, row.done["6"], row.findings["6"]["left_region"], row.findings["6"]["working"]

    q2 = quarter(month_first(20))
    assert line((ids["organiser"],), q2) == (1, 1, 0, 1)
    assert line((ids["organiser_b"],), q2) == (1, 1, 1, 0)
    assert line((ids["organiser"], ids["organiser_b"]), q2) == (2, 2, 1, 1)
    both = committee_tally(
        session, scope=TallyScope((ids["organiser"], ids["organiser_b"]), "x"), period=period, locale="en"
    )
    assert both.cohorts[-1].quarter == "total" and both.cohorts[-1].persons == 3  # P2, P1, P4: once each
