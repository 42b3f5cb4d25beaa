"""Assigning people to an event's groups (docs/protocol.md "Assigning people to groups"): the
event's link placing newcomers in the emptiest open group, the setting and who may change it,
and the organiser moving a person to another group, whose open connection follows them."""

import pytest
import socketio as socketio_client

from tests.helpers import events, wait_for
from workshop.extensions import socketio
from workshop.models import Participant

THREE = {
    "title": "Middag",
    "language": "en",
    "groups": [
        {"title": f"Groep {n}", "intervention": "Kennissynthese", "template": "focus_group"}
        for n in (1, 2, 3)
    ],
}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def make(client, **fields) -> dict:
    response = client.post("/api/events", json={**THREE, **fields})
    assert response.status_code == 201
    return response.json


def join(client, group: dict, name: str, **fields) -> dict:
    return client.post(f"/api/workshops/{group['code']}/participants", json={"name": name, **fields}).json


def overview(client, made: dict) -> dict:
    return client.get(f"/api/events/{made['code']}", headers=bearer(made["facilitator_token"])).json


def test_people_choose_unless_the_event_assigns(client):
    made = make(client)
    assert made["event"]["assignment"] == "choose"
    refused = client.post(f"/api/events/{made['code']}/participants", json={"name": "Anna"})
    assert refused.status_code == 400 and refused.json["error"]["code"] == "invalid"
    assert b'class="group-picker"' in client.get(f"/e/{made['code']}").data


def test_the_link_places_each_newcomer_in_the_open_group_with_the_fewest_people(app, client):
    made = make(client, assignment="assign")
    first, second, third = made["groups"]
    join(client, first, "Anna")
    placed = [
        client.post(f"/api/events/{made['code']}/participants", json={"name": name}).json
        for name in ("Bram", "Cas", "Dirk")
    ]
    # Group 1 has one person: Bram goes to 2 (the first of the emptiest), Cas to 3, Dirk to 1.
    assert [p["code"] for p in placed] == [second["code"], third["code"], first["code"]]
    me = client.get(f"/api/workshops/{second['code']}", headers=bearer(placed[0]["token"])).json["me"]
    assert me["name"] == "Bram" and me["facilitator"] is False
    assert [g["participants"] for g in overview(client, made)["groups"]] == [2, 1, 1]


def test_closed_groups_are_passed_over_and_nowhere_to_go_is_closed(app, client):
    made = make(client, assignment="assign")
    token = made["facilitator_token"]
    for group in made["groups"][:2]:
        fac = socketio.test_client(app, auth={"code": group["code"], "token": token})
        assert fac.emit("phase:set", {"phase": "closed"}, callback=True)["ok"]
        fac.disconnect()
    placed = client.post(f"/api/events/{made['code']}/participants", json={"name": "Anna"}).json
    assert placed["code"] == made["groups"][2]["code"]
    app.config["MAX_PARTICIPANTS"] = 1
    full = client.post(f"/api/events/{made['code']}/participants", json={"name": "Bram"})
    assert full.status_code == 409 and full.json["error"]["code"] == "closed"


def test_the_organiser_changes_the_setting_and_nobody_else(client):
    made = make(client)
    url = f"/api/events/{made['code']}"
    changed = client.patch(url, json={"assignment": "assign"}, headers=bearer(made["facilitator_token"]))
    assert changed.status_code == 200 and changed.json["event"]["assignment"] == "assign"
    for body in ({"assignment": "random"}, {}, {"assignment": "choose", "extra": 1}):
        bad = client.patch(url, json=body, headers=bearer(made["facilitator_token"]))
        assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid"
    group_token = made["groups"][0]["facilitator_token"]
    assert client.patch(url, json={"assignment": "choose"}, headers=bearer(group_token)).status_code == 401
    assert overview(client, made)["event"]["assignment"] == "assign"


def test_the_overview_lists_each_groups_participants(app, client):
    made = make(client)
    group = made["groups"][0]
    anna = join(client, group, "Anna", role="GGD")
    join(client, group, "Bram")
    phone = socketio.test_client(app, auth={"code": group["code"], "token": anna["token"]})
    people = overview(client, made)["groups"][0]["people"]
    assert people == [
        {"id": anna["participant"]["id"], "name": "Anna", "role": "GGD", "online": True},
        {"id": people[1]["id"], "name": "Bram", "role": None, "online": False},
    ]
    assert overview(client, made)["groups"][1]["people"] == []
    phone.disconnect()


