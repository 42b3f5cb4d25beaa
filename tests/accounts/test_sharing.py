"""Sharing a workshop with colleagues' accounts: `POST /api/workshops/{code}/facilitators`, who runs
it, taking someone off, and the refusals (unknown email, oneself, a disabled account, someone
else's workshop) that change nothing. A login that ends closes the consoles it opened."""

import pytest

from workshop.extensions import socketio


@pytest.fixture
def people(accounts):
    for email in ("anna@ggd.nl", "bram@ggd.nl", "carla@ggd.nl"):
        accounts.create(email, name=email.split("@")[0].title())
    accounts.create("admin@ggd.nl", admin=True)
    return {name: accounts.login(f"{name}@ggd.nl") for name in ("anna", "bram", "carla", "admin")}


@pytest.fixture
def code(people):
    response = people["anna"].post("/api/workshops",
                                   json={"title": "Beweegkuur", "intervention": "Beweegkuur"})
    return response.json["code"]


def share(client, code, email):
    return client.post(f"/api/workshops/{code}/facilitators", json={"email": email})


def who_runs(client, code):
    listed = client.get(f"/api/workshops/{code}/facilitators").json["facilitators"]
    return [(f["email"], f["owner"]) for f in listed]


def codes(client):
    return [w["code"] for w in client.get("/api/me").json["workshops"]]


def test_sharing_gives_a_colleague_the_workshop(people, code):
    response = share(people["anna"], code, " Bram@GGD.nl ")
    assert response.status_code == 201
    assert response.json["facilitator"] == {"email": "bram@ggd.nl", "name": "Bram", "admin": False,
                                            "owner": False}
    assert code in codes(people["bram"])
    assert who_runs(people["bram"], code) == [("anna@ggd.nl", True), ("bram@ggd.nl", False)]
    # A co-facilitator may share further; sharing again changes nothing.
    assert share(people["bram"], code, "carla@ggd.nl").status_code == 201
    assert share(people["anna"], code, "carla@ggd.nl").status_code == 200
    assert len(who_runs(people["anna"], code)) == 3


@pytest.mark.parametrize(("sharer", "email", "status", "error"), [
    ("anna", "nobody@ggd.nl", 404, "not_found"),
    ("anna", "anna@ggd.nl", 400, "invalid"),        # oneself
    ("anna", "disabled@ggd.nl", 400, "invalid"),
    ("carla", "bram@ggd.nl", 403, "forbidden"),     # someone else's workshop
    ("carla", "carla@ggd.nl", 403, "forbidden"),
    ("admin", "bram@ggd.nl", 403, "forbidden"),     # an admin does not run others' workshops
])
def test_refused_sharing_changes_nothing(people, accounts, runner, code, sharer, email, status, error):
    accounts.create("disabled@ggd.nl")
    runner.invoke(args=["users", "disable", "disabled@ggd.nl"])
    response = share(people[sharer], code, email)
    assert (response.status_code, response.json["error"]["code"]) == (status, error)
    assert who_runs(people["anna"], code) == [("anna@ggd.nl", True)]


def test_sharing_needs_a_login_a_known_workshop_and_an_email(app, people, code):
    assert share(app.test_client(), code, "bram@ggd.nl").status_code == 401
    assert share(people["anna"], "ZZZZZZZZ", "bram@ggd.nl").status_code == 404
    for body in ({}, {"email": 5}, {"email": "bram@ggd.nl", "owner": True}):
        assert people["anna"].post(f"/api/workshops/{code}/facilitators", json=body).status_code == 400
    assert people["carla"].get(f"/api/workshops/{code}/facilitators").status_code == 403
    assert who_runs(people["anna"], code) == [("anna@ggd.nl", True)]


def test_the_owner_takes_a_colleague_off_and_a_colleague_may_leave(people, code):
    share(people["anna"], code, "bram@ggd.nl")
    share(people["anna"], code, "carla@ggd.nl")
    path = f"/api/workshops/{code}/facilitators"
    assert people["bram"].delete(f"{path}/carla@ggd.nl").status_code == 403
    assert people["bram"].delete(f"{path}/anna@ggd.nl").status_code == 400
    assert people["anna"].delete(f"{path}/nobody@ggd.nl").status_code == 404
    assert people["anna"].delete(f"{path}/carla@ggd.nl").status_code == 204
    assert people["bram"].delete(f"{path}/bram@ggd.nl").status_code == 204
    assert who_runs(people["anna"], code) == [("anna@ggd.nl", True)]
    assert code not in codes(people["bram"]) and code not in codes(people["carla"])


def connect(app, client, code):
    sio = socketio.test_client(app, auth={"code": code}, flask_test_client=client)
    assert sio.is_connected()
    sio.get_received()
    return sio


def test_taking_a_colleague_off_closes_their_console(app, people, code):
    share(people["anna"], code, "bram@ggd.nl")
    owner, colleague = connect(app, people["anna"], code), connect(app, people["bram"], code)
    assert people["anna"].delete(f"/api/workshops/{code}/facilitators/bram@ggd.nl").status_code == 204
    assert not colleague.is_connected()
    assert owner.is_connected()
    again = socketio.test_client(app, auth={"code": code}, flask_test_client=people["bram"])
    assert not again.is_connected()
    owner.disconnect()


def test_logging_out_closes_the_consoles_this_login_opened(app, people, accounts, code):
    elsewhere = accounts.login("anna@ggd.nl")  # knows the workshop only through the login
    console = connect(app, elsewhere, code)
    elsewhere.post("/api/logout")
    assert not console.is_connected()
    assert not socketio.test_client(app, auth={"code": code}, flask_test_client=elsewhere).is_connected()


def test_disabling_an_account_closes_its_consoles_but_not_the_token_holders(app, people, workshops, code):
    share(people["anna"], code, "bram@ggd.nl")
    colleague = connect(app, people["bram"], code)
    assert people["admin"].get("/api/users").status_code == 200
    bram = next(u for u in people["admin"].get("/api/users").json["users"] if u["email"] == "bram@ggd.nl")
    assert people["admin"].patch(f"/api/users/{bram['id']}", json={"disabled": True}).status_code == 200
    assert not colleague.is_connected()
    assert people["bram"].get("/api/me").status_code == 401
