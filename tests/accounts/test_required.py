"""ACCOUNTS_REQUIRED=1: only a logged-in facilitator creates workshops; everything else (joining,
the token, the landing page's join form) works as before."""

import pytest

from tests.helpers import PASSWORD, Accounts, make_app


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path, ACCOUNTS_REQUIRED=True)
    Accounts(app).create("anna@ggd.nl")
    yield app


def test_creating_a_workshop_needs_a_login(app):
    anonymous = app.test_client()
    refused = anonymous.post("/api/workshops", json={"title": "T", "intervention": "I"})
    assert refused.status_code == 401 and refused.json["error"]["code"] == "unauthorized"
    anna = Accounts(app).login("anna@ggd.nl")
    created = anna.post("/api/workshops", json={"title": "T", "intervention": "I"})
    assert created.status_code == 201
    code = created.json["code"]
    assert anonymous.post(f"/api/workshops/{code}/participants", json={"name": "Bram"}).status_code == 201
    headers = {"Authorization": f"Bearer {created.json['facilitator_token']}"}
    assert anonymous.get(f"/api/workshops/{code}", headers=headers).status_code == 200


def test_the_landing_page_sends_facilitators_to_log_in(app):
    page = app.test_client().get("/?lang=en").get_data(as_text=True)
    assert 'href="/login?next=/"' in page and 'id="create-form"' not in page
    assert 'id="join-form"' in page
    anna = app.test_client()
    anna.post("/api/login", json={"email": "anna@ggd.nl", "password": PASSWORD})
    assert 'id="create-form"' in anna.get("/?lang=en").get_data(as_text=True)


def test_without_the_setting_and_without_accounts_the_landing_page_is_as_before(tmp_path):
    page = make_app(tmp_path).test_client().get("/").get_data(as_text=True)
    assert 'id="create-form"' in page and "/login" not in page
    assert make_app(tmp_path).test_client().get("/api/accounts").json \
        == {"in_use": False, "required": False, "user": None}
