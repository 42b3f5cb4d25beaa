"""Events over the API (PROTOCOL "Events: parallel groups and a plenary"): creating one, its
groups as ordinary workshops, the event's token as facilitator of every group, the overview,
the plenary and the one report; bad input changes nothing."""

import json

import pytest
import socketio as socketio_client

from tests.helpers import events, wait_for
from workshop.extensions import socketio
from workshop.models import Event, Workshop

AFTERNOON = {
    "title": "Kennissynthese opschalen", "language": "nl",
    "slides": [{"title": "Take-aways", "text": "Er is niet één opschaalstrategie die overal werkt."}],
    "groups": [{"title": "Context gebonden?", "intervention": "Kennissynthese", "template": "focus_group"},
               {"title": "Eigenaarschap", "intervention": "Kennissynthese",
                "agenda": [{"kind": "lobby"}, {"kind": "question", "title": "Wie is de eigenaar?"},
                           {"kind": "determinants"}, {"kind": "closed"}],
                "facilitator_name": "Rixt"}],
}


def create(client, body=None, **headers):
    return client.post("/api/events", json=body or AFTERNOON, headers=headers)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_an_event_is_made_of_ordinary_workshops_with_their_own_links(app, client):
    response = create(client)
    assert response.status_code == 201
    made = response.json
    assert set(made) >= {"code", "facilitator_token", "event", "groups"}
    assert made["event"]["title"] == "Kennissynthese opschalen"
    assert made["event"]["slides"] == AFTERNOON["slides"]
    assert [g["title"] for g in made["groups"]] == ["Context gebonden?", "Eigenaarschap"]
    for group in made["groups"]:
        assert set(group) >= {"code", "facilitator_token", "join_url", "facilitator_url", "title"}
        assert group["join_url"].endswith(f"/join/{group['code']}")
        state = client.get(f"/api/workshops/{group['code']}", headers=bearer(group["facilitator_token"]))
        assert state.status_code == 200 and state.json["me"]["facilitator"]
    second = client.get(f"/api/workshops/{made['groups'][1]['code']}",
                        headers=bearer(made["groups"][1]["facilitator_token"])).json["workshop"]
    # The group's agenda as given, with the plenary slide before its end.
    assert [s["kind"] for s in second["agenda"]] == ["lobby", "question", "determinants", "info", "closed"]
    assert made["code"] not in {g["code"] for g in made["groups"]}


def test_the_event_token_is_facilitator_of_every_group_over_http_and_socketio(app, client):
    made = create(client).json
    for group in made["groups"]:
        state = client.get(f"/api/workshops/{group['code']}", headers=bearer(made["facilitator_token"]))
        assert state.status_code == 200 and state.json["me"]["facilitator"] is True
        sio = socketio.test_client(app, auth={"code": group["code"], "token": made["facilitator_token"]})
        assert sio.is_connected()
        (state,) = events(sio, "state")
        assert state["me"]["facilitator"] is True
        assert sio.emit("phase:set", {"phase": "closed"}, callback=True) == {"ok": True}
        sio.disconnect()


def test_another_events_token_or_a_group_token_is_not_the_organiser(app, client):
    one, other = create(client).json, create(client).json
    group = one["groups"][0]["code"]
    refused = client.get(f"/api/workshops/{group}", headers=bearer(other["facilitator_token"]))
    assert refused.status_code == 401
    sio = socketio.test_client(app, auth={"code": group, "token": other["facilitator_token"]})
    assert not sio.is_connected()
    for token in (other["facilitator_token"], one["groups"][0]["facilitator_token"], "nonsense"):
        for path in ("", "/summary.json", "/summary.md", "/plenary"):
            answer = client.get(f"/api/events/{one['code']}{path}", headers=bearer(token))
            assert answer.status_code == 401 and answer.json["error"]["code"] == "unauthorized", path
    assert client.post(f"/api/events/{one['code']}/plenary",
                       headers=bearer(other["facilitator_token"])).status_code == 401
    assert client.get("/api/events/ABCDEFGH", headers=bearer(one["facilitator_token"])).status_code == 401


def test_the_event_token_works_with_the_bearer_scheme_in_any_case(client):
    made = create(client).json
    header = {"Authorization": f"bearer {made['facilitator_token']}"}
    assert client.get(f"/api/events/{made['code']}", headers=header).status_code == 200
    group = made["groups"][0]["code"]
    assert client.get(f"/api/workshops/{group}", headers=header).json["me"]["facilitator"] is True


