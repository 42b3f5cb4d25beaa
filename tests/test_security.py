"""Web security: headers on every answer, Secure cookies over https, cross-site requests refused."""

from tests.helpers import make_app
from workshop.security import CONTENT_SECURITY_POLICY


def test_every_answer_carries_the_security_headers(client):
    for response in (client.get("/healthz"), client.get("/api/workshops/NOPE2345"), client.get("/nowhere")):
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
    script_src = next(d for d in CONTENT_SECURITY_POLICY.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self'"
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_api_answers_that_may_carry_tokens_are_never_cached(client):
    response = client.post("/api/workshops", json={"title": "T", "intervention": "I"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_lax_and_secure_over_https(client):
    plain = client.post("/api/workshops", json={"title": "T", "intervention": "I"})
    cookie = plain.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = client.post("/api/workshops", json={"title": "T", "intervention": "I"},
                         base_url="https://workshop.example")
    assert "Secure" in secure.headers["Set-Cookie"]
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_https_public_url_makes_the_cookie_secure_behind_a_proxy(tmp_path):
    app = make_app(tmp_path, PUBLIC_URL="https://workshop.example")
    response = app.test_client().post("/api/workshops", json={"title": "T", "intervention": "I"})
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_cross_site_post_is_refused_and_changes_nothing(workshops, client):
    created = workshops.create()
    code = created["code"]
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Sec-Fetch-Site": "cross-site"}):
        response = client.post(f"/api/workshops/{code}/participants", json={"name": "Mallory"},
                               headers=headers)
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
    state = client.get(f"/api/workshops/{code}",
                       headers={"Authorization": f"Bearer {created['facilitator_token']}"}).json
    assert state["participants"] == []


def test_same_origin_and_script_posts_are_accepted(workshops, client):
    code = workshops.create()["code"]
    same = client.post(f"/api/workshops/{code}/participants", json={"name": "Anna"},
                       headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    script = client.post(f"/api/workshops/{code}/participants", json={"name": "Bob"})
    assert same.status_code == 201 and script.status_code == 201


def test_a_form_post_is_not_json_and_is_refused(workshops, client):
    code = workshops.create()["code"]
    response = client.post(f"/api/workshops/{code}/participants", data={"name": "Mallory"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"


def test_no_route_accepts_a_token_in_the_query_string(workshops, client, app):
    created = workshops.create()
    fresh = app.test_client()
    for path in (f"/api/workshops/{created['code']}", f"/api/workshops/{created['code']}/summary.json"):
        response = fresh.get(f"{path}?token={created['facilitator_token']}")
        assert response.status_code == 401
    assert not any("token" in rule.rule for rule in app.url_map.iter_rules())


def test_links_never_name_a_host_a_client_made_up(tmp_path):
    client = make_app(tmp_path, SERVER_URL="http://127.0.0.1:5000").test_client()
    body = {"title": "T", "intervention": "I"}
    forged = client.post("/api/workshops", json=body, headers={"Host": "evil.example"}).json
    assert forged["join_url"] == f"http://127.0.0.1:5000/join/{forged['code']}"
    assert forged["facilitator_url"].startswith("http://127.0.0.1:5000/facilitate/")
    qr = client.get(f"/qr/{forged['code']}.svg", headers={"Host": "evil.example"}).data
    assert b"evil" not in qr
    local = client.post("/api/workshops", json=body, headers={"Host": "192.168.1.20:8080"}).json
    assert local["join_url"] == f"http://192.168.1.20:8080/join/{local['code']}"


def test_public_url_or_trusted_hosts_decide_the_links(tmp_path):
    body = {"title": "T", "intervention": "I"}
    public = make_app(tmp_path / "a", PUBLIC_URL="https://workshop.example").test_client()
    created = public.post("/api/workshops", json=body, headers={"Host": "evil.example"}).json
    assert created["join_url"] == f"https://workshop.example/join/{created['code']}"
    trusted = make_app(tmp_path / "b", TRUSTED_HOSTS=["workshop.example"]).test_client()
    assert trusted.post("/api/workshops", json=body, headers={"Host": "evil.example"}).status_code == 400
    named = trusted.post("/api/workshops", json=body, headers={"Host": "workshop.example"}).json
    assert named["join_url"] == f"http://workshop.example/join/{named['code']}"


def test_json_nested_deeper_than_any_body_needs_is_invalid(client, caplog):
    for depth in (40, 5000, 30000):
        text = '{"name": ' + "[" * depth + "]" * depth + "}"
        response = client.post("/api/workshops", data=text, content_type="application/json")
        assert response.status_code == 400 and response.json["error"]["code"] == "invalid"
    assert "Traceback" not in caplog.text and "request failed" not in caplog.text


def test_a_deeply_nested_event_is_answered_invalid(workshops):
    created, fac, _ = workshops.room(participants=0)
    note: list = []
    for _ in range(40):
        note = [note]
    deep = {"name": "A", "category": "funder", "note": note}
    answer = fac.emit("actor:add", deep, callback=True)
    assert answer == {"ok": False, "error": {"code": "invalid", "message": "The JSON is nested too deeply."}}


def test_an_unknown_event_is_answered_invalid(workshops):
    created, fac, (anna,) = workshops.room(participants=1)
    for sio in (fac, anna):
        answer = sio.emit("actor:teleport", {"id": 1}, callback=True)
        assert answer["ok"] is False and answer["error"]["code"] == "invalid"
    assert fac.emit("sync", {"since": 0}, callback=True) == {"ok": True, "events": []}
