"""Abuse limits: each configurable, each answering `rate_limited` and changing nothing."""

import subprocess
import sys
from pathlib import Path

import pytest
from flask import request, session

from tests.helpers import Workshops, make_app
from workshop import events, limits
from workshop.extensions import socketio
from workshop.limits import Limit, Turns

# Event limits refilling so slowly that no token comes back during a test, however busy the
# machine: what is refused is decided by the counts alone.
SLOW_REFILL = 0.001


def limited_app(tmp_path, **limits):
    return make_app(tmp_path, **limits)


def from_ip(ip: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": ip}}


def refused(response) -> bool:
    return response.status_code == 429 and response.json["error"]["code"] == "rate_limited"


def test_workshops_created_per_ip_are_limited(tmp_path):
    client = limited_app(tmp_path, WORKSHOPS_PER_IP_PER_HOUR=2).test_client()
    body = {"title": "T", "intervention": "I"}
    assert [client.post("/api/workshops", json=body, **from_ip("10.0.0.1")).status_code
            for _ in range(2)] == [201, 201]
    assert refused(client.post("/api/workshops", json=body, **from_ip("10.0.0.1")))
    assert client.post("/api/workshops", json=body, **from_ip("10.0.0.2")).status_code == 201


def test_unknown_codes_exhaust_an_ip_and_then_even_a_right_code_is_refused(tmp_path):
    app = limited_app(tmp_path, FAILED_LOOKUPS_PER_IP_PER_HOUR=3)
    client = app.test_client()
    code = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    guesses = [client.post(f"/api/workshops/ABCD{n}XYZ/participants", json={"name": "G"},
                           **from_ip("10.0.0.9")) for n in range(2, 5)]
    assert [r.status_code for r in guesses] == [404, 404, 404]
    assert refused(client.post(f"/api/workshops/{code}/participants", json={"name": "G"},
                               **from_ip("10.0.0.9")))
    assert refused(client.get(f"/api/workshops/{code}", **from_ip("10.0.0.9")))
    assert client.post(f"/api/workshops/{code}/participants", json={"name": "Anna"},
                       **from_ip("10.0.0.10")).status_code == 201


def test_wrong_tokens_count_as_failed_lookups_on_http_and_socket(tmp_path):
    app = limited_app(tmp_path, FAILED_LOOKUPS_PER_IP_PER_HOUR=2)
    client = app.test_client()
    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    code = created["code"]
    assert client.get(f"/api/workshops/{code}", headers={"Authorization": "Bearer wrong"}).status_code == 401
    sio = socketio.test_client(app, auth={"code": code, "token": "wrong"}, flask_test_client=client)
    assert not sio.is_connected()
    sio = socketio.test_client(app, auth={"code": code, "token": created["facilitator_token"]},
                               flask_test_client=client)
    assert not sio.is_connected()
    assert refused(client.get(f"/api/workshops/{code}",
                              headers={"Authorization": f"Bearer {created['facilitator_token']}"}))


def test_join_attempts_per_ip_are_limited(tmp_path):
    client = limited_app(tmp_path, JOINS_PER_IP_PER_HOUR=2).test_client()
    code = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    statuses = [client.post(f"/api/workshops/{code}/participants", json={"name": f"P{i}"}).status_code
                for i in range(3)]
    assert statuses == [201, 201, 429]


def test_a_full_workshop_refuses_the_next_participant(tmp_path):
    client = limited_app(tmp_path, MAX_PARTICIPANTS=2).test_client()
    code = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    for name in ("A", "B"):
        assert client.post(f"/api/workshops/{code}/participants", json={"name": name}).status_code == 201
    assert refused(client.post(f"/api/workshops/{code}/participants", json={"name": "C"}))


def test_a_flooding_participant_is_limited_and_the_others_are_not(tmp_path):
    app = limited_app(tmp_path, EVENTS_PER_SECOND=SLOW_REFILL, EVENT_BURST=3)
    helper = Workshops(app, app.test_client())
    try:
        created, fac, (flooder, other) = helper.room(participants=2)
        acks = [flooder.emit("actor:add", {"name": f"A{i}", "category": "funder"}, callback=True)
                for i in range(6)]
        assert [a["ok"] for a in acks[:3]] == [True] * 3
        assert all(a["error"]["code"] == "rate_limited" for a in acks[3:])
        assert other.emit("actor:add", {"name": "Other", "category": "funder"}, callback=True)["ok"]
        state = fac.emit("sync", {"since": 0}, callback=True)
        assert [e["data"]["actor"]["name"] for e in state["events"] if e["type"] == "actor.added"] == \
            ["A0", "A1", "A2", "Other"]
    finally:
        helper.close()


def test_a_participant_who_keeps_flooding_is_disconnected(tmp_path):
    app = limited_app(tmp_path, EVENTS_PER_SECOND=SLOW_REFILL, EVENT_BURST=2, FLOOD_DISCONNECT_AFTER=5)
    helper = Workshops(app, app.test_client())
    try:
        created, fac, (flooder,) = helper.room(participants=1)
        acks = [flooder.emit("sync", {"since": 0}, callback=True) for _ in range(7)]
        assert [a["ok"] for a in acks] == [True, True, False, False, False, False, False]
        assert flooder.is_connected()
        assert flooder.emit("sync", {"since": 0}, callback=True)["error"]["code"] == "rate_limited"
        assert not flooder.is_connected()
        assert fac.is_connected()
    finally:
        helper.close()


def test_a_limit_of_zero_is_switched_off():
    limit = Limit(0, 0)
    assert all(limit.take("k") for _ in range(1000))


def test_pages_naming_unknown_codes_count_against_guessing_too(tmp_path):
    client = limited_app(tmp_path, FAILED_LOOKUPS_PER_IP_PER_HOUR=2).test_client()
    code = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    assert client.get(f"/join/{code}").status_code == 200
    assert [client.get(path).status_code for path in ("/join/ABCD2345", "/qr/ABCD2346.svg")] == [404, 404]
    assert refused(client.get(f"/join/{code}"))
    assert refused(client.get(f"/qr/{code}.svg"))


def test_everyone_on_one_ip_shares_its_event_limit(tmp_path):
    app = limited_app(tmp_path, EVENTS_PER_IP_PER_SECOND=SLOW_REFILL, EVENT_BURST_PER_IP=4)
    helper = Workshops(app, app.test_client())
    try:
        created, fac, (anna, bram) = helper.room(participants=2)  # fac's connect takes no event
        first = [anna.emit("sync", {"since": 0}, callback=True)["ok"] for _ in range(3)]
        then = [bram.emit("sync", {"since": 0}, callback=True) for _ in range(3)]
        assert first == [True, True, True]
        assert then[0]["ok"] and [a["error"]["code"] for a in then[1:]] == ["rate_limited"] * 2
        assert anna.emit("sync", {"since": 0}, callback=True)["error"]["code"] == "rate_limited"
    finally:
        helper.close()


def test_one_ip_fills_only_its_share_of_a_workshop(tmp_path):
    client = limited_app(tmp_path, JOINS_PER_IP_PER_WORKSHOP=2).test_client()
    code = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    other = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]

    def join(workshop: str, ip: str):
        return client.post(f"/api/workshops/{workshop}/participants", json={"name": "P"}, **from_ip(ip))

    assert [join(code, "10.0.0.1").status_code for _ in range(2)] == [201, 201]
    third = join(code, "10.0.0.1")
    assert refused(third) and "network" in third.json["error"]["message"]
    assert join(code, "10.0.0.2").status_code == 201
    assert join(other, "10.0.0.1").status_code == 201


