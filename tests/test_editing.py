"""Editing what was entered, a workshop's own determinants and strategies, and templates saved
from a workshop (PROTOCOL v1.1 and the project's additions in docs/protocol.md)."""

from tests.helpers import events, settle


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def test_strategy_update_by_the_facilitator_or_whoever_added_it(workshops):
    _, fac, (anna, bram, _) = workshops.room()
    own = ack(anna, "strategy:add", {"title": "Scholing", "category": "organisation"})["strategy"]
    ack(bram, "vote:cast", {"strategy_id": own["id"]})
    events(bram)
    answer = ack(anna, "strategy:update", {"id": own["id"], "title": "Scholing voor uitvoerders",
                                           "description": "Twee dagen"})
    assert answer["strategy"] == {**own, "title": "Scholing voor uitvoerders", "description": "Twee dagen"}
    (seen,) = [e for e in events(bram) if e["type"] == "strategy.updated"]
    assert seen["data"] == {"strategy": {k: v for k, v in answer["strategy"].items() if k != "my_votes"}}
    assert [e for e in events(fac) if e["type"] == "strategy.updated"][0]["data"]["strategy"]["votes"] == 1
    assert ack(bram, "strategy:update", {"id": own["id"], "title": "X"})["error"]["code"] == "forbidden"
    catalogued = fac.state["strategies"][0]["id"]
    assert ack(anna, "strategy:update", {"id": catalogued, "title": "X"})["error"]["code"] == "forbidden"
    assert ack(fac, "strategy:update", {"id": catalogued, "category": "monitoring"})["strategy"]["category"] \
        == "monitoring"
    assert ack(fac, "strategy:update", {"id": catalogued, "title": None})["error"]["code"] == "invalid"


