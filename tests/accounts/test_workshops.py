"""A logged-in facilitator's workshops: created while logged in they belong to the account, which then
opens the console, downloads and follow-ups without the token; `GET /api/me` lists them; a workshop
this browser knows by its token can be claimed."""

import pytest

from tests.helpers import events
from workshop.extensions import socketio

ME_FIELDS = {"code", "title", "intervention", "phase", "created_at", "closed_at", "follow_up_of"}


@pytest.fixture
def anna(accounts):
    accounts.create("anna@ggd.nl", name="Anna")
    return accounts.login("anna@ggd.nl")


@pytest.fixture
def bram(accounts):
    accounts.create("bram@ggd.nl", name="Bram")
    return accounts.login("bram@ggd.nl")


def create(client, **fields):
    body = {"title": "Beweegkuur", "intervention": "Beweegkuur", **fields}
    response = client.post("/api/workshops", json=body)
    assert response.status_code == 201, response.json
    return response.json


def connect(app, client, code, token=None):
    auth = {"code": code, "token": token} if token else {"code": code}
    return socketio.test_client(app, auth=auth, flask_test_client=client)


def test_me_needs_a_login(client):
    response = client.get("/api/me")
    assert response.status_code == 401 and response.json["error"]["code"] == "unauthorized"


def test_a_workshop_created_while_logged_in_is_listed_newest_first(anna):
    first = create(anna, title="Eerste")
    second = create(anna, title="Tweede", intervention="Welzijn op recept")
    me = anna.get("/api/me").json
    assert me["user"] == {"email": "anna@ggd.nl", "name": "Anna", "admin": False}
    assert [w["code"] for w in me["workshops"]] == [second["code"], first["code"]]
    listed = me["workshops"][1]
    assert set(listed) >= ME_FIELDS
    assert listed["title"] == "Eerste" and listed["phase"] == "lobby" and listed["closed_at"] is None
    assert listed["created_at"].endswith("Z") and listed["owner"] is True


def test_without_a_login_a_workshop_belongs_to_no_account(client, anna):
    create(client)
    assert anna.get("/api/me").json["workshops"] == []


def test_the_login_runs_the_console_without_the_token(app, anna, accounts):
    created = create(anna)
    elsewhere = accounts.login("anna@ggd.nl")  # another browser: no token, only the login
    console = connect(app, elsewhere, created["code"])
    assert console.is_connected()
    state = console.get_received()[0]["args"][0]
    assert state["me"]["facilitator"] is True and state["me"]["id"] == state["workshop"]["facilitator_id"]
    assert console.emit("phase:set", {"phase": "actors"}, callback=True)["ok"]
    console.disconnect()


def test_the_login_downloads_the_summary_and_reads_the_state(app, anna, accounts):
    code = create(anna)["code"]
    elsewhere = app.test_client()
    assert elsewhere.get(f"/api/workshops/{code}/summary.json").status_code == 401
    accounts.login("anna@ggd.nl", client=elsewhere)
    assert elsewhere.get(f"/api/workshops/{code}/summary.json").json["workshop"]["code"] == code
    assert elsewhere.get(f"/api/workshops/{code}/summary.md").status_code == 200
    assert elsewhere.get(f"/api/workshops/{code}").json["me"]["facilitator"] is True
    elsewhere.post("/api/logout")
    assert elsewhere.get(f"/api/workshops/{code}/summary.json").status_code == 401


def test_the_token_still_works_for_a_workshop_with_an_owner(app, anna):
    created = create(anna)
    console = connect(app, app.test_client(), created["code"], created["facilitator_token"])
    assert console.is_connected()
    console.disconnect()


def test_a_follow_up_by_login_needs_no_token_and_keeps_the_colleagues(app, anna, bram):
    earlier = create(anna)
    shared = anna.post(f"/api/workshops/{earlier['code']}/facilitators", json={"email": "bram@ggd.nl"})
    assert shared.status_code == 201
    later = bram.post("/api/workshops", json={"title": "Een jaar later", "intervention": "Beweegkuur",
                                              "follow_up_of": earlier["code"]})
    assert later.status_code == 201
    code = later.json["code"]
    assert later.json["workshop"]["follow_up_of"] == earlier["code"]
    bram_sees = {w["code"]: w["owner"] for w in bram.get("/api/me").json["workshops"]}
    anna_sees = {w["code"]: w["owner"] for w in anna.get("/api/me").json["workshops"]}
    assert bram_sees[code] is True and anna_sees[code] is False


def test_another_facilitators_login_opens_nothing(app, anna, bram):
    code = create(anna)["code"]
    assert not connect(app, bram, code).is_connected()
    assert bram.get(f"/api/workshops/{code}/summary.json").status_code == 401
    follow_up = bram.post("/api/workshops", json={"title": "T", "intervention": "I", "follow_up_of": code})
    assert follow_up.status_code == 401
    assert code not in [w["code"] for w in bram.get("/api/me").json["workshops"]]


def test_the_browser_claims_the_workshops_its_tokens_facilitate(client, anna, bram):
    created = create(client)  # before there was an account
    joined = client.post(f"/api/workshops/{created['code']}/participants", json={"name": "Deelnemer"}).json
    path = f"/api/workshops/{created['code']}/claim"
    token = {"Authorization": f"Bearer {created['facilitator_token']}"}
    assert client.post(path, headers=token).status_code == 401  # not logged in
    assert anna.post(path, headers={"Authorization": f"Bearer {joined['token']}"}).status_code == 403
    assert anna.post(path, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert anna.get("/api/me").json["workshops"] == []
    claimed = anna.post(path, headers=token)
    assert claimed.status_code == 201
    assert claimed.json["workshop"]["code"] == created["code"] and claimed.json["workshop"]["owner"] is True
    assert anna.post(path, headers=token).status_code == 200
    # A colleague holding the same facilitator link joins as co-facilitator; the owner stays.
    assert bram.post(path, headers=token).json["workshop"]["owner"] is False
    listed = anna.get(f"/api/workshops/{created['code']}/facilitators").json["facilitators"]
    owners = [f for f in listed if f["owner"]]
    assert [f["email"] for f in owners] == ["anna@ggd.nl"]


def test_a_co_facilitator_and_the_owner_run_the_console_at_once(app, anna, bram):
    code = create(anna)["code"]
    anna.post(f"/api/workshops/{code}/facilitators", json={"email": "bram@ggd.nl"})
    mine, theirs = connect(app, anna, code), connect(app, bram, code)
    assert mine.is_connected() and theirs.is_connected()
    mine.get_received(), theirs.get_received()
    added = theirs.emit("actor:add", {"name": "Gemeente", "category": "policy"}, callback=True)
    assert added["ok"]
    assert [e["type"] for e in events(mine)] == ["actor.added"]
    mine.disconnect()
    theirs.disconnect()
