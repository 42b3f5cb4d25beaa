"""The authorisation matrix: every event and route × who asks (by token, or logged in to an
account) × the workshop's state, each cell with the outcome the contract gives it. A refused cell
changes nothing."""

import json
import secrets
from types import SimpleNamespace

import pytest

from tests.helpers import Accounts, make_app
from workshop import reads
from workshop.extensions import db, socketio
from workshop.models import Participant
from workshop.schemas import EVENTS

TOKEN_IDENTITIES = ("facilitator", "participant", "other_workshop", "wrong_token", "no_token")
# Account roles: logged in (no token) as this workshop's owner, as a co-facilitator it was shared
# with, as the facilitator of another workshop, and as an admin (who runs no workshop of others).
ACCOUNT_ROLES = ("owner", "co_facilitator", "other_facilitator", "admin")
IDENTITIES = TOKEN_IDENTITIES + ACCOUNT_ROLES
RUNS_IT = ("facilitator", "owner", "co_facilitator")
STATES = ("open", "locked", "closed")

# The contract's rules, written out here rather than imported, so the test checks the server.
FACILITATOR_ONLY = {"strategy:remove", "phase:set", "results:show", "workshop:lock", "workshop:settings",
                    "timer:set", "goals:set", "participant:remove", "agenda:set", "step:set", "insight:add",
                    "insight:update", "insight:remove", "determinants:set", "template:save", "review:focus",
                    "review:set"}
PARTICIPANT_ONLY = {"vote:cast", "vote:retract", "rating:set", "rating:clear", "card:vote", "card:unvote"}
OPEN_WHEN_CLOSED = {"phase:set", "results:show", "workshop:lock", "workshop:settings", "participant:remove",
                    "step:set", "agenda:set", "template:save"}
READS = {"sync"}
# The scene's workshop is in a question step (open, locked) or closed, so card:add and card:vote
# are in their step; outside a question they get `invalid` (tests/test_questions.py).
AGENDA = [{"kind": k} for k in ("lobby", "question", "actors", "ownership", "determinants", "strategies",
                                "actions", "closed")]


def expected_for_event(event: str, identity: str, state: str) -> str:
    if identity not in (*RUNS_IT, "participant"):
        return "unauthorized"  # refused at connect: the socket never reaches this workshop
    facilitator = identity in RUNS_IT
    if event in READS:
        return "ok"
    if event in FACILITATOR_ONLY and not facilitator:
        return "forbidden"
    if event in PARTICIPANT_ONLY and facilitator:
        return "forbidden"
    if state == "closed" and event not in OPEN_WHEN_CLOSED:
        return "closed"
    if state == "locked" and not facilitator:
        return "closed"
    return "ok"


TOKEN_HOLDERS = {"facilitator": 200, "participant": 200, "owner": 200, "co_facilitator": 200}
FACILITATOR_READS = {"facilitator": 200, "participant": 403,  # participant_can_download is off
                     "owner": 200, "co_facilitator": 200}
# Routes of accounts: a login is needed (401 without), and it must run this workshop (403 otherwise).
ACCOUNT_READS = {"owner": 200, "co_facilitator": 200, "other_facilitator": 403, "admin": 403}
ROUTES = {
    # name: (method, path, body, {identity: status}); one status for every state unless a dict by state
    "join": ("POST", "/api/workshops/{code}/participants", {"name": "Nieuw"},
             {i: {"open": 201, "locked": 201, "closed": 409} for i in IDENTITIES}),
    "session": ("POST", "/api/workshops/{code}/session", None, TOKEN_HOLDERS),
    "state": ("GET", "/api/workshops/{code}", None, TOKEN_HOLDERS),
    "summary.json": ("GET", "/api/workshops/{code}/summary.json", None, FACILITATOR_READS),
    "summary.md": ("GET", "/api/workshops/{code}/summary.md", None, FACILITATOR_READS),
    "summary.csv": ("GET", "/api/workshops/{code}/summary.csv", None, FACILITATOR_READS),
    "groups": ("GET", "/api/workshops/{code}/groups", None, FACILITATOR_READS),
    "follow-up": ("POST", "/api/workshops",
                  {"title": "Vervolg", "intervention": "I", "follow_up_of": "{code}"},
                  {"facilitator": 201, "participant": 403, "owner": 201, "co_facilitator": 201}),
    "timeline": ("GET", "/api/workshops/{code}/timeline", None, FACILITATOR_READS),
    "timeline.md": ("GET", "/api/workshops/{code}/timeline.md", None, FACILITATOR_READS),
    "timeline.pdf": ("GET", "/api/workshops/{code}/timeline.pdf", None, FACILITATOR_READS),
    "facilitators": ("GET", "/api/workshops/{code}/facilitators", None, ACCOUNT_READS),
    # The owner shares first (201); the co-facilitator then finds it already shared (200).
    "share": ("POST", "/api/workshops/{code}/facilitators", {"email": "dora@ggd.nl"},
              {**ACCOUNT_READS, "owner": 201}),
    # Claiming needs a login and a facilitator token; a login that already runs it has nothing to add.
    "claim": ("POST", "/api/workshops/{code}/claim", None, {"owner": 200, "co_facilitator": 200}),
}


