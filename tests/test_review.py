"""The action review of a follow-up: last time's open actions, focused and given an outcome live."""

import io

import pytest
import requests
import socketio
from pypdf import PdfReader

from tests.chain import Facilitator
from tests.helpers import events, wait_for
from tests.summary_workshop import ack, run_workshop, unthrottled_app


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def follow_up(workshops, before: dict, participants: int = 1):
    response = workshops.client.post(
        "/api/workshops", json={"title": "Een jaar later", "intervention": "Beweegkuur",
                                "follow_up_of": before["created"]["code"]},
        headers={"Authorization": f"Bearer {before['created']['facilitator_token']}"})
    assert response.status_code == 201, response.json
    created = response.json
    fac = workshops.connect(created["code"], created["facilitator_token"])
    people = [workshops.connect(created["code"], workshops.join(created["code"], f"P{i}")["token"])
              for i in range(participants)]
    return created, fac, people


def broadcasts(sio, type_: str) -> list[dict]:
    return [e["data"] for e in events(sio) if e["type"] == type_]


def test_a_follow_up_reviews_the_earlier_open_actions_as_they_were_agreed(workshops):
    before = run_workshop(workshops)
    ack(before["fac"], "action:add", {"title": "Al gedaan", "status": "done"})
    _, fac, (person,) = follow_up(workshops, before)
    review = person.state["review"]
    assert review["focus"] is None
    assert [(i["title"], i["owner"], i["due"], i["status"], i["outcome"]) for i in review["items"]] == [
        ("Businesscase opstellen met zorgverzekeraar", "Zilveren Kruis", "2027-03-01", "open", None),
        ("Trekker zoeken voor opschaling van het gebruik", "Patiëntenfederatie", None, "open", None)]
    carried = {a["id"]: a["title"] for a in fac.state["actions"]}
    assert [carried[i["action_id"]] for i in review["items"]] == [i["title"] for i in review["items"]]
    assert fac.state["workshop"]["agenda"][1]["kind"] == "review"


def test_focus_and_outcomes_reach_every_screen_and_change_the_follow_ups_actions(workshops):
    before = run_workshop(workshops)
    _, fac, (person,) = follow_up(workshops, before)
    first, second = fac.state["review"]["items"]
    actors = {a["name"]: a["id"] for a in fac.state["actors"]}
    person.get_received()
    assert ack(fac, "review:focus", {"id": first["id"]})["focus"] == first["id"]
    assert wait_for(lambda: broadcasts(person, "review.focused")) == [{"focus": first["id"]}]
    done = ack(fac, "review:set", {"id": first["id"], "outcome": "done", "note": "Getekend in mei"})["item"]
    assert (done["outcome"], done["note"]) == ("done", "Getekend in mei")
    assert done["action_id"] == first["action_id"]
    carried = ack(fac, "review:set", {"id": second["id"], "outcome": "carried_over",
                                      "owner_actor_id": actors["GGD regio Utrecht"], "due": "2027-09-01"})
    assert carried["item"]["outcome"] == "carried_over"
    again = workshops.connect(fac.state["workshop"]["code"], fac.token).state
    assert again["review"]["focus"] == first["id"]
    by_id = {a["id"]: a for a in again["actions"]}
    assert by_id[first["action_id"]]["status"] == "done"
    assert (by_id[second["action_id"]]["owner_actor_id"], by_id[second["action_id"]]["due"]) \
        == (actors["GGD regio Utrecht"], "2027-09-01")
    assert [i["outcome"] for i in again["review"]["items"]] == ["done", "carried_over"]


def test_the_broadcasts_are_the_same_for_participants_and_sync_replays_them(workshops):
    before = run_workshop(workshops)
    _, fac, (person,) = follow_up(workshops, before)
    first = fac.state["review"]["items"][0]
    seq = person.state["seq"]
    person.get_received()
    ack(fac, "review:focus", {"id": first["id"]})
    ack(fac, "review:set", {"id": first["id"], "outcome": "dropped"})
    received = wait_for(lambda: [e for e in events(person) if e["type"].startswith(("review.", "action."))])
    assert [e["type"] for e in received] == ["review.focused", "action.removed", "review.updated"]
    assert received[0]["data"] == {"focus": first["id"]}
    assert received[2]["data"]["item"]["action_id"] is None
    replayed = person.emit("sync", {"since": seq}, callback=True)["events"]
    assert [e["type"] for e in replayed] == [e["type"] for e in received]
    assert [e["data"] for e in replayed] == [e["data"] for e in received]


