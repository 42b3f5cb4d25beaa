"""The agenda over the API: templates and agendas at creation, `agenda:set`, `step:set`, and
`phase:set` on an agenda (PROTOCOL v1.1)."""

import pytest

from tests.helpers import events

FOCUS = ["lobby", "info", "question", "question", "actions", "closed"]


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def kinds(agenda: list[dict]) -> list[str]:
    return [step["kind"] for step in agenda]


def test_a_new_workshop_runs_the_scaling_agenda_from_its_lobby(workshops):
    created = workshops.create()
    workshop = created["workshop"]
    assert kinds(workshop["agenda"]) == ["lobby", "actors", "ownership", "determinants", "strategies",
                                         "actions", "closed"]
    assert workshop["step"] == workshop["agenda"][0]["id"] and workshop["phase"] == "lobby"
    assert all(step["title"] is None and step["prompt"] is None for step in workshop["agenda"])
    assert workshop["off_agenda"] == []


def test_templates_and_an_explicit_agenda_at_creation(workshops):
    assert kinds(workshops.create(template="focus_group")["workshop"]["agenda"]) == FOCUS
    agenda = [{"kind": "lobby"}, {"kind": "info", "title": "Take-aways", "prompt": "Opschalen kost tijd."},
              {"kind": "question", "prompt": "Context gebonden?"}, {"kind": "closed"}]
    workshop = workshops.create(template="scaling", agenda=agenda)["workshop"]
    assert [(s["kind"], s["title"], s["prompt"]) for s in workshop["agenda"]] == [
        ("lobby", None, None), ("info", "Take-aways", "Opschalen kost tijd."),
        ("question", None, "Context gebonden?"), ("closed", None, None)]


def test_a_follow_up_starts_from_the_follow_up_agenda(workshops):
    earlier = workshops.create()
    response = workshops.client.post("/api/workshops", json={
        "title": "Vervolg", "intervention": "Beweegkuur", "follow_up_of": earlier["code"]},
        headers={"Authorization": f"Bearer {earlier['facilitator_token']}"})
    assert response.status_code == 201
    assert kinds(response.json["workshop"]["agenda"])[:3] == ["lobby", "review", "actors"]


@pytest.mark.parametrize("body, status", [
    ({"template": "brainstorm"}, 404),
    ({"agenda": [{"kind": "actors"}, {"kind": "closed"}]}, 400),
    ({"agenda": [{"kind": "lobby"}, {"kind": "actors"}]}, 400),
    ({"agenda": [{"kind": "lobby"}, {"kind": "actors"}, {"kind": "actors"}, {"kind": "closed"}]}, 400),
    ({"agenda": [{"kind": "lobby"}, {"kind": "poll"}, {"kind": "closed"}]}, 400),
    ({"agenda": [{"kind": "lobby"}, {"kind": "info", "prompt": "x" * 2001}, {"kind": "closed"}]}, 400),
    ({"agenda": [{"kind": "lobby"}, {"kind": "closed", "id": "s1"}]}, 400),
    ({"agenda": [{"kind": "lobby"}] + [{"kind": "question"}] * 40 + [{"kind": "closed"}]}, 400),
])
def test_a_bad_template_or_agenda_creates_nothing(workshops, body, status):
    response = workshops.client.post("/api/workshops", json={"title": "T", "intervention": "I", **body})
    assert response.status_code == status
    assert response.json["error"]["code"] == {400: "invalid", 404: "not_found"}[status]


def test_agenda_set_keeps_ids_content_and_brings_left_out_steps_back(workshops):
    created, fac, (anna,) = workshops.room(participants=1, template="focus_group")
    steps = [s["id"] for s in fac.state["workshop"]["agenda"]]
    lobby, info, q1, q2, actions, closed = steps
    answer = ack(fac, "agenda:set", {"agenda": [
        {"id": lobby}, {"id": q1, "kind": "question", "prompt": "Context gebonden?"},
        {"kind": "question", "title": "Vraag 3"}, {"id": closed}]})
    assert answer["ok"]
    new = answer["agenda"][2]["id"]
    assert [s["id"] for s in answer["agenda"]] == [lobby, q1, new, closed]
    assert answer["agenda"][1] == {"id": q1, "kind": "question", "title": None, "prompt": "Context gebonden?"}
    (event,) = events(anna)
    assert event["type"] == "agenda.changed"
    assert event["data"]["agenda"] == answer["agenda"]
    assert [s["id"] for s in event["data"]["off_agenda"]] == [info, q2, actions]
    back = ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": info}, {"id": q1, "title": "Context"},
                                              {"id": closed}]})
    assert [s["id"] for s in back["agenda"]] == [lobby, info, q1, closed]
    assert back["agenda"][2] == {"id": q1, "kind": "question", "title": "Context",
                                 "prompt": "Context gebonden?"}
    reset = ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": q1, "title": None}, {"id": closed}]})
    assert reset["agenda"][1]["title"] is None and reset["agenda"][1]["prompt"] == "Context gebonden?"


