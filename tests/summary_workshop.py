"""A finished workshop built the way a room builds one: over HTTP and Socket.IO events."""

from tests.helpers import make_app, wait_for


def unthrottled_app(tmp_path):
    """The test app without the event limits per participant and per IP: one test client
    plays a whole room, faster than any person types. Use as
    `yield from unthrottled_app(tmp_path)` in an `app` fixture."""
    app = make_app(tmp_path, EVENTS_PER_SECOND=0, EVENTS_PER_IP_PER_SECOND=0)
    yield app
    assert wait_for(app.extensions["live"].idle)


def ack(sio, event: str, payload: dict) -> dict:
    answer = sio.emit(event, payload, callback=True)
    assert answer["ok"], (event, payload, answer)
    return answer


def run_workshop(workshops, *, language: str = "nl", follow_up_of: dict | None = None,
                 scores: dict[str, list[int]] | None = None, groups: list[str | None] | None = None,
                 **fields) -> dict:
    """A workshop with actors, ownership with gaps, stages, ratings, votes, actions and goals.

    Returns {created, fac, people, actors, strategies, actions}; `follow_up_of` is an earlier
    result of this function, whose facilitator starts the follow-up.
    """
    if follow_up_of:
        token = follow_up_of["created"]["facilitator_token"]
        response = workshops.client.post(
            "/api/workshops", json={"title": "Beweegkuur opschalen, een jaar later",
                                    "intervention": "Beweegkuur",
                                    "follow_up_of": follow_up_of["created"]["code"], **fields},
            headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 201, response.json
        created = response.json
    else:
        created = workshops.create(language=language, results_hidden=False, **fields)
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    groups = groups if groups is not None else ["provider", "provider", "provider", "policy"]
    roles = ["GGD", "GGD", "Fysiotherapeut", "Gemeente"]
    joined = [workshops.join(code, f"Deelnemer {i + 1}", role=role, group=group)
              for i, (role, group) in enumerate(zip(roles, groups, strict=True))]
    people = [workshops.connect(code, j["token"]) for j in joined]
    actors = {a["name"]: a for a in fac.state["actors"]}
    if not follow_up_of:
        for name, category, influence, interest in [
                ("Gemeente Utrecht", "policy", 80, 70), ("Zilveren Kruis", "funder", 85, 55),
                ("GGD regio Utrecht", "provider", 55, 85), ("Patiëntenfederatie", "target_group", 30, 90)]:
            actors[name] = ack(fac, "actor:add", {"name": name, "category": category, "influence": influence,
                                                  "interest": interest})["actor"]
        ack(fac, "ownership:set", {"actor_id": actors["GGD regio Utrecht"]["id"], "area": "intervention",
                                   "role": "driver"})
        ack(fac, "ownership:set", {"actor_id": actors["Gemeente Utrecht"]["id"], "area": "intervention",
                                   "role": "accountable"})
        ack(fac, "ownership:set", {"actor_id": actors["Zilveren Kruis"]["id"], "area": "supply",
                                   "role": "accountable"})
        ack(fac, "stage:set", {"area": "intervention", "stage": "can"})
    scores = scores or {"driver": [4, 4, 5, 3], "funding": [2, 1, 2, 3], "added_value": [5, 4, 4, 4],
                        "timing": [3, 3, 2, 4], "time": [2, 3, 3, 3]}
    for key, values in scores.items():
        for person, score in zip(people, values, strict=True):
            ack(person, "rating:set", {"determinant": key, "score": score,
                                       **({"comment": "Geld is er alleen voor een jaar."}
                                          if key == "funding" and score == 1 else {})})
    strategies = fac.state["strategies"]
    top, second, third = strategies[0], strategies[7], strategies[14]
    for person in people:
        ack(person, "vote:cast", {"strategy_id": top["id"]})
        ack(person, "vote:cast", {"strategy_id": second["id"]})
    for person in people[:2]:
        ack(person, "vote:cast", {"strategy_id": third["id"]})
    actions = [ack(fac, "action:add", {"title": "Businesscase opstellen met zorgverzekeraar",
                                       "strategy_id": second["id"], "due": "2027-03-01",
                                       "owner_actor_id": actors["Zilveren Kruis"]["id"]})["action"],
               ack(fac, "action:add", {"title": "Trekker zoeken voor opschaling van het gebruik",
                                       "owner_actor_id": actors["Patiëntenfederatie"]["id"]})["action"]]
    ack(fac, "goals:set", {"locations": {"now": 12, "goal": 40},
                           "level": {"now": "regional", "goal": "national"},
                           "embedding": {"now": "no", "goal": "yes"}, "note": "Landelijk binnen vijf jaar."})
    return {"created": created, "fac": fac, "people": people, "actors": actors,
            "strategies": [top, second, third], "actions": actions}


def summary(client, run: dict, fmt: str = "json", token: str | None = None):
    token = token or run["created"]["facilitator_token"]
    return client.get(f"/api/workshops/{run['created']['code']}/summary.{fmt}",
                      headers={"Authorization": f"Bearer {token}"})