def test_action_remove_and_rating_clear(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    action = ack(fac, "action:add", {"title": "Bellen"})["action"]
    assert ack(anna, "action:remove", {"id": action["id"]}) == {"ok": True}
    assert [(e["type"], e["data"]) for e in events(bram)] == [("action.added", {"action": action}),
                                                               ("action.removed", {"id": action["id"]})]
    ack(anna, "rating:set", {"determinant": "funding", "score": 2})
    settle(workshops)
    cleared = {"ok": True, "my_score": None, "comment": None}
    assert ack(anna, "rating:clear", {"determinant": "funding"}) == cleared
    assert ack(anna, "rating:clear", {"determinant": "funding"}) == cleared
    assert ack(fac, "rating:clear", {"determinant": "funding"})["error"]["code"] == "forbidden"
    settle(workshops)
    state = workshops.connect(created["code"], anna.token).state
    funding = next(d for d in state["determinants"] if d["key"] == "funding")
    assert funding["count"] == 0 and funding["my_score"] is None


def test_workshop_settings_retitle_the_workshop(workshops):
    _, fac, (anna, *_) = workshops.room()
    answer = ack(fac, "workshop:settings", {"title": "Beweegkuur in de regio", "intervention": "BKR",
                                            "description": "Tweede ronde"})
    assert (answer["workshop"]["title"], answer["workshop"]["intervention"],
            answer["workshop"]["description"]) == ("Beweegkuur in de regio", "BKR", "Tweede ronde")
    assert ack(fac, "workshop:settings", {"description": None})["workshop"]["description"] is None
    assert ack(fac, "workshop:settings", {"title": None})["error"]["code"] == "invalid"
    assert ack(fac, "workshop:settings", {"title": " "})["error"]["code"] == "invalid"
    assert [e["type"] for e in events(anna)] == ["workshop.updated", "workshop.updated"]


def test_a_workshop_has_its_own_determinant_list(workshops):
    created, fac, (anna, bram, carla) = workshops.room()
    for person, score in ((anna, 2), (bram, 4), (carla, 3)):
        ack(person, "rating:set", {"determinant": "time", "score": score})
    answer = ack(fac, "determinants:set", {"determinants": [
        {"key": "driver"}, {"key": "funding", "label": "Geld"},
        {"label": "Know-how", "help": "Weten we hoe?"}, {"label": "Draagvlak"}]})
    assert answer["ok"]
    assert answer["workshop"]["determinants"] == [
        {"key": "driver", "label": None, "help": None}, {"key": "funding", "label": "Geld", "help": None},
        {"key": "know_how", "label": "Know-how", "help": "Weten we hoe?"},
        {"key": "draagvlak", "label": "Draagvlak", "help": None}]
    off_list = answer["workshop"]["determinants_off_list"]
    assert [d["key"] for d in off_list] == ["added_value", "timing", "time"]
    assert [d["key"] for d in answer["determinants"]] == ["driver", "funding", "know_how", "draagvlak"]
    (event,) = [e for e in events(anna) if e["type"] == "determinants.changed"]
    assert event["data"] == {"workshop": answer["workshop"], "determinants": answer["determinants"]}
    assert ack(anna, "rating:set", {"determinant": "know_how", "score": 5})["my_score"] == 5
    assert ack(anna, "rating:set", {"determinant": "time", "score": 1})["error"]["code"] == "invalid"
    assert ack(anna, "rating:set", {"determinant": "Know-how", "score": 1})["error"]["code"] == "invalid"
    settle(workshops)
    changed = [e for e in events(bram) if e["type"] == "ratings.changed"][-1]
    assert [d["key"] for d in changed["data"]["determinants"]] == ["know_how"]
    summary = workshops.client.get(f"/api/workshops/{created['code']}/summary.json",
                                   headers={"Authorization": f"Bearer {fac.token}"}).json
    assert [(d["key"], d["label"]) for d in summary["determinants"]] == [
        ("driver", "Toegewijde aanjager"), ("funding", "Geld"), ("know_how", "Know-how"),
        ("draagvlak", "Draagvlak")]
    # Taken off the list, "time" keeps its three scores and comes back with them.
    back = ack(fac, "determinants:set", {"determinants": [{"key": "time"}]})
    assert back["determinants"] == [{"key": "time", "count": 3, "mean": 3.0, "histogram": [0, 1, 1, 1, 0]}]


def test_determinants_set_refuses_bad_lists(workshops):
    _, fac, (anna, *_) = workshops.room()
    for payload, code in (({"determinants": []}, "invalid"),
                          ({"determinants": [{"key": "nope"}]}, "not_found"),
                          ({"determinants": [{"help": "zonder label"}]}, "invalid"),
                          ({"determinants": [{"key": "Driver!"}]}, "invalid")):
        assert ack(fac, "determinants:set", payload)["error"]["code"] == code
    refused = ack(anna, "determinants:set", {"determinants": [{"key": "driver"}]})
    assert refused["error"]["code"] == "forbidden"
    assert events(anna) == []


def test_a_saved_template_starts_the_next_workshop(workshops):
    created, fac, _ = workshops.room(participants=0, template="focus_group")
    lobby, info, q1, q2, actions, closed = [s["id"] for s in fac.state["workshop"]["agenda"]]
    ack(fac, "agenda:set", {"agenda": [{"id": lobby}, {"id": info, "title": "Take-aways"},
                                       {"id": q1, "prompt": "Context gebonden?"}, {"id": actions},
                                       {"id": closed}]})
    ack(fac, "determinants:set", {"determinants": [{"key": "driver"}, {"label": "Draagvlak"}]})
    ack(fac, "strategy:remove", {"id": fac.state["strategies"][0]["id"]})
    ack(fac, "strategy:add", {"title": "Regionale tafel", "category": "dissemination"})
    saved = ack(fac, "template:save", {"name": "Focusgroep context"})["template"]
    assert saved["name"] == "Focusgroep context" and saved["language"] == "nl"
    assert [(s["kind"], s["title"], s["prompt"]) for s in saved["agenda"]] == [
        ("lobby", None, None), ("info", "Take-aways", None), ("question", None, "Context gebonden?"),
        ("actions", None, None), ("closed", None, None)]
    assert workshops.client.get(f"/api/templates/{saved['id'].lower()}").json["template"] == saved
    assert workshops.client.get("/api/templates/NOPE").status_code == 404
    made = workshops.create(template=saved["id"])
    fresh = made["workshop"]
    assert [(s["kind"], s["prompt"]) for s in fresh["agenda"]][2] == ("question", "Context gebonden?")
    assert [d["key"] for d in fresh["determinants"]] == ["driver", "draagvlak"]
    state = workshops.connect(made["code"], made["facilitator_token"]).state
    titles = [s["title"] for s in state["strategies"]]
    assert "Regionale tafel" in titles and fac.state["strategies"][0]["title"] not in titles
    assert all(s["origin"] == "catalog" for s in state["strategies"])


def test_an_unknown_event_is_refused_as_invalid(workshops):
    _, fac, _ = workshops.room(participants=0)
    answer = ack(fac, "card:shuffle", {"id": 1})
    assert answer["ok"] is False and answer["error"]["code"] == "invalid"
