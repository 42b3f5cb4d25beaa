"""Arbitrary JSON at every event and route: always a contract answer, never a fault or a
dropped connection, and the workshop changes only when the answer is a success."""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.helpers import Workshops, make_app
from workshop import reads
from workshop.domain import vocab
from workshop.extensions import db
from workshop.models import Participant, Workshop
from workshop.schemas import EVENTS

CODES = {"invalid", "unauthorized", "forbidden", "not_found", "closed", "too_large", "rate_limited"}
STATUSES = {200, 201, 400, 401, 403, 404, 405, 409, 413, 429}
EVENT_EXAMPLES, ROUTE_EXAMPLES = 500, 300  # the whole file stays around 20 s


def fuzz(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


# Wild values, and values the schemas accept (vocabulary words, small ids), so that some
# generated payloads get through validation and reach the rules.
words = sorted({*vocab.STEP_KINDS, "s1", "s2", "s3", *vocab.ACTOR_CATEGORIES, *vocab.AREAS, *vocab.ROLES,
                *vocab.STAGES, *vocab.DETERMINANTS, *vocab.STRATEGY_CATEGORIES, *vocab.ACTION_STATUSES,
                *vocab.LANGUAGES, *vocab.REVIEW_OUTCOMES})
scalars = (st.none() | st.booleans() | st.integers(min_value=-2**63, max_value=2**64)
           | st.integers(min_value=0, max_value=30) | st.floats(allow_nan=False) | st.text(max_size=40)
           | st.sampled_from(["", " ", "\x00", "\u202e", "1", "2026-02-30", "2026-12-01", "x" * 3000,
                             *words]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)


VALID = {
    "actor:add": {"name": "Gemeente", "category": "policy", "influence": 60, "interest": 40, "note": "n"},
    "actor:update": {"id": 1, "name": "GGD", "category": "provider"},
    "actor:remove": {"id": 2},
    "ownership:set": {"actor_id": 1, "area": "use", "role": "driver"},
    "stage:set": {"area": "supply", "stage": "can"},
    "rating:set": {"determinant": "funding", "score": 3, "comment": "Te weinig geld"},
    "strategy:add": {"title": "Scholing", "category": "dissemination", "description": "d"},
    "strategy:remove": {"id": 3},
    "vote:cast": {"strategy_id": 1},
    "vote:retract": {"strategy_id": 1},
    "action:add": {"title": "Bellen", "strategy_id": 1, "owner_actor_id": 1, "due": "2026-12-01"},
    "action:update": {"id": 1, "status": "done"},
    "sync": {"since": 0},
    "phase:set": {"phase": "actors"},
    "results:show": {"visible": True},
    "workshop:lock": {"locked": False},
    "workshop:settings": {"votes_per_participant": 6, "max_votes_per_strategy": 2},
    "timer:set": {"seconds": 60},
    "agenda:set": {"agenda": [{"id": "s1"}, {"id": "s2", "title": "Vraag"}, {"kind": "info", "prompt": "p"},
                              {"id": "s3"}, {"id": "s4"}, {"id": "s5"}, {"id": "s6"}, {"id": "s7"},
                              {"id": "s8"}]},
    "step:set": {"step": "s2"},
    "card:add": {"text": "Lokale partijen", "anonymous": True},
    "card:update": {"id": 1, "text": "Anders", "theme_id": 1},
    "card:remove": {"id": 1},
    "card:vote": {"id": 1},
    "card:unvote": {"id": 1},
    "theme:add": {"step": "s2", "title": "Geld"},
    "theme:update": {"id": 1, "title": "Netwerk"},
    "theme:remove": {"id": 1},
    "insight:add": {"step": "s2", "text": "Context telt"},
    "insight:update": {"id": 1, "text": "Scherper"},
    "insight:remove": {"id": 1},
    "strategy:update": {"id": 1, "title": "Scholing", "category": "monitoring"},
    "action:remove": {"id": 1},
    "rating:clear": {"determinant": "funding"},
    "determinants:set": {"determinants": [{"key": "driver", "label": "Trekker"}, {"label": "Draagvlak"}]},
    "template:save": {"name": "Mijn sjabloon"},
    "review:focus": {"id": 1},
    "review:set": {"id": 1, "outcome": "carried_over", "owner_actor_id": 1, "due": "2026-12-01", "note": "n"},
}
# The room's agenda: a question step (s2) before v1's sequence, so every event can reach its rules.
AGENDA = [{"kind": k} for k in ("lobby", "question", "actors", "ownership", "determinants", "strategies",
                                "actions", "closed")]


def mutated(example: dict):
    """A valid payload with some fields dropped, replaced by anything, or added."""
    def mutate(keep, values, extra):
        out = {}
        for (key, value), keep_it, other in zip(example.items(), keep, values, strict=False):
            if keep_it == "keep":
                out[key] = value
            elif keep_it == "change":
                out[key] = other
        return {**out, **extra}
    n = len(example)
    choices = st.sampled_from(["keep"] * 6 + ["change", "drop"])
    return st.builds(mutate, st.lists(choices, min_size=n, max_size=n),
                     st.lists(scalars, min_size=n, max_size=n),
                     st.dictionaries(st.sampled_from(["op", "extra", "id"]), scalars | st.text(), max_size=1))


def payloads(fields: list[str], example: dict | None = None):
    """Mostly objects with the schema's own field names and arbitrary values; sometimes anything."""
    named = st.dictionaries(st.sampled_from(fields) if fields else st.nothing(), scalars | json_values,
                            max_size=6)
    extra = st.dictionaries(st.text(max_size=8), json_values, max_size=2)
    wild = st.one_of(named, st.builds(lambda a, b: {**a, **b}, named, extra), json_values)
    return st.one_of(mutated(example), wild) if example else wild


@pytest.fixture
def fuzz_app(tmp_path):
    # No abuse limits and no background aggregate flushes: every change is the event's own.
    yield make_app(tmp_path, AGGREGATE_INTERVAL=3600, PRESENCE_INTERVAL=3600, EVENTS_PER_SECOND=0,
                   EVENTS_PER_IP_PER_SECOND=0, JOINS_PER_IP_PER_HOUR=0, WORKSHOPS_PER_IP_PER_HOUR=0,
                   FAILED_LOOKUPS_PER_IP_PER_HOUR=0)


@pytest.fixture
def room(fuzz_app):
    helper = Workshops(fuzz_app, fuzz_app.test_client())
    created, fac, people = helper.room(participants=1, agenda=AGENDA)
    assert fac.emit("step:set", {"step": "s2"}, callback=True)["ok"]
    assert people[0].emit("card:add", {"text": "Eerste kaartje"}, callback=True)["ok"]
    assert fac.emit("theme:add", {"step": "s2", "title": "Eerste thema"}, callback=True)["ok"]
    yield fuzz_app, created, fac, people[0]
    helper.close()


def fingerprint(app, code: str) -> str:
    """Everything the facilitator can see of the workshop, except who is online."""
    with app.app_context():
        w = reads.workshop_by_code(code)
        me = db.session.get(Participant, w.facilitator_id)
        state = reads.snapshot(w, me)
        for p in state["participants"]:
            p.pop("online")
        db.session.rollback()
        return json.dumps(state, sort_keys=True, default=str)


def test_arbitrary_payloads_for_every_event_get_a_contract_answer_and_change_nothing_unless_ok(room):
    app, created, fac, person = room
    tried = {"ok": 0, "refused": 0}
    unchanged = {}  # the fingerprint a refused event was just seen to leave as it was

    @fuzz(EVENT_EXAMPLES)
    @given(data=st.data())
    def attempt(data):
        event = data.draw(st.sampled_from(sorted(EVENTS)))
        sio = data.draw(st.sampled_from([fac, person]))
        payload = data.draw(payloads(sorted(EVENTS[event].model_fields), VALID.get(event)))
        before = unchanged.pop("state", None) or fingerprint(app, created["code"])
        ack = sio.emit(event, payload, callback=True)
        assert sio.is_connected()
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool)
        if ack["ok"]:
            tried["ok"] += 1
        else:
            tried["refused"] += 1
            assert ack["error"]["code"] in CODES, ack
            after = fingerprint(app, created["code"])
            assert after == before, (event, payload, ack)
            unchanged["state"] = after  # nothing else changes the workshop before the next event
        sio.get_received()

    attempt()
    print(f"events: {tried['ok']} accepted, {tried['refused']} refused, 0 faults")
    assert tried["refused"] > tried["ok"] > 0


@pytest.mark.parametrize("args", [(), ({"since": 0}, {"since": 0}), ("text",), (None,), ([1, 2],)])
def test_an_event_with_anything_but_one_object_is_invalid(room, args):
    _, _, fac, _ = room
    for event in EVENTS:
        ack = fac.emit(event, *args, callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert fac.is_connected()


def counts(app) -> tuple[int, int]:
    with app.app_context():
        return (db.session.scalar(select(func.count(Workshop.id))),
                db.session.scalar(select(func.count(Participant.id))))


def test_arbitrary_bodies_at_every_route_get_a_contract_answer(room):
    app, created, _, _ = room
    client = app.test_client()
    code = created["code"]
    bearer = {"Authorization": f"Bearer {created['facilitator_token']}"}
    routes = [("POST", "/api/workshops", {}), ("POST", f"/api/workshops/{code}/participants", {}),
              ("POST", f"/api/workshops/{code}/session", bearer), ("GET", f"/api/workshops/{code}", {}),
              ("GET", f"/api/workshops/{code}/summary.json", bearer), ("PUT", "/api/workshops", {}),
              ("POST", "/api/workshops/{}/participants", {}), ("GET", "/api/templates/{}", {})]
    fields = sorted({"title", "intervention", "name", "role", "group", "anonymous", "language",
                     "votes_per_participant", "max_votes_per_strategy", "follow_up_of", "facilitator_name",
                     "template", "agenda"})
    tried = {"ok": 0, "refused": 0}

    @fuzz(ROUTE_EXAMPLES)
    @given(route=st.sampled_from(routes), body=payloads(fields) | st.binary(max_size=60),
           code_text=st.text(max_size=12))
    def attempt(route, body, code_text):
        method, path, headers = route
        path = path.replace("{}", code_text.replace("/", "").replace("?", "").replace("#", "") or "x")
        before = counts(app)
        kwargs = {"data": body} if isinstance(body, bytes) else {"json": body}
        response = client.open(path, method=method, headers={**headers, "Content-Type": "application/json"},
                               **kwargs)
        assert response.status_code in STATUSES, (response.status_code, response.data[:300])
        assert response.is_json
        if response.status_code >= 400:
            tried["refused"] += 1
            assert response.json["error"]["code"] in CODES
            assert counts(app) == before
        else:
            tried["ok"] += 1

    attempt()
    print(f"routes: {tried['ok']} accepted, {tried['refused']} refused, 0 faults")
    assert tried["refused"] > tried["ok"] > 0