@pytest.mark.parametrize("count", [0, 13])
def test_an_event_has_one_to_twelve_groups(app, client, count):
    groups = [{"title": f"Groep {i}", "intervention": "X"} for i in range(count)]
    answer = create(client, {"title": "Middag", "groups": groups})
    assert answer.status_code == 400 and answer.json["error"]["code"] == "invalid"
    with app.app_context():
        assert Event.query.count() == 0 and Workshop.query.count() == 0


@pytest.mark.parametrize("body", [
    {"groups": [{"title": "A", "intervention": "B"}]},  # no title
    {"title": "M", "groups": [{"title": "A"}]},  # a group without intervention
    {"title": "M", "groups": [{"title": "A", "intervention": "B", "template": "nope"}]},
    {"title": "M", "groups": [{"title": "A", "intervention": "B", "agenda": [{"kind": "question"}]}]},
    {"title": "M", "groups": "four"},
    {"title": "M", "slides": [{"text": "no title"}], "groups": [{"title": "A", "intervention": "B"}]},
    {"title": "M", "groups": [{"title": "A", "intervention": "B"}], "extra": 1},
])
def test_bad_input_is_refused_and_changes_nothing(app, client, body):
    answer = create(client, body)
    assert 400 <= answer.status_code < 500 and answer.json["error"]["code"] in ("invalid", "not_found")
    with app.app_context():
        assert Event.query.count() == 0 and Workshop.query.count() == 0


def test_twelve_groups_are_fine(client):
    groups = [{"title": f"Groep {i}", "intervention": "X"} for i in range(12)]
    assert len(create(client, {"title": "Middag", "groups": groups}).json["groups"]) == 12


def join_and_answer(app, client, group: dict, name: str, text: str):
    joined = client.post(f"/api/workshops/{group['code']}/participants", json={"name": name}).json
    fac = socketio.test_client(app, auth={"code": group["code"], "token": group["facilitator_token"]})
    person = socketio.test_client(app, auth={"code": group["code"], "token": joined["token"]})
    question = next(s for s in events(fac, "state")[0]["workshop"]["agenda"] if s["kind"] == "question")
    assert fac.emit("step:set", {"step": question["id"]}, callback=True) == {"ok": True}
    card = person.emit("card:add", {"text": text}, callback=True)["card"]
    theme = person.emit("theme:add", {"step": question["id"], "title": f"Thema {name}"},
                        callback=True)["theme"]
    person.emit("card:update", {"id": card["id"], "theme_id": theme["id"]}, callback=True)
    assert person.emit("card:vote", {"id": card["id"]}, callback=True)["ok"]
    assert fac.emit("insight:add", {"step": question["id"], "text": f"Inzicht van {name}"},
                    callback=True)["ok"]
    return fac, person


def test_overview_plenary_and_one_report(app, client):
    made = create(client).json
    token = bearer(made["facilitator_token"])
    sockets = [s for group, name in zip(made["groups"], ("Anna", "Bram"), strict=True)
               for s in join_and_answer(app, client, group, name, f"Kaart van {name}")]
    assert wait_for(app.extensions["live"].idle)
    overview = client.get(f"/api/events/{made['code']}", headers=token).json
    assert overview["event"]["code"] == made["code"]
    for row in overview["groups"]:
        assert set(row) >= {"code", "title", "phase", "participants"}
        assert row["participants"] == 1 and row["cards"] == 1 and row["votes"] == 1
        assert row["phase"] == "question" and row["step"]["kind"] == "question"

    plenary = client.get(f"/api/events/{made['code']}/plenary", headers=token).json
    assert [g["title"] for g in plenary["groups"]] == ["Context gebonden?", "Eigenaarschap"]
    assert plenary["groups"][0]["themes"][0] == {
        "title": "Thema Anna", "votes": 1, "question": "Gespreksvraag 1", "cards": ["Kaart van Anna"]}
    assert plenary["groups"][1]["insights"] == ["Inzicht van Bram"]

    moved = client.post(f"/api/events/{made['code']}/plenary", headers=token)
    assert moved.status_code == 200 and moved.json["event"]["plenary_at"]
    assert {g["step"]["kind"] for g in moved.json["groups"]} == {"info"}
    for sio in sockets:  # every screen of every group follows
        assert any(e["type"] == "phase.changed" and e["data"]["phase"] == "info" for e in events(sio))
        sio.disconnect()

    summary = client.get(f"/api/events/{made['code']}/summary.json", headers=token)
    assert summary.status_code == 200
    body = json.loads(summary.data)
    assert set(body) == {"event", "groups"}
    for group, one in zip(made["groups"], body["groups"], strict=True):
        alone = client.get(f"/api/workshops/{group['code']}/summary.json",
                           headers=bearer(group["facilitator_token"])).json
        assert {k: v for k, v in one.items() if k != "generated_at"} == \
            {k: v for k, v in alone.items() if k != "generated_at"}
    md = client.get(f"/api/events/{made['code']}/summary.md", headers=token)
    text = md.data.decode()
    assert md.mimetype == "text/markdown"
    assert text.index("Take-aways") < text.index("## Context gebonden?") < text.index("## Eigenaarschap") \
        < text.index("## De groepen vergeleken")
    assert "Kaart van Anna" in text and "Inzicht van Bram" in text
    pdf = client.get(f"/api/events/{made['code']}/summary.pdf", headers=token)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    again = client.get(f"/api/events/{made['code']}/summary.pdf", headers=token)
    assert again.data == pdf.data  # from the cache: same content, same file
    assert 'filename="opschalen-' in pdf.headers["Content-Disposition"]