def expected_for_route(route: str, identity: str, state: str) -> int:
    status = ROUTES[route][3].get(identity, 401)
    return status[state] if isinstance(status, dict) else status


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("matrix"),
                   AGGREGATE_INTERVAL=3600, PRESENCE_INTERVAL=3600, EVENTS_PER_SECOND=0,
                   EVENTS_PER_IP_PER_SECOND=0, JOINS_PER_IP_PER_HOUR=0, WORKSHOPS_PER_IP_PER_HOUR=0,
                   FAILED_LOOKUPS_PER_IP_PER_HOUR=0)
    # Logged in once: every scene's clients carry these cookie sessions.
    accounts = Accounts(app)
    for role in (*ACCOUNT_ROLES, "dora"):
        accounts.create(f"{role}@ggd.nl", admin=role == "admin")
    app.logins = {role: accounts.login(f"{role}@ggd.nl").get_cookie("session").value
                  for role in ACCOUNT_ROLES}
    yield app


class Scene:
    """A workshop in a given state with an actor, an action, a participant's vote, an action of the
    workshop it follows up to review, and a stranger; owned by the owner's account and shared with
    the co-facilitator's."""

    def __init__(self, app, state: str):
        self.app = app
        self.http = self.client("owner")
        self.sockets = []
        earlier = self.post("/api/workshops", {"title": "Vorig jaar", "intervention": "I"})
        last_time = socketio.test_client(app, auth={"code": earlier["code"],
                                                    "token": earlier["facilitator_token"]})
        assert last_time.emit("action:add", {"title": "Trekker zoeken"}, callback=True)["ok"]
        last_time.disconnect()
        created = self.post("/api/workshops", {"title": "Matrix", "intervention": "I", "agenda": AGENDA,
                                               "follow_up_of": earlier["code"]})
        self.code = created["code"]
        self.post(f"/api/workshops/{self.code}/facilitators", {"email": "co_facilitator@ggd.nl"})
        self.client("other_facilitator").post("/api/workshops", json={"title": "Elders", "intervention": "I"})
        joined = self.post(f"/api/workshops/{self.code}/participants", {"name": "Anna"})
        bram = self.post(f"/api/workshops/{self.code}/participants", {"name": "Bram"})
        self.bystander = bram["participant"]["id"]
        other = self.post("/api/workshops", {"title": "Elders", "intervention": "I"})
        stranger = self.post(f"/api/workshops/{other['code']}/participants", {"name": "Mallory"})
        self.tokens = {"facilitator": created["facilitator_token"], "participant": joined["token"],
                       "other_workshop": stranger["token"], "wrong_token": secrets.token_urlsafe(32),
                       "no_token": None, **{role: None for role in ACCOUNT_ROLES}}
        fac = self.connect("facilitator")
        person = self.connect("participant")
        strategies = [s["id"] for s in fac.state["strategies"]]
        actor = fac.emit("actor:add", {"name": "Gemeente", "category": "policy"}, callback=True)
        self.actor = actor["actor"]["id"]
        self.action = fac.emit("action:add", {"title": "Bellen"}, callback=True)["action"]["id"]
        self.voted, self.spare = strategies[0], strategies[1]
        assert person.emit("vote:cast", {"strategy_id": self.voted}, callback=True)["ok"]
        self.item = fac.state["review"]["items"][0]["id"]
        self.steps = [st["id"] for st in fac.state["workshop"]["agenda"]]
        self.question = self.steps[1]
        assert fac.emit("step:set", {"step": self.question}, callback=True)["ok"]
        self.card = person.emit("card:add", {"text": "Lokale trekkers"}, callback=True)["card"]["id"]
        self.theme = person.emit("theme:add", {"step": self.question, "title": "Netwerk"},
                                 callback=True)["theme"]["id"]
        self.insight = fac.emit("insight:add", {"step": self.question, "text": "Context telt"},
                                callback=True)["insight"]["id"]
        assert person.emit("card:vote", {"id": self.card}, callback=True)["ok"]
        self.own = person.emit("strategy:add", {"title": "Scholing", "category": "organisation"},
                               callback=True)["strategy"]["id"]
        if state == "locked":
            assert fac.emit("workshop:lock", {"locked": True}, callback=True)["ok"]
        elif state == "closed":
            assert fac.emit("phase:set", {"phase": "closed"}, callback=True)["ok"]
        self.close_sockets()

    def client(self, identity: str):
        """A browser: logged in for an account role, without any cookie session otherwise."""
        http = self.app.test_client()
        if identity in ACCOUNT_ROLES:
            http.set_cookie("session", self.app.logins[identity])
        return http

    def post(self, path: str, body: dict) -> dict:
        response = self.http.post(path, json=body)
        assert response.status_code == 201, response.json
        return response.json

    def connect(self, identity: str):
        token = self.tokens[identity]
        auth = {"code": self.code, "token": token} if token else {"code": self.code}
        sio = socketio.test_client(self.app, auth=auth, flask_test_client=self.client(identity))
        if sio.is_connected():
            sio.state = sio.get_received()[0]["args"][0]
            self.sockets.append(sio)
            return sio
        return None

    def close_sockets(self):
        for sio in self.sockets:
            if sio.is_connected():
                sio.disconnect()
        self.sockets = []

    def payload(self, event: str) -> dict:
        return {
            "actor:add": {"name": "Zorgverzekeraar", "category": "funder"},
            "actor:update": {"id": self.actor, "name": "Gemeente Utrecht"},
            "actor:remove": {"id": self.actor},
            "ownership:set": {"actor_id": self.actor, "area": "use", "role": "driver"},
            "stage:set": {"area": "use", "stage": "can"},
            "rating:set": {"determinant": "funding", "score": 4},
            "strategy:add": {"title": "Scholing", "category": "dissemination"},
            "strategy:remove": {"id": self.spare},
            "vote:cast": {"strategy_id": self.spare},
            "vote:retract": {"strategy_id": self.voted},
            "action:add": {"title": "Mailen", "owner_actor_id": self.actor},
            "action:update": {"id": self.action, "status": "done"},
            "sync": {"since": 0},
            "phase:set": {"phase": "actors"},
            "results:show": {"visible": True},
            "workshop:lock": {"locked": False},
            "workshop:settings": {"votes_per_participant": 7},
            "timer:set": {"seconds": 60},
            "goals:set": {"note": "Twee regio's erbij"},
            "agenda:set": {"agenda": [{"id": i} for i in self.steps[:2]]
                           + [{"kind": "info", "title": "Uitleg"}] + [{"id": i} for i in self.steps[2:]]},
            "step:set": {"step": self.steps[0]},
            "card:add": {"text": "Subsidie stopt"},
            "card:update": {"id": self.card, "theme_id": self.theme},
            "card:remove": {"id": self.card},
            "card:vote": {"id": self.card},
            "card:unvote": {"id": self.card},
            "theme:add": {"step": self.question, "title": "Geld"},
            "theme:update": {"id": self.theme, "title": "Netwerken"},
            "theme:remove": {"id": self.theme},
            "insight:add": {"step": self.question, "text": "Draagvlak is lokaal"},
            "insight:update": {"id": self.insight, "text": "Context telt altijd"},
            "insight:remove": {"id": self.insight},
            "strategy:update": {"id": self.own, "title": "Scholing voor uitvoerders"},
            "action:remove": {"id": self.action},
            "rating:clear": {"determinant": "funding"},
            "determinants:set": {"determinants": [{"key": "driver"}, {"label": "Draagvlak"}]},
            "template:save": {"name": "Focusgroep opschalen"},
            "participant:remove": {"id": self.bystander},
            "review:focus": {"id": self.item},
            "review:set": {"id": self.item, "outcome": "carried_over", "owner_actor_id": self.actor},
        }[event]

    def fingerprint(self) -> str:
        with self.app.app_context():
            w = reads.workshop_by_code(self.code)
            state = reads.snapshot(w, db.session.get(Participant, w.facilitator_id))
            db.session.rollback()
        for p in state["participants"]:
            p.pop("online")
        return json.dumps(state, sort_keys=True, default=str)


