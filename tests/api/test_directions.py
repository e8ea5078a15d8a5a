"""GET /api/v1/directions: the sixteen directions of the committee's report and their outcomes."""

from __future__ import annotations

from tests.api import helpers as h

CODES = [
    "employment_counselling",
    "employment_referral",
    "psychoneuro",
    "social_services",
    "rehab",
    "infectious",
    "hiv_testing",
    "humanitarian",
    "psychological",
    "legal",
    "documents",
    "housing",
    "tb_screening",
    "hepatitis_c",
    "pension_disability",
    "family_ties",
]
COMMON = {"service_provided", "declined_by_client", "not_eligible"}
MEDICAL = {"psychoneuro", "infectious", "hiv_testing", "rehab", "tb_screening", "hepatitis_c"}


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def test_sixteen_directions_with_their_outcomes(client, auth):
    body = h.expect(client.get(f"{h.API}/directions", headers=auth("partner_employment")), 200)
    assert [d["code"] for d in body] == CODES
    outcomes = {d["code"]: {o["code"] for o in d["outcomes"]} for d in body}
    assert {"employed", "not_hired", "did_not_apply"} <= outcomes["employment_referral"]
    assert {"employed", "registered_jobseeker", "vacancies_offered"} <= outcomes["employment_counselling"]
    for code in CODES:
        assert outcomes[code] >= COMMON, code
        assert ("treatment_started" in outcomes[code]) == (code in MEDICAL), code
        assert ("aid_given" in outcomes[code]) == (code == "humanitarian"), code
    # Employment outcomes belong to the employment directions only.
    assert "employed" not in outcomes["rehab"]
    assert "registered_jobseeker" not in outcomes["employment_referral"]


def test_names_russian_by_default_english_on_request(client, auth):
    headers = auth("committee")
    ru = {d["code"]: d for d in h.expect(client.get(f"{h.API}/directions", headers=headers), 200)}
    en = {d["code"]: d for d in h.expect(client.get(f"{h.API}/directions?lang=en", headers=headers), 200)}
    assert ru.keys() == en.keys()
    for code in CODES:
        assert _is_cyrillic(ru[code]["name"]), ru[code]
        assert not _is_cyrillic(en[code]["name"]), en[code]
        assert ru[code]["name"] == ru[code]["name_ru"]
        assert en[code]["name"] == en[code]["name_en"]
        assert {o["code"] for o in ru[code]["outcomes"]} == {o["code"] for o in en[code]["outcomes"]}
        for outcome in ru[code]["outcomes"]:
            assert _is_cyrillic(outcome["name"]), outcome
        for outcome in en[code]["outcomes"]:
            assert not _is_cyrillic(outcome["name"]), outcome
    assert en["employment_referral"]["outcomes"][0]["name"] == "Employed"
    assert ru["employment_referral"]["outcomes"][0]["name"] == "Трудоустроен"


def test_every_role_reads_directions(client, hdr):
    for username, headers in hdr.items():
        resp = client.get(f"{h.API}/directions", headers=headers)
        assert resp.status_code == 200, username
        assert len(resp.json()) == 16
