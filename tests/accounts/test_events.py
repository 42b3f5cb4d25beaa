"""An event created while logged in belongs to the account: `GET /api/me` lists it beside the
workshops (its groups among them), and the login opens the overview, the report and every group."""

from tests.test_event_api import AFTERNOON


def test_an_event_made_while_logged_in_is_the_accounts(accounts):
    accounts.create("anna@ggd.nl", name="Anna")
    anna = accounts.login("anna@ggd.nl")
    made = anna.post("/api/events", json=AFTERNOON).json
    me = anna.get("/api/me").json
    assert set(me) >= {"user", "workshops", "events"}
    (event,) = me["events"]
    assert event["code"] == made["code"] and event["title"] == AFTERNOON["title"]
    assert [g["code"] for g in event["groups"]] == [g["code"] for g in made["groups"]]
    assert {w["code"] for w in me["workshops"]} == {g["code"] for g in made["groups"]}

    # Another browser of the same account: the login is enough, no token.
    again = accounts.login("anna@ggd.nl")
    assert again.get(f"/api/events/{made['code']}").status_code == 200
    assert again.get(f"/api/events/{made['code']}/summary.json").status_code == 200
    for group in made["groups"]:
        assert again.get(f"/api/workshops/{group['code']}").json["me"]["facilitator"] is True

    accounts.create("bram@ggd.nl")
    bram = accounts.login("bram@ggd.nl")
    assert bram.get("/api/me").json["events"] == []
    assert bram.get(f"/api/events/{made['code']}").status_code == 401


def test_without_a_login_an_event_is_nobodys_account(accounts, client):
    client.post("/api/events", json=AFTERNOON)
    accounts.create("anna@ggd.nl")
    assert accounts.login("anna@ggd.nl").get("/api/me").json["events"] == []


def test_accounts_required_needs_a_login_for_an_event_too(tmp_path):
    from tests.helpers import make_app

    app = make_app(tmp_path, ACCOUNTS_REQUIRED=True)
    answer = app.test_client().post("/api/events", json=AFTERNOON)
    assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthorized"