def test_the_browser_session_of_the_creator_is_the_organiser(client):
    made = create(client).json
    assert client.get(f"/api/events/{made['code']}").status_code == 200
    other = client.application.test_client()
    assert other.get(f"/api/events/{made['code']}").status_code == 401
    assert other.post(f"/api/events/{made['code']}/session",
                      headers=bearer(made["facilitator_token"])).status_code == 200
    assert other.get(f"/api/events/{made['code']}").status_code == 200


def test_a_real_server_with_the_python_socketio_client(server):
    """The contract end to end: real HTTP, a real eventlet server, python-socketio's own client."""
    import requests

    made = requests.post(f"{server.url}/api/events", json=AFTERNOON, timeout=30).json()
    group = made["groups"][0]
    sio = socketio_client.Client()
    states = []
    sio.on("state", states.append)
    sio.connect(server.url, auth={"code": group["code"], "token": made["facilitator_token"]},
                transports=["websocket"], wait_timeout=30)
    assert wait_for(lambda: states)
    assert states[0]["me"]["facilitator"] is True
    second = states[0]["workshop"]["agenda"][1]["id"]
    assert sio.call("step:set", {"step": second}, timeout=30) == {"ok": True}
    sio.disconnect()
    refused = socketio_client.Client()
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        refused.connect(server.url, auth={"code": group["code"], "token": "wrong"}, transports=["websocket"],
                        wait_timeout=30)
    report = requests.get(f"{server.url}/api/events/{made['code']}/summary.pdf",
                          headers=bearer(made["facilitator_token"]), timeout=60)
    assert report.status_code == 200 and report.content.startswith(b"%PDF")


def test_the_plenary_follows_every_change_though_it_is_kept_between_polls(app, client):
    made = create(client).json
    token = bearer(made["facilitator_token"])
    group = made["groups"][0]
    fac, person = join_and_answer(app, client, group, "Anna", "Kaart van Anna")
    plenary = f"/api/events/{made['code']}/plenary"
    first = client.get(plenary, headers=token).json
    assert client.get(plenary, headers=token).json == first
    agenda = client.get(f"/api/workshops/{group['code']}", headers=token).json["workshop"]["agenda"]
    question = next(s["id"] for s in agenda if s["kind"] == "question")
    assert fac.emit("insight:add", {"step": question, "text": "Nieuw inzicht"}, callback=True)["ok"]
    assert "Nieuw inzicht" in client.get(plenary, headers=token).json["groups"][0]["insights"]
    client.post(f"/api/workshops/{group['code']}/participants", json={"name": "Bram"})
    assert client.get(plenary, headers=token).json["groups"][0]["participants"] == 2
    fac.disconnect()
    person.disconnect()


def test_the_overview_counts_participants_online_not_the_console(app, client):
    made = create(client).json
    group = made["groups"][0]
    joined = client.post(f"/api/workshops/{group['code']}/participants", json={"name": "Anna"}).json
    console = socketio.test_client(app, auth={"code": group["code"], "token": made["facilitator_token"]})
    overview = f"/api/events/{made['code']}"
    token = bearer(made["facilitator_token"])
    assert client.get(overview, headers=token).json["groups"][0]["online"] == 0
    phone = socketio.test_client(app, auth={"code": group["code"], "token": joined["token"]})
    first = client.get(overview, headers=token).json["groups"][0]
    assert first["online"] == 1 and first["participants"] == 1
    # The focus group template's steps and the plenary step; phones count only the working
    # steps (no number in the lobby), and so does the overview.
    assert (first["step"]["kind"], first["step"]["number"], first["step"]["of"]) == ("lobby", None, 5)
    phone.disconnect()
    console.disconnect()