def test_a_participant_cut_off_for_flooding_waits_before_connecting_again(tmp_path):
    app = limited_app(tmp_path, EVENTS_PER_SECOND=SLOW_REFILL, EVENT_BURST=1, FLOOD_DISCONNECT_AFTER=4)
    helper = Workshops(app, app.test_client())
    try:
        code = helper.create()["code"]
        flooding, calm = helper.join(code, "Flood")["token"], helper.join(code, "Bram")["token"]
        flooder = helper.connect(code, flooding)
        for _ in range(8):
            if not flooder.is_connected():
                break
            flooder.emit("sync", {"since": 0}, callback=True)
        assert not flooder.is_connected()
        again = socketio.test_client(app, auth={"code": code, "token": flooding},
                                     flask_test_client=app.test_client())
        assert not again.is_connected()
        assert helper.connect(code, calm).is_connected()  # someone else connects as usual
    finally:
        helper.close()


def socket_from(app, code: str, token: str, ip: str):
    http = app.test_client()
    http.environ_base["REMOTE_ADDR"] = ip
    return socketio.test_client(app, auth={"code": code, "token": token}, flask_test_client=http)


def test_many_participants_flooding_from_one_ip_are_cut_off_together(tmp_path):
    app = limited_app(tmp_path, EVENTS_PER_IP_PER_SECOND=SLOW_REFILL, EVENT_BURST_PER_IP=2,
                      FLOOD_DISCONNECT_AFTER=1000, FLOOD_DISCONNECT_AFTER_PER_IP=6)
    helper = Workshops(app, app.test_client())
    try:
        code = helper.create()["code"]
        tokens = [helper.join(code, f"Flood {i}")["token"] for i in range(3)]
        calm_token = helper.join(code, "Bram")["token"]
        flooders = [socket_from(app, code, t, "10.0.0.7") for t in tokens]
        acks = []
        for _ in range(4):
            for flooder in flooders:
                if flooder.is_connected():
                    acks.append(flooder.emit("sync", {"since": 0}, callback=True))
        # Two within the IP's burst, six refused to the IP as a whole, then each sender is cut off.
        assert [a["ok"] for a in acks[:2]] == [True, True]
        assert all(a["error"]["code"] == "rate_limited" for a in acks[2:])
        assert not any(f.is_connected() for f in flooders)
        again = socket_from(app, code, tokens[0], "10.0.0.7")
        assert not again.is_connected()
        calm = socket_from(app, code, calm_token, "10.0.0.8")
        assert calm.is_connected()
        assert calm.emit("sync", {"since": 0}, callback=True)["ok"]
    finally:
        helper.close()


