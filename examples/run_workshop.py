"""Run a complete workshop against a server through the public contract, checking it on the way.

    .venv/bin/python examples/run_workshop.py http://127.0.0.1:5000

A facilitator and three participants (python-socketio clients over WebSocket)
go through every phase: actors, ownership and stages, ratings, their own
strategies and votes, the reveal, actions, lock and close; then the script
downloads summary.json. Every check of PROTOCOL.md it can see is asserted:
acks, `seq` consecutive and identical for everyone, redacted votes while
results are hidden, refusals (forbidden, invalid, closed, unauthorized).
Exits non-zero on the first broken check.
"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request

import socketio

WAIT = 10.0  # seconds to wait for a broadcast before calling the check broken


class ContractError(AssertionError):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise ContractError(message)


class Response:
    """An HTTP answer: status code and body (the standard library only, so the runtime install runs this)."""

    def __init__(self, status_code: int, text: str):
        self.status_code, self.text = status_code, text

    def json(self):
        return json.loads(self.text)


def api(base: str, method: str, path: str, token: str | None = None, json: dict | None = None) -> Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if json is not None:
        data = _json_bytes(json)
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return Response(answer.status, answer.read().decode("utf-8"))
    except urllib.error.HTTPError as refused:
        return Response(refused.code, refused.read().decode("utf-8"))


def _json_bytes(body: dict) -> bytes:
    return json.dumps(body).encode("utf-8")


class Person:
    """One connected client: its `state`, the events it received (checked gap-free) and presence."""

    def __init__(self, base: str, code: str, token: str, label: str):
        self.label = label
        self.events: list[dict] = []
        self.presence: list[dict] = []
        self.state: dict | None = None
        self.broken: str | None = None  # a check that failed in the client's receiving thread
        self._changed = threading.Condition()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("state", self._on_state)
        self.sio.on("event", self._on_event)
        self.sio.on("presence", self._on_presence)
        self.sio.connect(base, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=10)
        self.wait(lambda: self.state is not None, "its state")

    def _on_state(self, state):
        with self._changed:
            self.state = state
            self._changed.notify_all()

    def _on_event(self, event):
        with self._changed:
            last = self.events[-1]["seq"] if self.events else self.state["seq"]
            if event["seq"] != last + 1 and self.broken is None:
                self.broken = f"{self.label}: seq {event['seq']} after {last}"
            self.events.append(event)
            self._changed.notify_all()

    def _on_presence(self, presence):
        with self._changed:
            self.presence.append(presence)
            self._changed.notify_all()

    @property
    def me(self) -> dict:
        return self.state["me"]

    @property
    def seq(self) -> int:
        with self._changed:
            return self.events[-1]["seq"] if self.events else self.state["seq"]

    def wait(self, predicate, what: str):
        with self._changed:
            found = self._changed.wait_for(lambda: self.broken or predicate(), timeout=WAIT)
        check(self.broken is None, self.broken)
        check(found, f"{self.label} did not receive {what} within {WAIT} s")
        return found

    def event(self, type_: str, after: int = 0, where=lambda e: True) -> dict:
        """The first event of this type with seq > after (waiting for it to arrive)."""

        def found():
            return next(
                (e for e in self.events if e["seq"] > after and e["type"] == type_ and where(e)), None
            )

        return self.wait(found, f"a {type_} event")

    def call(self, event: str, payload: dict) -> dict:
        """Send an event and return its ack; a `rate_limited` answer is retried after a pause."""
        for _attempt in range(50):
            answer = self.sio.call(event, payload, timeout=WAIT)
            if answer.get("ok") or answer["error"]["code"] != "rate_limited":
                return answer
            time.sleep(0.2)
        return answer

    def ok(self, event: str, payload: dict) -> dict:
        answer = self.call(event, payload)
        check(answer.get("ok") is True, f"{self.label} {event} {payload}: {answer}")
        return answer

    def refused(self, event: str, payload: dict, code: str) -> None:
        answer = self.call(event, payload)
        check(
            answer.get("ok") is False and answer["error"]["code"] == code,
            f"{self.label} {event} should get {code}: {answer}",
        )

    def close(self):
        self.sio.disconnect()


def everyone_sees(people: list[Person], seq: int) -> None:
    """Every client received every event up to `seq`, the same events, in order."""
    for person in people:
        person.wait(lambda p=person: p.seq >= seq, f"seq {seq}")

    def seen(person):  # aggregates still on their way may reach some clients a moment earlier
        return [(e["seq"], e["type"], e["by"]) for e in list(person.events) if e["seq"] <= seq]

    for person in people[1:]:
        check(seen(person) == seen(people[0]), f"{person.label} saw other events than {people[0].label}")


def refused_connect(base: str, code: str, token: str) -> dict:
    """Connecting with a wrong token: the connect_error data (message and data)."""
    errors = []
    sio = socketio.Client(reconnection=False)
    sio.on("connect_error", lambda data=None: errors.append(data))
    try:
        sio.connect(base, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=10)
    except socketio.exceptions.ConnectionError:
        pass
    check(not sio.connected, "a wrong token was accepted")
    check(errors, "no connect_error for a wrong token")
    return errors[0]


def main(base: str) -> dict:
    """Run the workshop; return its summary.json. Raises ContractError on a broken check."""
    base = base.rstrip("/")
    check(api(base, "GET", "/healthz").json() == {"status": "ok"}, "healthz")

    # Create and join.
    response = api(
        base,
        "POST",
        "/api/workshops",
        json={
            "title": "Beweegkuur opschalen",
            "intervention": "Beweegkuur",
            "language": "en",
            "votes_per_participant": 4,
            "max_votes_per_strategy": 2,
            "facilitator_name": "Fien",
        },
    )
    check(response.status_code == 201, f"create: {response.status_code} {response.text}")
    created = response.json()
    code, fac_token = created["code"], created["facilitator_token"]
    check(len(code) == 8 and not set(code) & set("01OIL"), f"code {code}")
    check(created["join_url"].endswith(f"/join/{code}"), "join_url")
    check(created["facilitator_url"].endswith(f"/facilitate/{code}#token={fac_token}"), "facilitator_url")
    check(created["workshop"]["results_visible"] is False, "results hidden by default")

    joined = []
    for name, role in (("Anna", "GGD"), ("Bram", "Gemeente"), ("Carla", "Zorgverzekeraar")):
        typed = f"{code[:4].lower()}-{code[4:]}"  # codes are typed as spoken
        response = api(
            base, "POST", f"/api/workshops/{typed}/participants", json={"name": name, "role": role}
        )
        check(response.status_code == 201, f"join {name}: {response.text}")
        joined.append(response.json())

    error = refused_connect(base, code, "not-a-token")
    check(error["message"] == "unauthorized" and error["data"]["code"] == "unauthorized", f"refusal {error}")

    fac = Person(base, code, fac_token, "facilitator")
    anna, bram, carla = (Person(base, code, j["token"], j["participant"]["name"]) for j in joined)
    people = [fac, anna, bram, carla]
    try:
        return run(base, code, fac_token, fac, anna, bram, carla, people)
    finally:
        for person in people:
            person.close()


def run(base, code, fac_token, fac, anna, bram, carla, people) -> dict:
    check(fac.me["facilitator"] is True and fac.me["id"] == fac.state["workshop"]["facilitator_id"], "me")
    check(anna.me["votes_left"] == 4 and anna.me["name"] == "Anna", "participant me")
    check(
        fac.state["workshop"]["facilitator_id"] not in [p["id"] for p in fac.state["participants"]],
        "the facilitator is not a participant",
    )
    check(all(s["votes"] is None for s in anna.state["strategies"]), "votes hidden from participants")
    check(all(s["votes"] == 0 for s in fac.state["strategies"]), "the facilitator sees counts")
    fac.wait(
        lambda: any(p["online"] and p["id"] == carla.me["id"] for pr in fac.presence for p in pr["changed"]),
        "presence of Carla",
    )

    # Actors.
    fac.ok("phase:set", {"phase": "actors"})
    actors = {}
    for person, name, category, influence, interest in (
        (anna, "GGD", "provider", 60, 90),
        (bram, "Gemeente", "policy", 90, 50),
        (carla, "Zorgverzekeraar", "funder", 80, 30),
        (fac, "Bestuur GGD", "management", 70, 60),
    ):
        actor = person.ok(
            "actor:add", {"name": name, "category": category, "influence": influence, "interest": interest}
        )["actor"]
        actors[name] = actor["id"]
        seen = anna.event("actor.added", where=lambda e, i=actor["id"]: e["data"]["actor"]["id"] == i)
        check(seen["by"] == person.me["id"], "by is the acting person")
    bram.ok("actor:update", {"id": actors["Gemeente"], "interest": 70, "note": "Wethouder is enthousiast"})
    fac.refused("actor:update", {"id": 10**9, "name": "X"}, "not_found")
    anna.refused("actor:add", {"name": "X", "category": "other", "influence": 50.5}, "invalid")
    anna.refused("phase:set", {"phase": "lobby"}, "forbidden")

    # Ownership and stages.
    fac.ok("phase:set", {"phase": "ownership"})
    for actor, area, role in (
        ("GGD", "intervention", "driver"),
        ("Bestuur GGD", "intervention", "accountable"),
        ("GGD", "supply", "driver"),
        ("Gemeente", "use", "accountable"),
    ):
        anna.ok("ownership:set", {"actor_id": actors[actor], "area": area, "role": role})
    carla.ok("stage:set", {"area": "intervention", "stage": "do"})
    bram.ok("stage:set", {"area": "supply", "stage": "can"})
    everyone_sees(people, fac.seq)

    # Ratings: coalesced into ratings.changed, the facilitator stays neutral.
    fac.ok("phase:set", {"phase": "determinants"})
    mark = fac.seq
    scores = {"Anna": (4, 2, 5, 3, 2), "Bram": (3, 2, 4, 4, 1), "Carla": (5, 1, 4, 3, 2)}
    for person in (anna, bram, carla):
        for key, score in zip(
            ("driver", "funding", "added_value", "timing", "time"), scores[person.label], strict=True
        ):
            person.ok(
                "rating:set", {"determinant": key, "score": score, "comment": f"{person.label} over {key}"}
            )
    fac.refused("rating:set", {"determinant": "time", "score": 3}, "forbidden")

    def funding_count(e):
        return any(d["key"] == "funding" and d["count"] == 3 for d in e["data"]["determinants"])

    ratings = anna.event("ratings.changed", after=mark, where=funding_count)
    check(ratings["by"] is None, "aggregates are made by the server")
    rating_events = [e for e in anna.events if e["seq"] > mark and e["type"] == "ratings.changed"]
    check(all(d["count"] for e in rating_events for d in e["data"]["determinants"]), "changed only")

    # Strategies and votes: counts hidden from participants until the reveal.
    fac.ok("phase:set", {"phase": "strategies"})
    own = bram.ok(
        "strategy:add",
        {
            "title": "Wethouder uitnodigen",
            "category": "dissemination",
            "description": "Op de volgende regiotafel",
        },
    )["strategy"]
    check(own["votes"] is None and own["my_votes"] == 0 and own["origin"] == "participant", f"ack {own}")
    seen = fac.event("strategy.added")
    check(seen["data"]["strategy"]["votes"] == 0, "the facilitator sees counts on strategy.added")
    check(carla.event("strategy.added")["data"]["strategy"]["votes"] is None, "hidden on strategy.added")
    catalog = [s["id"] for s in anna.state["strategies"]]
    mark = fac.seq
    plan = {
        anna: [own["id"], own["id"], catalog[0], catalog[1]],
        bram: [own["id"], catalog[0], catalog[0], catalog[2]],
        carla: [own["id"], catalog[1], catalog[2]],
    }
    for person, votes in plan.items():
        for i, strategy in enumerate(votes):
            answer = person.ok("vote:cast", {"strategy_id": strategy})
            check(answer["votes_left"] == 4 - i - 1, f"{person.label} votes_left {answer}")
            check(answer["my_votes"] == votes[: i + 1].count(strategy), f"{person.label} my_votes {answer}")
    anna.refused("vote:cast", {"strategy_id": catalog[3]}, "invalid")  # budget spent
    carla.ok("vote:cast", {"strategy_id": catalog[1]})
    bram.ok("vote:retract", {"strategy_id": catalog[2]})
    bram.refused("vote:cast", {"strategy_id": catalog[0]}, "invalid")  # at most 2 on one strategy
    fac.refused("vote:cast", {"strategy_id": catalog[0]}, "forbidden")
    expected = {own["id"]: 4, catalog[0]: 3, catalog[1]: 3, catalog[2]: 1}

    def tallies(person):
        counts = {}
        for e in person.events:
            if e["seq"] > mark and e["type"] == "votes.changed":
                counts.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
        return counts

    fac.wait(lambda: tallies(fac) == expected, f"tallies {expected}")
    everyone_sees(people, fac.seq)
    hidden = [e["data"] for e in anna.events if e["seq"] > mark and e["type"] == "votes.changed"]
    check(hidden and all(data == {"tallies": []} for data in hidden),
          "participants' votes.changed must not tell which counts changed while results are hidden")
    vote_events = [e for e in fac.events if e["seq"] > mark and e["type"] == "votes.changed"]
    check(all(e["data"]["tallies"] for e in vote_events), "votes.changed carries only changed tallies")

    # The reveal.
    fac.ok("results:show", {"visible": True})
    revealed = carla.event("workshop.updated", after=mark, where=lambda e: "tallies" in e["data"])
    check(revealed["data"]["workshop"]["results_visible"] is True, "results visible")
    check(
        {t["strategy_id"]: t["votes"] for t in revealed["data"]["tallies"] if t["votes"]} == expected,
        f"revealed tallies {revealed['data']['tallies']}",
    )
    synced = anna.ok("sync", {"since": 10**9})["state"]
    check({s["id"]: s["votes"] for s in synced["strategies"] if s["votes"]} == expected, "state after reveal")
    check(
        {s["id"]: s["my_votes"] for s in synced["strategies"] if s["my_votes"]}
        == {own["id"]: 2, catalog[0]: 1, catalog[1]: 1},
        "my_votes",
    )
    check(synced["me"]["votes_left"] == 0, "votes_left")

    # Actions.
    fac.ok("phase:set", {"phase": "actions"})
    first = anna.ok(
        "action:add",
        {
            "title": "Wethouder uitnodigen voor de regiotafel",
            "strategy_id": own["id"],
            "owner_actor_id": actors["Gemeente"],
            "due": "2027-03-01",
        },
    )["action"]
    check(first["status"] == "open" and first["due"] == "2027-03-01", f"action {first}")
    second = fac.ok(
        "action:add",
        {
            "title": "Subsidie aanvragen",
            "strategy_id": catalog[0],
            "owner_actor_id": actors["Zorgverzekeraar"],
        },
    )["action"]
    fac.ok("action:update", {"id": second["id"], "status": "doing", "due": "2027-06-30"})
    everyone_sees(people, fac.seq)

    # Lock: participants' changes are refused, the facilitator may still edit, joining is allowed.
    fac.ok("workshop:lock", {"locked": True})
    bram.refused("action:update", {"id": first["id"], "status": "done"}, "closed")
    fac.ok("action:update", {"id": first["id"], "status": "doing"})
    check(
        api(base, "POST", f"/api/workshops/{code}/participants", json={"name": "Kijker"}).status_code == 201,
        "joining a locked workshop to watch",
    )

    # Close: read-only for everyone, joins refused.
    fac.ok("phase:set", {"phase": "closed"})
    fac.refused("actor:add", {"name": "Te laat", "category": "other"}, "closed")
    response = api(base, "POST", f"/api/workshops/{code}/participants", json={"name": "Te laat"})
    check(response.status_code == 409 and response.json()["error"]["code"] == "closed", "join once closed")
    everyone_sees(people, fac.seq)
    replay = anna.ok("sync", {"since": anna.state["seq"]})["events"]
    check(replay == anna.events, "sync replays exactly what the client received")

    # The summary.
    response = api(base, "GET", f"/api/workshops/{code}/summary.json", token=fac_token)
    check(response.status_code == 200, f"summary.json: {response.status_code}")
    summary = response.json()
    check(summary["workshop"]["phase"] == "closed" and summary["workshop"]["closed_at"], "closed workshop")
    check(summary["participants"]["count"] == 4, f"participants {summary['participants']}")
    ranked = [(s["id"], s["votes"], s["rank"]) for s in summary["strategies"][:4]]
    check(ranked[0][0] == own["id"], f"the most voted strategy first: {ranked}")
    check([r[1:] for r in ranked] == [(4, 1), (3, 2), (3, 2), (1, 4)], f"ranks 1, 2, 2, 4: {ranked}")
    state = api(base, "GET", f"/api/workshops/{code}", token=fac_token).json()
    ranks = {s["id"]: s["rank"] for s in summary["strategies"]}
    check({s["id"]: s["rank"] for s in state["strategies"]} == ranks, "ranks as in the summary")
    check(
        summary["ownership"]["gaps"]
        == [{"area": "supply", "missing": ["accountable"]}, {"area": "use", "missing": ["driver"]}],
        f"gaps {summary['ownership']['gaps']}",
    )
    check(summary["ownership"]["stages"] == {"intervention": "do", "supply": "can", "use": None}, "stages")
    funding = next(d for d in summary["determinants"] if d["key"] == "funding")
    check(
        funding["count"] == 3 and funding["mean"] == 1.67 and funding["histogram"] == [1, 2, 0, 0, 0],
        f"funding {funding}",
    )
    check(len(funding["comments"]) == 3, "comments")
    check(len(summary["actions"]) == 2 and len(summary["actors"]) == 4, "actions and actors")
    check(summary["compared_to"] is None, "not a follow-up")
    check(
        api(base, "GET", f"/api/workshops/{code}/summary.json", token=None).status_code == 401,
        "summary without a token",
    )
    return summary


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} BASE_URL   (e.g. http://127.0.0.1:5000)")
    try:
        result = main(sys.argv[1])
    except ContractError as error:
        sys.exit(f"contract broken: {error}")
    except urllib.error.URLError as error:
        sys.exit(f"no server answers at {sys.argv[1]}: {error.reason}")
    top = result["strategies"][0]
    print(
        f"workshop {result['workshop']['code']} ran through the contract; "
        f"top strategy: {top['title']} ({top['votes']} votes)"
    )
