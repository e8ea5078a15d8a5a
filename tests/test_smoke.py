def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_directions_listed(client, auth):
    resp = client.get("/api/v1/directions", headers=auth("partner_employment"))
    assert resp.status_code == 200
    codes = [d["code"] for d in resp.json()]
    assert codes[:2] == ["employment_counselling", "employment_referral"]


def test_admin_renames_a_direction_others_cannot(client, auth):
    body = {"name_ru": "Реабилитация", "name_en": "Rehabilitation", "is_active": True}
    assert client.put("/api/v1/directions/rehab", json=body, headers=auth("organiser")).status_code == 403
    resp = client.put("/api/v1/directions/rehab", json=body, headers=auth("admin"))
    assert resp.status_code == 200
    english = client.get("/api/v1/directions?lang=en", headers=auth("organiser")).json()
    listed = {d["code"]: d for d in english}
    assert listed["rehab"]["name"] == "Rehabilitation"
    assert client.put("/api/v1/directions/nope", json=body, headers=auth("admin")).status_code == 404