def handshake(app, ip: str, transport: str = "polling", sid: str = ""):
    """A request for a new Engine.IO session (a browser's first request to Socket.IO), or with
    `sid` one of a session already open."""
    query = f"EIO=4&transport={transport}" + (f"&sid={sid}" if sid else "")
    return app.test_client().get(f"/socket.io/?{query}", **from_ip(ip))


def test_an_ip_cut_off_for_flooding_is_refused_at_the_handshake_until_half_has_refilled(tmp_path, clock):
    app = limited_app(tmp_path, EVENTS_PER_IP_PER_SECOND=2, EVENT_BURST_PER_IP=2,
                      FLOOD_DISCONNECT_AFTER=1000, FLOOD_DISCONNECT_AFTER_PER_IP=6)
    helper = Workshops(app, app.test_client())
    try:
        code = helper.create()["code"]
        tokens = [helper.join(code, f"Flood {i}")["token"] for i in range(3)]
        assert handshake(app, "10.0.0.7").status_code == 200  # before the flood
        flooders = [socket_from(app, code, t, "10.0.0.7") for t in tokens]
        while any(f.is_connected() for f in flooders):
            for flooder in flooders:
                if flooder.is_connected():
                    flooder.emit("sync", {"since": 0}, callback=True)
        refused = handshake(app, "10.0.0.7")
        assert refused.status_code == 429 and refused.json == {"error": {
            "code": "rate_limited", "message": limits.COOLING_DOWN}}
        assert refused.headers["Retry-After"] == "2"  # 3 of 6 refilled at 2 a second
        assert handshake(app, "10.0.0.7", "websocket").status_code == 429
        assert handshake(app, "10.0.0.8").status_code == 200  # another address, as usual
        assert handshake(app, "10.0.0.7", sid="open").status_code != 429  # an open session's request
        assert app.test_client().get("/healthz", **from_ip("10.0.0.7")).status_code == 200
        clock.now += 1.4
        assert handshake(app, "10.0.0.7").headers["Retry-After"] == "1"
        clock.now += 0.2
        assert handshake(app, "10.0.0.7").status_code == 200
        assert socket_from(app, code, tokens[0], "10.0.0.7").is_connected()
    finally:
        helper.close()