def test_dropping_takes_the_action_off_and_another_outcome_brings_it_back(workshops):
    before = run_workshop(workshops)
    _, fac, _ = follow_up(workshops, before, participants=0)
    item = fac.state["review"]["items"][1]
    ack(fac, "review:set", {"id": item["id"], "outcome": "dropped"})
    fac.get_received()
    back = ack(fac, "review:set", {"id": item["id"], "outcome": "doing"})["item"]
    added = wait_for(lambda: broadcasts(fac, "action.added"))
    assert added[0]["action"]["id"] == back["action_id"]
    assert (added[0]["action"]["title"], added[0]["action"]["status"]) == (item["title"], "doing")


def test_setting_the_same_outcome_twice_records_nothing(workshops):
    before = run_workshop(workshops)
    _, fac, _ = follow_up(workshops, before, participants=0)
    item = fac.state["review"]["items"][0]
    ack(fac, "review:set", {"id": item["id"], "outcome": "doing"})
    seq = workshops.connect(fac.state["workshop"]["code"], fac.token).state["seq"]
    ack(fac, "review:set", {"id": item["id"], "outcome": "doing"})
    ack(fac, "review:focus", {"id": None})
    assert workshops.connect(fac.state["workshop"]["code"], fac.token).state["seq"] == seq


@pytest.mark.parametrize(("payload", "code"), [
    ({"id": 999999, "outcome": "done"}, "not_found"),
    ({"outcome": "done"}, "invalid"),
    ({"id": "ITEM", "outcome": "finished"}, "invalid"),
    ({"id": "ITEM", "outcome": "done", "due": "2027-01-01"}, "invalid"),
    ({"id": "ITEM", "owner_actor_id": 1}, "invalid"),
    ({"id": "ITEM", "outcome": "carried_over", "owner_actor_id": 999999}, "not_found"),
    ({"id": "ITEM", "outcome": "carried_over", "due": "1 mei"}, "invalid"),
    ({"id": "ITEM", "note": "x" * 501}, "invalid"),
    ({"id": "ITEM", "extra": 1}, "invalid"),
])
def test_bad_review_input_changes_nothing(workshops, payload, code):
    before = run_workshop(workshops)
    _, fac, _ = follow_up(workshops, before, participants=0)
    item = fac.state["review"]["items"][0]
    payload = {k: item["id"] if v == "ITEM" else v for k, v in payload.items()}
    answer = fac.emit("review:set", payload, callback=True)
    assert (answer["ok"], answer["error"]["code"]) == (False, code)
    state = workshops.connect(fac.state["workshop"]["code"], fac.token).state
    assert state["review"] == fac.state["review"] and state["actions"] == fac.state["actions"]


def test_only_the_facilitator_reviews_and_not_once_closed(workshops):
    before = run_workshop(workshops)
    _, fac, (person,) = follow_up(workshops, before)
    item = fac.state["review"]["items"][0]
    for event, payload in (("review:focus", {"id": item["id"]}),
                           ("review:set", {"id": item["id"], "outcome": "done"})):
        answer = person.emit(event, payload, callback=True)
        assert answer["error"]["code"] == "forbidden"
    assert fac.emit("review:focus", {"id": 999999}, callback=True)["error"]["code"] == "not_found"
    ack(fac, "phase:set", {"phase": "closed"})
    answer = fac.emit("review:set", {"id": item["id"], "outcome": "done"}, callback=True)
    assert answer["error"]["code"] == "closed"


def test_a_workshop_that_follows_up_nothing_has_nothing_to_review(workshops):
    created, fac, _ = workshops.room(participants=0, template="follow_up")
    assert fac.state["review"] == {"items": [], "focus": None}
    assert created["code"]


