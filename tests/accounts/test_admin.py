"""The admin's API: add, change, disable and remove facilitator accounts; only for admins, and an
admin cannot lock themselves out. A removed account's workshops pass to an admin."""

import pytest

from tests.helpers import PASSWORD


@pytest.fixture
def admin(accounts):
    accounts.create("admin@ggd.nl", admin=True, name="Beheer")
    return accounts.login("admin@ggd.nl")


def users(client):
    return {u["email"]: u for u in client.get("/api/users").json["users"]}


def test_only_an_admin_manages_accounts(app, accounts, admin):
    accounts.create("anna@ggd.nl")
    anna = accounts.login("anna@ggd.nl")
    assert app.test_client().get("/api/users").status_code == 401
    assert anna.get("/api/users").status_code == 403
    assert anna.post("/api/users", json={"email": "x@ggd.nl", "password": PASSWORD}).status_code == 403
    assert set(users(admin)) == {"admin@ggd.nl", "anna@ggd.nl"}


def test_an_admin_adds_a_facilitator_who_can_then_log_in(app, admin):
    response = admin.post("/api/users", json={"email": "Bram@GGD.nl", "password": PASSWORD, "name": "Bram"})
    assert response.status_code == 201
    assert response.json["user"] | {"id": 0, "created_at": None} == {
        "id": 0, "email": "bram@ggd.nl", "name": "Bram", "admin": False, "disabled": False,
        "created_at": None, "last_login_at": None, "workshops": 0}
    login = app.test_client().post("/api/login", json={"email": "bram@ggd.nl", "password": PASSWORD})
    assert login.status_code == 200
    assert users(admin)["bram@ggd.nl"]["last_login_at"] is not None


@pytest.mark.parametrize("body", [
    {"email": "admin@ggd.nl", "password": PASSWORD},        # exists
    {"email": "geen-adres", "password": PASSWORD},
    {"email": "c@ggd.nl", "password": "kort"},
    {"email": "c@ggd.nl"},
    {"email": "c@ggd.nl", "password": PASSWORD, "admin": "yes"},
    {"email": "c@ggd.nl", "password": PASSWORD, "role": "admin"},
])
def test_a_bad_new_account_is_invalid_and_adds_nothing(admin, body):
    response = admin.post("/api/users", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid"
    assert set(users(admin)) == {"admin@ggd.nl"}


def test_disabling_enabling_and_a_new_password(app, accounts, admin):
    accounts.create("anna@ggd.nl")
    anna = accounts.login("anna@ggd.nl")
    anna_id = users(admin)["anna@ggd.nl"]["id"]
    assert admin.patch(f"/api/users/{anna_id}", json={"disabled": True}).json["user"]["disabled"] is True
    assert anna.get("/api/me").status_code == 401
    assert admin.patch(f"/api/users/{anna_id}", json={"disabled": False}).status_code == 200
    assert accounts.login("anna@ggd.nl").get("/api/me").status_code == 200
    other = accounts.login("anna@ggd.nl")
    assert admin.patch(f"/api/users/{anna_id}", json={"password": "een ander wachtwoord"}).status_code == 200
    assert other.get("/api/me").status_code == 401
    assert accounts.login("anna@ggd.nl", "een ander wachtwoord").get("/api/me").status_code == 200
    promoted = admin.patch(f"/api/users/{anna_id}", json={"name": "Anna", "admin": True})
    assert promoted.json["user"]["admin"] is True


@pytest.mark.parametrize("change", [{"disabled": True}, {"admin": False}])
def test_an_admin_cannot_lock_themselves_out(admin, change):
    me = users(admin)["admin@ggd.nl"]
    response = admin.patch(f"/api/users/{me['id']}", json=change)
    assert response.status_code == 400
    assert admin.delete(f"/api/users/{me['id']}").status_code == 400
    assert users(admin)["admin@ggd.nl"] == me


def test_bad_changes_change_nothing(admin, accounts):
    accounts.create("anna@ggd.nl")
    anna = users(admin)["anna@ggd.nl"]
    bad = ({"password": "kort", "name": "Nieuw"}, {"disabled": "yes"}, {"email": "x@ggd.nl"},
           {"password": None})
    for body in bad:
        assert admin.patch(f"/api/users/{anna['id']}", json=body).status_code == 400, body
    assert admin.patch("/api/users/9999", json={"name": "X"}).status_code == 404
    assert users(admin)["anna@ggd.nl"] == anna
    assert accounts.login("anna@ggd.nl").get("/api/me").status_code == 200


def test_removing_an_account_passes_its_workshops_to_an_admin(accounts, admin):
    accounts.create("anna@ggd.nl")
    accounts.create("bram@ggd.nl")
    anna, bram = accounts.login("anna@ggd.nl"), accounts.login("bram@ggd.nl")
    owned = anna.post("/api/workshops", json={"title": "Van Anna", "intervention": "I"}).json["code"]
    shared = bram.post("/api/workshops", json={"title": "Van Bram", "intervention": "I"}).json["code"]
    bram.post(f"/api/workshops/{shared}/facilitators", json={"email": "anna@ggd.nl"})
    gone = admin.delete(f"/api/users/{users(admin)['anna@ggd.nl']['id']}")
    assert gone.status_code == 200
    assert gone.json == {"workshops": 1,
                         "passed_to": {"email": "admin@ggd.nl", "name": "Beheer", "admin": True}}
    assert "anna@ggd.nl" not in users(admin)
    inherited = {w["code"]: w["owner"] for w in admin.get("/api/me").json["workshops"]}
    assert inherited == {owned: True}
    assert [f["email"] for f in bram.get(f"/api/workshops/{shared}/facilitators").json["facilitators"]] \
        == ["bram@ggd.nl"]
    assert anna.get("/api/me").status_code == 401