def test_a_moved_persons_connection_is_told_where_to_go_and_closed(app, client):
    made = make(client)
    source, target = made["groups"][0], made["groups"][1]
    anna = join(client, source, "Anna", role="GGD", anonymous=True)
    fac = socketio.test_client(app, auth={"code": source["code"], "token": source["facilitator_token"]})
    phone = socketio.test_client(app, auth={"code": source["code"], "token": anna["token"]})
    question = next(s for s in events(fac, "state")[0]["workshop"]["agenda"] if s["kind"] == "question")
    assert fac.emit("step:set", {"step": question["id"]}, callback=True)["ok"]
    card = phone.emit("card:add", {"text": "Mijn kaart"}, callback=True)
    events(fac)
    moved = client.post(
        f"/api/events/{made['code']}/moves",
        headers=bearer(made["facilitator_token"]),
        json={"participant": anna["participant"]["id"], "to": target["code"]},
    )
    assert moved.status_code == 200
    new = moved.json["participant"]
    assert moved.json == {
        "participant": {"id": new["id"], "name": "Anna", "role": "GGD"},
        "from": source["code"],
        "to": target["code"],
    }
    # Closed after the message: what it received is read from the test client's queue.
    (told,) = [m["args"][0] for m in phone.queue if m["name"] == "moved"]
    assert told["code"] == target["code"] and told["url"] == f"/join/{target['code']}"
    assert told["participant"] == new
    assert not phone.is_connected()
    assert [e["type"] for e in events(fac)] == ["participant.removed"]
    # The old token works nowhere; the new one is a participant of the target with the same name.
    assert client.get(f"/api/workshops/{source['code']}", headers=bearer(anna["token"])).status_code == 401
    again = socketio.test_client(app, auth={"code": source["code"], "token": anna["token"]})
    assert not again.is_connected()
    there = socketio.test_client(app, auth={"code": target["code"], "token": told["token"]})
    (state,) = events(there, "state")
    assert (state["me"]["name"], state["me"]["role"], state["me"]["facilitator"]) == ("Anna", "GGD", False)
    with app.app_context():
        assert app.extensions["sqlalchemy"].session.get(Participant, new["id"]).anonymous is True
    # What they added stays in the group they left.
    groups = overview(client, made)["groups"]
    assert card["ok"] and [g["participants"] for g in groups[:2]] == [0, 1] and groups[0]["cards"] == 1
    there.disconnect()
    fac.disconnect()


@pytest.mark.parametrize("where", ["closed", "full", "other event", "same group", "not a group"])
def test_a_move_nowhere_it_may_go_is_refused_and_changes_nothing(app, client, where):
    made = make(client)
    source, target = made["groups"][0], made["groups"][1]
    anna = join(client, source, "Anna")
    join(client, target, "Bram")
    if where == "closed":
        fac = socketio.test_client(app, auth={"code": target["code"], "token": target["facilitator_token"]})
        assert fac.emit("phase:set", {"phase": "closed"}, callback=True)["ok"]
        fac.disconnect()
    alone = {"title": "Los", "intervention": "X"}
    to = {
        "closed": target["code"],
        "full": target["code"],
        "same group": source["code"],
        "other event": make(client)["groups"][0]["code"],
        "not a group": client.post("/api/workshops", json=alone).json["code"],
    }[where]
    if where == "full":
        app.config["MAX_PARTICIPANTS"] = 1
    before = overview(client, made)
    refused = client.post(
        f"/api/events/{made['code']}/moves",
        headers=bearer(made["facilitator_token"]),
        json={"participant": anna["participant"]["id"], "to": to},
    )
    code = "closed" if where in ("closed", "full") else "invalid"
    assert refused.status_code == {"closed": 409, "invalid": 400}[code]
    assert refused.json["error"]["code"] == code and refused.json["error"]["message"]
    assert overview(client, made)["groups"] == before["groups"]
    assert client.get(f"/api/workshops/{source['code']}", headers=bearer(anna["token"])).status_code == 200


def test_the_overview_says_why_a_group_takes_nobody_now(app, client):
    """What "Move to…" shows before the click: each group's reason, the same the server refuses by."""
    made = make(client)
    first, second, third = made["groups"]
    join(client, first, "Anna")
    assert [g["refusal"] for g in overview(client, made)["groups"]] == [None, None, None]
    fac = socketio.test_client(app, auth={"code": second["code"], "token": made["facilitator_token"]})
    assert fac.emit("workshop:settings", {"joins_open": False}, callback=True)["ok"]
    fac.disconnect()
    fac = socketio.test_client(app, auth={"code": third["code"], "token": made["facilitator_token"]})
    assert fac.emit("phase:set", {"phase": "closed"}, callback=True)["ok"]
    fac.disconnect()
    assert [g["refusal"] for g in overview(client, made)["groups"]] == [None, "joins_closed", "closed"]
    app.config["MAX_PARTICIPANTS"] = 1
    assert [g["refusal"] for g in overview(client, made)["groups"]] == ["full", "joins_closed", "closed"]