def test_the_summary_and_every_report_carry_the_review(workshops, client):
    before = run_workshop(workshops)
    created, fac, _ = follow_up(workshops, before, participants=0)
    first, second = fac.state["review"]["items"]
    actors = {a["name"]: a["id"] for a in fac.state["actors"]}
    ack(fac, "review:set", {"id": first["id"], "outcome": "done", "note": "Getekend in mei"})
    ack(fac, "review:set", {"id": second["id"], "outcome": "carried_over",
                            "owner_actor_id": actors["GGD regio Utrecht"], "due": "2027-09-01"})
    auth = {"Authorization": f"Bearer {created['facilitator_token']}"}
    summary = client.get(f"/api/workshops/{created['code']}/summary.json", headers=auth).json
    assert summary["review"]["counts"] == {"done": 1, "doing": 0, "dropped": 0, "carried_over": 1, "open": 0}
    rows = [(i["title"], i["outcome"], i["note"], i["new_owner"], i["new_due"])
            for i in summary["review"]["items"]]
    assert rows == [(first["title"], "done", "Getekend in mei", "Zilveren Kruis", "2027-03-01"),
            (second["title"], "carried_over", None, "GGD regio Utrecht", "2027-09-01")]
    markdown = client.get(f"/api/workshops/{created['code']}/summary.md", headers=auth).get_data(as_text=True)
    section = markdown.split("## Terugblik op de acties")[1].split("\n## ")[0]
    assert "| Businesscase opstellen met zorgverzekeraar | Zilveren Kruis · 1 maart 2027 | Gedaan |" \
        in section
    assert "Doorgeschoven | GGD regio Utrecht · 1 september 2027 |" in section
    assert "Terugblik: 1 gedaan, 0 lopen nog, 1 doorgeschoven, 0 vervallen, 0 niet besproken." in markdown
    csv = client.get(f"/api/workshops/{created['code']}/summary.csv", headers=auth).get_data(as_text=True)
    assert sum(line.startswith("review;") for line in csv.splitlines()) == 3  # the heading row, two actions
    pdf = client.get(f"/api/workshops/{created['code']}/summary.pdf", headers=auth)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Terugblik op de acties" in text and "Getekend in mei" in text


@pytest.mark.live
def test_the_review_over_the_real_server_reaches_a_participant_and_survives_a_reconnect(server):
    first = requests.post(f"{server.url}/api/workshops", json={"title": "Vorig jaar", "intervention": "I"},
                          timeout=30).json()
    fac = Facilitator(server.url, first["code"], first["facilitator_token"])
    fac.do("action:add", {"title": "Trekker zoeken", "due": "2027-01-15"})
    fac.close()
    later = requests.post(f"{server.url}/api/workshops", timeout=30,
                          json={"title": "Een jaar later", "intervention": "I",
                                "follow_up_of": first["code"]},
                          headers={"Authorization": f"Bearer {first['facilitator_token']}"}).json()
    fac = Facilitator(server.url, later["code"], later["facilitator_token"])
    joined = requests.post(f"{server.url}/api/workshops/{later['code']}/participants", json={"name": "Els"},
                           timeout=30).json()
    seen = []
    person = socketio.Client(reconnection=False)
    person.on("event", seen.append)
    states = []
    person.on("state", states.append)
    person.connect(server.url, auth={"code": later["code"], "token": joined["token"]},
                   transports=["websocket"], wait_timeout=30)
    assert wait_for(lambda: states)
    (item,) = states[0]["review"]["items"]
    assert (item["title"], item["due"], item["outcome"]) == ("Trekker zoeken", "2027-01-15", None)
    fac.do("review:focus", {"id": item["id"]})
    fac.do("review:set", {"id": item["id"], "outcome": "carried_over", "due": "2027-06-01",
                          "note": "Nog geen kandidaat"})
    assert wait_for(lambda: [e["type"] for e in seen]
                    == ["review.focused", "action.updated", "review.updated"])
    assert seen[1]["data"]["action"]["due"] == "2027-06-01"
    person.disconnect()
    again = Facilitator(server.url, later["code"], joined["token"])
    assert again.state["review"]["focus"] == item["id"]
    assert again.state["review"]["items"][0]["note"] == "Nog geen kandidaat"
    again.close()
    fac.close()


def test_removing_the_follow_ups_action_by_hand_unlinks_its_item_and_an_outcome_brings_it_back(workshops):
    before = run_workshop(workshops)
    _, fac, (person,) = follow_up(workshops, before)
    item = fac.state["review"]["items"][0]
    person.get_received()
    ack(fac, "action:remove", {"id": item["action_id"]})
    updated = wait_for(lambda: broadcasts(person, "review.updated"))
    assert updated[0]["item"]["action_id"] is None
    back = ack(fac, "review:set", {"id": item["id"], "outcome": "doing"})["item"]
    state = workshops.connect(fac.state["workshop"]["code"], fac.token).state
    assert {a["id"]: a["status"] for a in state["actions"]}[back["action_id"]] == "doing"
    assert state["review"]["items"][0]["action_id"] == back["action_id"]
