"""The pages of the checks a year later: the due-list (empty, then the history's five checks, the longest
overdue first), a person's page with a form per milestone due, recording and changing a check by form
(CSRF, POST → redirect; htmx: the fragment), a refusal shown on the form with what was typed."""

from __future__ import annotations

import re

import pytest

from tests.api import helpers as h
from tests.api.checks_world import history, month_first


@pytest.fixture
def hdr(auth) -> dict[str, dict[str, str]]:  # noqa: ANN001
    """Bearer headers of the two districts' organisers, who make the history through the API."""
    return {username: auth(username) for username in ("organiser", "organiser_b")}


def _due_rows(html: str) -> list[tuple[int, int]]:
    return [(int(c), int(m)) for c, m in re.findall(r'data-client="(\d+)" data-milestone="(\d+)"', html)]


def test_due_list_and_recording_by_form(client, hdr, browser) -> None:  # noqa: ANN001
    organiser = browser("organiser")
    empty = organiser.get("/checks")
    assert empty.status_code == 200 and 'class="empty"' in empty.text and _due_rows(empty.text) == []

    p = history(client, hdr)
    page = organiser.get("/checks")
    assert _due_rows(page.text) == [(p["P2"], 6), (p["P2"], 12), (p["P1"], 6), (p["P2"], 18), (p["P1"], 12)]
    fragment = organiser.get("/checks", htmx=True)
    assert "<html" not in fragment.text and 'id="due-list"' in fragment.text

    assert f'href="/checks/{p["P1"]}"' in organiser.get(f"/clients/{p['P1']}").text  # from the client's page
    person = organiser.get(f"/checks/{p['P1']}")
    assert person.status_code == 200
    # Two milestones due (a form each); the 18-month one is not due yet: no form.
    assert person.text.count(f'action="/checks/{p["P1"]}/') == 2 and 'data-recorded="no"' in person.text
    assert month_first(13).strftime("%d.%m.%Y") in person.text

    answer = organiser.post(
        f"/checks/{p['P1']}/6",
        {
            "checked_on": h.today().isoformat(),
            "findings": ["working", "family_contact"],
            "note": "Звонила мать",
        },
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/checks/{p['P1']}#check-6"
    shown = organiser.get(f"/checks/{p['P1']}").text
    six = shown[shown.index('id="check-6"') : shown.index('id="check-12"')]
    assert 'data-recorded="yes"' in six and 'data-finding="working"' in six
    assert 'data-finding="family_contact"' in six and "Звонила мать" in six
    assert (p["P1"], 6) not in _due_rows(organiser.get("/checks").text)

    # Changed: the ticked findings are exactly what holds now.
    organiser.post(f"/checks/{p['P1']}/6", {"checked_on": h.today().isoformat(), "findings": ["housed"]})
    shown = organiser.get(f"/checks/{p['P1']}").text
    six = shown[shown.index('id="check-6"') : shown.index('id="check-12"')]
    assert 'data-finding="housed"' in six and 'data-finding="working"' not in six
    # The audit log names the check and its findings, never the note.
    audit = organiser.get("/audit")
    assert audit.status_code == 200 and "проверка после ярмарки" in audit.text
    assert "Звонила мать" not in audit.text


def test_a_refusal_stays_on_the_form(client, hdr, browser) -> None:  # noqa: ANN001
    p = history(client, hdr)
    organiser = browser("organiser")
    tomorrow = h.today().toordinal() + 1
    late = h.today().fromordinal(tomorrow).isoformat()
    answer = organiser.post(f"/checks/{p['P2']}/12", {"checked_on": late, "findings": ["housed"]}, htmx=True)
    assert answer.status_code == 400 and "<html" not in answer.text
    assert 'data-error="bad_check_date"' in answer.text and f'value="{late}"' in answer.text
    twelve = answer.text[answer.text.index('id="check-12"') :]
    assert 'value="housed" checked' in twelve
    # Another district's client, a milestone not due: refused as the API refuses them.
    assert organiser.post(f"/checks/{p['P4']}/6", {"checked_on": h.today().isoformat()}).status_code == 409
    assert organiser.post(f"/checks/{p['P1']}/18", {"checked_on": h.today().isoformat()}).status_code == 409
    assert browser("organiser_b").get(f"/checks/{p['P1']}").status_code == 404
    assert browser("committee").get("/checks").status_code == 403
