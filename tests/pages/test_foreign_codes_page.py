"""The bind form answers another organisation's blank exactly as a code that does not exist, and logs it."""

from __future__ import annotations

import re

from tests.api import helpers as h
from tests.api.test_foreign_codes import unknown_code
from tests.pages.test_pads import _codes_on, _make_pad, fair_day  # noqa: F401  (fixture)


def _note(html: str) -> str:
    found = re.search(r'class="[^"]*note-error[^"]*"[^>]*>(.*?)<', html, re.S)
    assert found, html[:3000]
    return found.group(1).strip()


def test_bind_form_answers_another_organisations_blank_as_unknown(
    browser,
    client,
    auth,
    fair_day,  # noqa: F811
    session,
) -> None:
    fair, orgs = fair_day["fair"], fair_day["orgs"]
    organiser = browser("organiser")
    code = _codes_on(organiser.get(_make_pad(organiser, fair, fair_day["booth"], 1)).text)[0]
    own_booth = h.add_booth(client, auth("organiser"), fair=fair, org=orgs["hospital"])
    b = browser("partner_hospital")
    form = {"client_code": fair_day["client"]["code"], "target": f"{orgs['hospital']}:hiv_testing"}
    before = h.count(session, "scan")
    missing = b.post(f"/booths/{own_booth['id']}/bind", {**form, "code": unknown_code()})
    theirs = b.post(f"/booths/{own_booth['id']}/bind", {**form, "code": code})
    assert missing.status_code == theirs.status_code == 404
    assert _note(theirs.text) == _note(missing.text)
    assert h.count(session, "scan") == before + 2
    assert h.count(session, "scan", ref=code.replace("-", ""), result="other_organisation") == 1
    assert h.count(session, "coupon", code=code.replace("-", ""), status="blank") == 1