def test_every_event_has_a_row_in_the_matrix():
    ids = SimpleNamespace(actor=1, action=1, voted=1, spare=2, bystander=3, steps=["s1", "s2"], question="s2",
                          card=1, theme=1, insight=1, own=3, item=1)
    assert all(Scene.payload(ids, event) for event in EVENTS)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", sorted(EVENTS))
def test_event_cells(app, event, state):
    outcomes = {}
    scene, changed = None, True
    for identity in IDENTITIES:
        if changed:
            scene = Scene(app, state)  # a success may change what the next cell finds: start afresh
        before = scene.fingerprint()
        sio = scene.connect(identity)
        if sio is None:
            outcomes[identity] = "unauthorized"
        else:
            ack = sio.emit(event, scene.payload(event), callback=True)
            outcomes[identity] = "ok" if ack["ok"] else ack["error"]["code"]
        scene.close_sockets()
        changed = outcomes[identity] == "ok"
        if not changed:
            assert scene.fingerprint() == before, (event, identity, state)
    assert outcomes == {i: expected_for_event(event, i, state) for i in IDENTITIES}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_cells(app, route, state):
    scene = Scene(app, state)
    method, path, body, _ = ROUTES[route]
    outcomes = {}
    for identity in IDENTITIES:
        token = scene.tokens[identity]
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        filled = json.loads(json.dumps(body).replace("{code}", scene.code)) if body else None
        response = scene.client(identity).open(path.replace("{code}", scene.code), method=method,
                                               headers=headers, json=filled)
        outcomes[identity] = response.status_code
    assert outcomes == {i: expected_for_route(route, i, state) for i in IDENTITIES}