def test_an_event_whose_connection_closed_while_it_waited_is_dropped_uncounted(tmp_path):
    # A flooder cut off with events already read: each of them, once its turn comes, finds its
    # connection closed, and is neither counted against the limits nor handled.
    app = limited_app(tmp_path, EVENTS_PER_SECOND=SLOW_REFILL, EVENT_BURST=1)
    helper = Workshops(app, app.test_client())
    try:
        code = helper.create()["code"]
        joined = helper.join(code, "Anna")
        token = joined["token"]
        sio = helper.connect(code, token)
        sid = socketio.server.manager.sid_from_eio_sid(sio.eio_sid, "/")
        socketio.server.disconnect(sid)
        with app.test_request_context():  # as the event's handler sees it once its turn comes
            request.sid, request.namespace = sid, "/"
            session["participant_id"] = joined["participant"]["id"]
            assert events.answer("actor:add", ({"name": "Late", "category": "funder"},)) == events.CLOSED
        again = helper.connect(code, token)
        assert again.emit("sync", {"since": 0}, callback=True)["ok"]  # the one token still there
        assert again.emit("sync", {"since": 0}, callback=True)["error"]["code"] == "rate_limited"
        assert helper.client.get(f"/api/workshops/{code}", headers={
            "Authorization": f"Bearer {token}"}).json["actors"] == []
    finally:
        helper.close()


TURNS_UNDER_EVENTLET = """
import eventlet
import eventlet.event
eventlet.monkey_patch()
from workshop.limits import Turns

turns, order = Turns(), []

def handler(key, i):
    with turns.turn(key):
        order.append(f"{key}{i}")  # work that never yields, as sqlite3 calls do

pool = eventlet.GreenPool()
for i in range(20):  # read by the server (`arrived`), then handled
    turns.arrived("A")
    pool.spawn(handler, "A", i)
turns.arrived("B")
pool.spawn(handler, "B", 0)
pool.waitall()
print(" ".join(order), len(turns))

# An event that waits once started (for a workshop, for PostgreSQL) holds up nothing of its IP.
opened, done = eventlet.event.Event(), []

def waiting():
    with turns.turn("C"):
        opened.wait()
        done.append("waited")

def quick():
    with turns.turn("C"):
        done.append("quick")

slow = pool.spawn(waiting)
pool.spawn(quick).wait()
opened.send()
slow.wait()
print(" ".join(done))
"""


def test_a_backlog_of_events_from_one_ip_holds_up_another_ips_event_by_one_event():
    # Under eventlet, as the server runs: twenty events of one IP were received before another
    # IP's one. Without turns the other one would be handled last, after the whole backlog.
    # Only starts take turns: one that then waits lets the next of its IP go on.
    result = subprocess.run([sys.executable, "-c", TURNS_UNDER_EVENTLET], capture_output=True,
                            text=True, cwd=Path(__file__).resolve().parent.parent, check=True)
    first, second = result.stdout.splitlines()
    order, left = first.split()[:-1], first.split()[-1]
    assert order.index("B0") == 1
    assert [o for o in order if o.startswith("A")] == [f"A{i}" for i in range(20)]
    assert left == "0"  # no lock is kept for an IP with nothing to handle
    assert second.split() == ["quick", "waited"]