def test_agenda_set_that_changes_nothing_is_not_broadcast(workshops):
    _, fac, (anna,) = workshops.room(participants=1)
    same = [{"id": s["id"]} for s in fac.state["workshop"]["agenda"]]
    assert ack(fac, "agenda:set", {"agenda": same})["ok"]
    assert events(anna) == []


@pytest.mark.parametrize("agenda, code", [
    (lambda ids: [{"id": ids[0]}, {"id": ids[1], "kind": "info"}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"id": "s99"}, {"id": ids[-1]}], "not_found"),
    (lambda ids: [{"id": ids[0]}, {"id": ids[2]}, {"id": ids[2]}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[1]}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"id": ids[1]}, {"kind": "actors"}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"kind": "lobby"}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"title": "no kind"}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"kind": "info", "title": "x" * 121}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"kind": "info", "colour": "red"}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": 1}, {"id": ids[-1]}], "invalid"),
    (lambda ids: [{"id": ids[0]}, {"id": "s" * 17}, {"id": ids[-1]}], "not_found"),
])
def test_a_bad_agenda_set_changes_nothing(workshops, agenda, code):
    _, fac, (anna,) = workshops.room(participants=1)
    ids = [s["id"] for s in fac.state["workshop"]["agenda"]]
    answer = ack(fac, "agenda:set", {"agenda": agenda(ids)})
    assert answer["ok"] is False and answer["error"]["code"] == code
    assert events(anna) == []
    assert workshops.connect(fac.state["workshop"]["code"], fac.token).state["workshop"]["agenda"] \
        == fac.state["workshop"]["agenda"]


def test_the_current_step_must_stay_on_the_agenda(workshops):
    _, fac, _ = workshops.room(participants=0)
    ids = [s["id"] for s in fac.state["workshop"]["agenda"]]
    assert ack(fac, "step:set", {"step": ids[1]}) == {"ok": True}
    answer = ack(fac, "agenda:set", {"agenda": [{"id": ids[0]}, {"id": ids[-1]}]})
    assert answer["error"]["code"] == "invalid"


def test_step_set_moves_everyone_and_phase_set_finds_the_first_step_of_its_kind(workshops):
    _, fac, (anna,) = workshops.room(participants=1, template="focus_group")
    lobby, info, q1, q2, actions, closed = [s["id"] for s in fac.state["workshop"]["agenda"]]
    assert ack(fac, "step:set", {"step": q2}) == {"ok": True}
    assert ack(fac, "phase:set", {"phase": "question"}) == {"ok": True}  # already a question: nothing
    assert ack(fac, "phase:set", {"phase": "info"}) == {"ok": True}
    assert ack(fac, "phase:set", {"phase": "actors"})["error"]["code"] == "invalid"
    assert ack(fac, "step:set", {"step": "s99"})["error"]["code"] == "not_found"
    assert ack(fac, "step:set", {"step": "s" * 17})["error"]["code"] == "not_found"  # a step id is a string
    assert [(e["type"], e["data"]) for e in events(anna)] == [
        ("phase.changed", {"phase": "question", "step": q2}),
        ("phase.changed", {"phase": "info", "step": info})]
    assert ack(anna, "step:set", {"step": q1})["error"]["code"] == "forbidden"


def test_a_step_off_the_agenda_cannot_be_moved_to(workshops):
    _, fac, _ = workshops.room(participants=0, template="focus_group")
    lobby, info, q1, q2, actions, closed = [s["id"] for s in fac.state["workshop"]["agenda"]]
    assert ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": q1}, {"id": closed}]})["ok"]
    assert ack(fac, "step:set", {"step": q2})["error"]["code"] == "not_found"


def test_closed_accepts_step_set_and_agenda_set_and_a_step_reopens(workshops):
    created, fac, (anna,) = workshops.room(participants=1, template="focus_group")
    lobby, info, q1, q2, actions, closed = [s["id"] for s in fac.state["workshop"]["agenda"]]
    assert ack(fac, "step:set", {"step": closed}) == {"ok": True}
    joined = workshops.client.post(f"/api/workshops/{created['code']}/participants", json={"name": "Laat"})
    assert joined.status_code == 409
    renamed = ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": q1, "title": "Context"},
                                                 {"id": closed}]})
    assert renamed["ok"]
    assert ack(anna, "theme:add", {"step": q1, "title": "Geld"})["error"]["code"] == "closed"
    assert ack(fac, "step:set", {"step": q1}) == {"ok": True}
    assert ack(anna, "card:add", {"text": "Weer open"})["ok"]