def test_the_matrix_size():
    cells = len(EVENTS) * len(IDENTITIES) * len(STATES) + len(ROUTES) * len(IDENTITIES) * len(STATES)
    print(f"authorisation matrix: {len(EVENTS)} events and {len(ROUTES)} routes × {len(IDENTITIES)} "
          f"identities × {len(STATES)} states = {cells} cells")
    assert cells >= 400


# --- events: the organiser's routes × who asks ---------------------------------------------------

EVENT_IDENTITIES = ("organiser", "group_facilitator", "participant", "other_event", "wrong_token", "no_token",
                    "owner", "other_facilitator")
EVENT_ROUTES = {
    "overview": ("GET", "/api/events/{code}"),
    "session": ("POST", "/api/events/{code}/session"),
    "plenary": ("GET", "/api/events/{code}/plenary"),
    "to_plenary": ("POST", "/api/events/{code}/plenary"),
    "summary.json": ("GET", "/api/events/{code}/summary.json"),
    "summary.md": ("GET", "/api/events/{code}/summary.md"),
    "settings": ("PATCH", "/api/events/{code}"),
    "move": ("POST", "/api/events/{code}/moves"),
}


def event_route_body(route: str, app, made: dict) -> dict | None:
    """The body a cell sends: a move takes someone who just joined the first group to the second."""
    if route == "settings":
        return {"assignment": "assign"}
    if route == "move":
        joined = app.test_client().post(f"/api/workshops/{made['groups'][0]['code']}/participants",
                                        json={"name": "Bram"}).json
        return {"participant": joined["participant"]["id"], "to": made["groups"][1]["code"]}
    return None
ORGANISERS = ("organiser", "owner")  # the event's token, or the account that created it


@pytest.mark.parametrize("route", sorted(EVENT_ROUTES))
def test_event_route_cells(app, route):
    owner = app.test_client()
    owner.set_cookie("session", app.logins["owner"])
    groups = [{"title": title, "intervention": "I", "template": "focus_group"}
              for title in ("Eigenaarschap", "Geld")]
    made = owner.post("/api/events", json={"title": "Middag", "groups": groups}).json
    other = app.test_client().post("/api/events", json={"title": "Elders", "groups": groups}).json
    group = made["groups"][0]
    joined = app.test_client().post(f"/api/workshops/{group['code']}/participants",
                                    json={"name": "Anna"}).json
    tokens = {"organiser": made["facilitator_token"], "group_facilitator": group["facilitator_token"],
              "participant": joined["token"], "other_event": other["facilitator_token"],
              "wrong_token": secrets.token_urlsafe(32)}
    method, path = EVENT_ROUTES[route]
    outcomes = {}
    for identity in EVENT_IDENTITIES:
        http = app.test_client()
        if identity in ACCOUNT_ROLES:
            http.set_cookie("session", app.logins[identity])
        token = tokens.get(identity)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        outcomes[identity] = http.open(path.replace("{code}", made["code"]), method=method, headers=headers,
                                       json=event_route_body(route, app, made)).status_code
    assert outcomes == {i: 200 if i in ORGANISERS else 401 for i in EVENT_IDENTITIES}