class Clock:
    """Stands in for `time` in workshop.limits: the time is set by the test, sleeps are noted."""

    def __init__(self):
        self.now, self.slept = 1000.0, []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The turns' time, set by the test."""
    clock = Clock()
    monkeypatch.setattr(limits, "time", clock)
    return clock


def backlog(turns: Turns) -> None:
    """As if more events of the key waited behind the one starting."""
    turns._keys.queued = lambda key: 2


def test_an_ip_with_a_backlog_starts_its_next_event_no_sooner_than_its_previous_one_took(clock):
    # A flooding IP gets at most half of the server: after an event of 20 ms its next one
    # waits out those 20 ms (meanwhile everyone else's events run), another IP's does not.
    turns = Turns()
    backlog(turns)
    with turns.turn("10.0.0.7"):
        clock.now += 0.020
    with turns.turn("10.0.0.8"):
        pass
    clock.now += 0.005
    with turns.turn("10.0.0.7"):
        pass
    assert clock.slept == [0, 0.015]  # the first, alone on the server, did not even yield
    clock.now += 0.5  # an IP whose pause has passed does not wait
    with turns.turn("10.0.0.7"):
        clock.now += 5  # an event that waited long (for a workshop, for PostgreSQL)
    with turns.turn("10.0.0.8"):
        pass
    with turns.turn("10.0.0.7"):
        pass
    assert clock.slept[2:] == [0, limits.MAX_PAUSE]  # .8, idle for 5 s, was alone: no yield


def test_an_ip_with_a_backlog_alone_on_the_server_never_pauses(clock):
    # A room on one venue address with nobody else about: a pause would only leave the server
    # idle. Once another IP is served, the backlog takes turns with it again.
    turns = Turns()
    backlog(turns)
    with turns.turn("10.0.0.8"):
        pass
    clock.now += limits.OTHERS_WINDOW
    for _ in range(3):
        with turns.turn("10.0.0.7"):
            clock.now += 0.020
    assert clock.slept == []
    with turns.turn("10.0.0.8"):
        pass
    with turns.turn("10.0.0.7"):
        pass
    assert clock.slept == [0, 0.020]


def test_an_ip_yields_its_turn_once_another_ips_event_was_read(clock):
    # Read but not started yet: the server counts events as it reads them (`arrived`), so an
    # IP whose backlog starts first lets it go ahead even if that IP was not about before.
    turns = Turns()
    with turns.turn("10.0.0.7"):
        pass
    turns.arrived("10.0.0.7")  # its own next one does not count
    with turns.turn("10.0.0.7"):
        pass
    assert clock.slept == []
    turns.arrived("10.0.0.9")
    with turns.turn("10.0.0.7"):
        pass
    with turns.turn("10.0.0.9"):  # started: no longer waiting
        pass
    assert clock.slept == [0, 0]  # the first for the waiting one, the second as .7 was about
    clock.now += limits.OTHERS_WINDOW
    with turns.turn("10.0.0.7"):
        pass
    assert clock.slept == [0, 0]


def test_an_ip_with_nothing_waiting_never_pauses(clock):
    # One person's events one after another (or a room's, one at a time) only take turns.
    turns = Turns()
    for _ in range(3):
        with turns.turn("10.0.0.7"):
            clock.now += 0.020
    assert clock.slept == []  # alone: not even a yield
    assert len(turns) == 0


def test_an_event_that_waits_once_started_does_not_pause_its_ip(clock):
    turns = Turns()
    backlog(turns)
    with turns.turn("10.0.0.7"):
        clock.now += 0.020
        with turns.turn("10.0.0.7"):  # started while the first still runs
            pass
    assert clock.slept == []
