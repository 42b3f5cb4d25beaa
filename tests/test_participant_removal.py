"""The facilitator removes a participant (`participant:remove`) and closes a workshop to new
joins (`joins_open`): what the removed person can still do, and what everyone else sees."""

from tests.helpers import events, wait_for
from workshop.extensions import socketio


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def removal_scene(workshops):
    """Anna (two tabs) has voted, scored and added an actor; Bram watches."""
    created = workshops.create()
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    anna_joined = workshops.join(code, "Anna")
    anna = workshops.connect(code, anna_joined["token"])
    anna_tab = workshops.connect(code, anna_joined["token"])
    bram = workshops.connect(code, workshops.join(code, "Bram")["token"])
    strategy = anna.state["strategies"][0]["id"]
    assert ack(anna, "vote:cast", {"strategy_id": strategy})["ok"]
    assert ack(anna, "rating:set", {"determinant": "funding", "score": 5})["ok"]
    assert ack(anna, "actor:add", {"name": "Gemeente", "category": "policy"})["ok"]
    assert wait_for(workshops.app.extensions["live"].idle)
    for sio in (fac, anna, anna_tab, bram):
        sio.get_received()
    return code, created, fac, anna_joined, (anna, anna_tab), bram, strategy


def state(workshops, code: str, token: str) -> dict:
    return workshops.client.get(f"/api/workshops/{code}", headers={"Authorization": f"Bearer {token}"}).json


def test_a_removed_participant_is_disconnected_locked_out_and_gone_from_the_list(workshops):
    code, created, fac, anna_joined, tabs, bram, _ = removal_scene(workshops)
    anna_id = anna_joined["participant"]["id"]
    assert ack(fac, "participant:remove", {"id": anna_id}) == {"ok": True}
    assert [sio.is_connected() for sio in tabs] == [False, False]
    (removed,) = [e for e in events(bram) if e["type"] == "participant.removed"]
    assert removed["data"] == {"id": anna_id} and removed["by"] == created["workshop"]["facilitator_id"]
    after = state(workshops, code, created["facilitator_token"])
    assert after["seq"] == removed["seq"]
    assert [p["name"] for p in after["participants"]] == ["Bram"]
    again = socketio.test_client(workshops.app, auth={"code": code, "token": anna_joined["token"]},
                                 flask_test_client=workshops.client)
    assert not again.is_connected()
    answer = workshops.client.get(f"/api/workshops/{code}",
                                  headers={"Authorization": f"Bearer {anna_joined['token']}"})
    assert answer.status_code == 401
    assert ack(fac, "participant:remove", {"id": anna_id}) == {"ok": True}  # again: nothing more happens
    assert [e["type"] for e in events(bram)] == []


def test_what_a_removed_participant_added_stays_unless_the_facilitator_removes_it_too(workshops):
    code, created, fac, anna_joined, _, bram, strategy = removal_scene(workshops)
    before = state(workshops, code, created["facilitator_token"])
    assert ack(fac, "participant:remove", {"id": anna_joined["participant"]["id"]})["ok"]
    kept = state(workshops, code, created["facilitator_token"])
    assert kept["actors"] == before["actors"] and kept["strategies"] == before["strategies"]
    assert kept["determinants"] == before["determinants"]


def test_removing_with_content_takes_votes_and_scores_and_the_aggregates_follow(workshops):
    code, created, fac, anna_joined, _, bram, strategy = removal_scene(workshops)
    assert ack(fac, "participant:remove", {"id": anna_joined["participant"]["id"], "content": True})["ok"]
    assert wait_for(workshops.app.extensions["live"].idle)
    received = events(fac)
    assert {"strategy_id": strategy, "votes": 0} in [
        t for e in received if e["type"] == "votes.changed" for t in e["data"]["tallies"]]
    funding = [d for e in received if e["type"] == "ratings.changed"
               for d in e["data"]["determinants"] if d["key"] == "funding"]
    assert funding[-1]["count"] == 0
    after = state(workshops, code, created["facilitator_token"])
    assert [s["votes"] for s in after["strategies"] if s["id"] == strategy] == [0]
    assert [a["name"] for a in after["actors"]] == ["Gemeente"]  # actors are not tracked per person


def test_the_facilitator_cannot_be_removed_nor_someone_of_another_workshop(workshops):
    created, fac, (anna,) = workshops.room(participants=1)
    elsewhere = workshops.create()
    stranger = workshops.join(elsewhere["code"], "Mallory")["participant"]["id"]
    assert ack(fac, "participant:remove", {"id": created["workshop"]["facilitator_id"]})["error"]["code"] \
        == "invalid"
    assert ack(fac, "participant:remove", {"id": stranger})["error"]["code"] == "not_found"
    assert ack(anna, "participant:remove", {"id": created["workshop"]["facilitator_id"]})["error"]["code"] \
        == "forbidden"
    assert ack(fac, "participant:remove", {"id": 1, "content": "yes"})["error"]["code"] == "invalid"


def test_a_closed_door_refuses_new_joins_and_opens_again(workshops):
    created, fac, (anna,) = workshops.room(participants=1)
    code = created["code"]
    answer = ack(fac, "workshop:settings", {"joins_open": False})
    assert answer["workshop"]["settings"]["joins_open"] is False
    assert [e["data"]["workshop"]["settings"]["joins_open"] for e in events(anna)] == [False]
    refused = workshops.client.post(f"/api/workshops/{code}/participants", json={"name": "Late"})
    assert refused.status_code == 409
    assert refused.json["error"] == {"code": "closed", "message":
                                     "The facilitator has closed this workshop to new participants."}
    assert ack(anna, "vote:cast", {"strategy_id": anna.state["strategies"][0]["id"]})["ok"]  # not locked
    assert ack(anna, "workshop:settings", {"joins_open": True})["error"]["code"] == "forbidden"
    assert ack(fac, "workshop:settings", {"joins_open": True})["ok"]
    assert workshops.join(code, "Late")["participant"]["name"] == "Late"


def test_a_removed_browser_session_no_longer_opens_the_workshop(workshops, app):
    created, fac, _ = workshops.room(participants=0)
    code = created["code"]
    browser = app.test_client()
    carla = browser.post(f"/api/workshops/{code}/participants", json={"name": "Carla"}).json
    assert browser.get(f"/api/workshops/{code}").status_code == 200  # by its cookie session
    assert ack(fac, "participant:remove", {"id": carla["participant"]["id"]})["ok"]
    assert browser.get(f"/api/workshops/{code}").status_code == 401
    tab = socketio.test_client(app, auth={"code": code}, flask_test_client=browser)
    assert not tab.is_connected()