def test_only_the_events_participants_can_be_moved(client):
    made, other = make(client), make(client)
    stranger = join(client, other["groups"][0], "Vreemde")
    url, token = f"/api/events/{made['code']}/moves", bearer(made["facilitator_token"])
    to = made["groups"][1]["code"]
    for participant in (stranger["participant"]["id"], 10**9):
        refused = client.post(url, headers=token, json={"participant": participant, "to": to})
        assert refused.status_code == 404 and refused.json["error"]["code"] == "not_found"
    facilitator = client.get(f"/api/workshops/{made['groups'][0]['code']}", headers=token).json["me"]["id"]
    refused = client.post(url, headers=token, json={"participant": facilitator, "to": to})
    assert refused.status_code == 400
    bad = (
        {"participant": "1", "to": to},
        {"participant": 1},
        {"to": to},
        {"participant": 1, "to": to, "x": 1},
    )
    for body in bad:
        assert client.post(url, headers=token, json=body).status_code == 400
    anna = join(client, made["groups"][0], "Anna")
    own = {"participant": anna["participant"]["id"], "to": to}
    assert client.post(url, headers=bearer(anna["token"]), json=own).status_code == 401
    assert client.post(url, headers=bearer(other["facilitator_token"]), json=own).status_code == 401


def test_the_link_sends_a_browser_back_to_its_group_while_the_event_assigns(client):
    made = make(client, assignment="assign")
    page = client.get(f"/e/{made['code']}")
    assert page.status_code == 200 and b'id="event-join"' in page.data
    assert b'id="join-group"' in page.data  # the stakeholder group, as on a group's own join form
    placed = client.post(
        f"/api/events/{made['code']}/participants", json={"name": "Anna", "group": "policy"}
    ).json
    assert placed["participant"]["group"] == "policy"
    back = client.get(f"/e/{made['code']}")
    assert back.status_code == 302 and back.headers["Location"].endswith(f"/join/{placed['code']}")


def test_a_real_server_moves_a_python_socketio_client(server):
    """End to end: real HTTP, a real eventlet server, python-socketio's own client follows the move."""
    import requests

    made = requests.post(f"{server.url}/api/events", json=THREE, timeout=30).json()
    source, target = made["groups"][0], made["groups"][2]
    anna = requests.post(
        f"{server.url}/api/workshops/{source['code']}/participants", json={"name": "Anna"}, timeout=30
    ).json()
    sio = socketio_client.Client(reconnection=False)
    told, states = [], []
    sio.on("moved", told.append)
    sio.on("state", states.append)
    sio.connect(
        server.url,
        auth={"code": source["code"], "token": anna["token"]},
        transports=["websocket"],
        wait_timeout=30,
    )
    assert wait_for(lambda: states)
    moved = requests.post(
        f"{server.url}/api/events/{made['code']}/moves",
        timeout=30,
        headers=bearer(made["facilitator_token"]),
        json={"participant": anna["participant"]["id"], "to": target["code"]},
    )
    assert moved.status_code == 200 and moved.json()["to"] == target["code"]
    assert wait_for(lambda: told and not sio.connected)
    assert told[0]["code"] == target["code"]
    follower = socketio_client.Client(reconnection=False)
    arrived = []
    follower.on("state", arrived.append)
    follower.connect(
        server.url,
        auth={"code": told[0]["code"], "token": told[0]["token"]},
        transports=["websocket"],
        wait_timeout=30,
    )
    assert wait_for(lambda: arrived)
    assert arrived[0]["me"]["name"] == "Anna" and arrived[0]["workshop"]["code"] == target["code"]
    follower.disconnect()
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        socketio_client.Client(reconnection=False).connect(
            server.url,
            auth={"code": source["code"], "token": anna["token"]},
            transports=["websocket"],
            wait_timeout=30,
        )


def test_a_move_is_no_socket_event(app, client):
    """Only the organiser's route moves people: a group's console cannot send it."""
    made = make(client)
    anna = join(client, made["groups"][0], "Anna")
    group = made["groups"][0]
    fac = socketio.test_client(app, auth={"code": group["code"], "token": made["facilitator_token"]})
    ack = fac.emit(
        "participant:move", {"id": anna["participant"]["id"], "to": 1, "event": 1, "cap": 9}, callback=True
    )
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert overview(client, made)["groups"][0]["participants"] == 1
    fac.disconnect()
