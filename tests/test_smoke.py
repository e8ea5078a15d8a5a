def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_directions_listed(client, auth):
    resp = client.get("/api/v1/directions", headers=auth("partner_employment"))
    assert resp.status_code == 200
    codes = [d["code"] for d in resp.json()]
    assert codes[:2] == ["employment_counselling", "employment_referral"]
