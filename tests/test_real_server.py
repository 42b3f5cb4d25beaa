"""Security and abuse limits against the real eventlet server (the test client skips origin
checks, transport size limits and real sockets)."""

import http.client
import json
import subprocess
import sys
import textwrap
import time

import pytest
import requests
import socketio
import websocket

from tests.helpers import ServerProcess, wait_for
from tests.live_client import LiveClient, api

pytestmark = pytest.mark.live
LIMIT = 64 * 1024  # MAX_MESSAGE_BYTES and MAX_CONTENT_LENGTH, the defaults
ANSWER = 30  # seconds a busy machine may take to connect or answer; the answers are what is checked


@pytest.fixture
def debug_server(tmp_path):
    """The real server, logging everything it logs at DEBUG level."""
    process = ServerProcess(tmp_path, env={"LOG_LEVEL": "DEBUG"}).start()
    yield process
    process.stop()


def workshop(url: str, participants: int = 1) -> tuple[dict, list[str]]:
    created = api(url, "POST", "/api/workshops", json={"title": "T", "intervention": "I"}).json()
    tokens = [api(url, "POST", f"/api/workshops/{created['code']}/participants",
                  json={"name": f"P{i}"}).json()["token"] for i in range(participants)]
    return created, tokens


def test_a_handshake_from_a_foreign_origin_is_refused(server):
    created, _ = workshop(server.url)
    auth = {"code": created["code"], "token": created["facilitator_token"]}
    foreign = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        foreign.connect(server.url, auth=auth, transports=["polling"],
                        headers={"Origin": "https://evil.example"}, wait_timeout=ANSWER)
    own = socketio.Client(reconnection=False)
    own.connect(server.url, auth=auth, transports=["polling"], headers={"Origin": server.url},
                wait_timeout=ANSWER)
    assert own.connected
    own.disconnect()
    handshake = requests.get(f"{server.url}/socket.io/?EIO=4&transport=polling",
                             headers={"Origin": "https://evil.example"}, timeout=ANSWER)
    assert handshake.status_code == 400

    ws_url = f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(ws_url, origin="https://evil.example", timeout=ANSWER)
    assert refused.value.status_code == 400
    accepted = websocket.create_connection(ws_url, origin=server.url, timeout=ANSWER)
    assert accepted.recv().startswith("0{")  # engine.io's open packet
    accepted.close()


def padded(event: str, size: int) -> dict:
    """A payload whose Socket.IO packet (`42<ack id>["event",{...}]`) is exactly `size` bytes."""
    payload = {"name": "Padded", "category": "funder", "note": ""}
    overhead = len("421" + json.dumps([event, payload], separators=(",", ":")))
    return {**payload, "note": "x" * (size - overhead)}


def test_a_message_just_under_the_size_limit_is_answered_and_just_over_is_refused(server):
    created, _ = workshop(server.url)
    client = LiveClient(server.url, created["code"], created["facilitator_token"])
    client.connect(transports=["websocket"])
    under = client.sio.call("actor:add", padded("actor:add", LIMIT - 16), timeout=ANSWER)
    assert under["error"]["code"] == "invalid"  # read and judged: the note is too long
    with pytest.raises(socketio.exceptions.TimeoutError):
        client.sio.call("actor:add", padded("actor:add", LIMIT + 16), timeout=3)
    assert wait_for(lambda: client.connects >= 2)  # closed; the client came back by itself
    assert client.sio.call("sync", {"since": 0}, timeout=ANSWER) == {"ok": True, "events": []}
    client.close()

    code = created["code"]
    for size, status in ((LIMIT - 16, 400), (LIMIT + 16, 413)):
        body = json.dumps({"name": "x" * (size - len('{"name": ""}'))})
        response = requests.post(f"{server.url}/api/workshops/{code}/participants", data=body,
                                 headers={"Content-Type": "application/json"}, timeout=ANSWER)
        assert (response.status_code, len(body)) == (status, size)
    assert response.json()["error"]["code"] == "too_large"


FLOODER = textwrap.dedent("""
    import json, sys, time
    import socketio
    url, code, token, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    acks, last = [], [0.0]
    sio = socketio.Client(reconnection=False)
    sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=30)
    start = time.monotonic()
    sent = 0
    for i in range(count):  # 1,000 events a second, until the server closes the connection
        if not sio.connected:
            break
        sio.emit("actor:add", {"name": f"Flood {i}", "category": "funder"},
                 callback=lambda a: (acks.append(a), last.__setitem__(0, time.monotonic())))
        sent += 1
        time.sleep(max(0, start + (i + 1) / 1000 - time.monotonic()))
    deadline = time.monotonic() + 120  # a busy machine answers 2,000 events slowly
    while sio.connected and len(acks) < sent and time.monotonic() < deadline:
        time.sleep(0.05)
    print(json.dumps({"sent": sent, "answers": [a["ok"] or a["error"]["code"] for a in acks],
                      "disconnected": not sio.connected, "seconds": last[0] - start}))
""")


def answered(client: LiveClient, count: int) -> list[bool]:
    """`count` calls a second apart at a tenth of the limit; whether each was answered ok."""
    seen = []
    for _ in range(count):
        seen.append(client.sio.call("sync", {"since": 10**9}, timeout=60)["ok"])  # behind a flood's backlog
        time.sleep(0.1)
    return seen


@pytest.fixture
def patient_server(tmp_path):
    """The real server with flooders never disconnected: a flood lasts as long as its sender wants."""
    process = ServerProcess(tmp_path, env={"FLOOD_DISCONNECT_AFTER": "0"}).start()
    yield process
    process.stop()


def flood(url: str, code: str, token: str, count: int) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", FLOODER, url, code, token, str(count)],
                               stdout=subprocess.PIPE, text=True)
    return process


def test_a_flooding_participant_is_limited_while_the_others_are_answered(patient_server):
    """Counts only: how fast the others stay is measured by bench/join_storm.py (flood)."""
    server = patient_server
    created, (flooder, calm) = workshop(server.url, participants=2)
    code = created["code"]
    other = LiveClient(server.url, code, calm).connect(transports=["websocket"])
    flooding = flood(server.url, code, flooder, 2000)
    time.sleep(0.1)
    during = answered(other, 15)
    out, _ = flooding.communicate(timeout=180)
    flooded = json.loads(out)
    other.close()
    answers = flooded["answers"]
    accepted = answers.count(True)
    assert during == [True] * 15
    assert answers.count("rate_limited") == len(answers) - accepted
    # The burst, then 10 a second for as long as the server took to answer them all.
    assert accepted <= 20 + 10 * (flooded["seconds"] + 1)
    assert flooded["sent"] == 2000 and len(answers) == 2000
    state = api(server.url, "GET", f"/api/workshops/{code}", token=created["facilitator_token"]).json()
    assert len(state["actors"]) == accepted


def test_a_participant_who_keeps_flooding_is_cut_off(server):
    created, (flooder,) = workshop(server.url)
    out, _ = flood(server.url, created["code"], flooder, 2000).communicate(timeout=180)
    flooded = json.loads(out)
    answers, seconds = flooded["answers"], flooded["seconds"]
    assert flooded["disconnected"]
    # Cut off once its refusals pass FLOOD_DISCONNECT_AFTER (100, refilling at 10 a second),
    # however many of its 2,000 events a busy machine had received by then.
    assert answers.count("rate_limited") <= 100 + 10 * (seconds + 1)
    assert answers.count(True) <= 20 + 10 * (seconds + 1)
    assert answers.count(True) + answers.count("rate_limited") == len(answers)
    print(f"flood with default limits: cut off after {len(answers)} answers, "
          f"{answers.count(True)} accepted")


@pytest.fixture
def cutting_server(tmp_path):
    """The real server cutting an address off after 2 events and 30 refused ones, refilling at
    one a second: cut off for 15 s, long enough to look at however busy the machine."""
    process = ServerProcess(tmp_path, env={"EVENTS_PER_IP_PER_SECOND": "1", "EVENT_BURST_PER_IP": "2",
                                           "FLOOD_DISCONNECT_AFTER_PER_IP": "30"}).start()
    yield process
    process.stop()


def handshake(url: str, source: str = "127.0.0.1", transport: str = "polling") -> tuple[int, dict, dict]:
    """A new Engine.IO session's first request, from `source`: status, headers, JSON body."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=ANSWER, source_address=(source, 0))
    try:
        connection.request("GET", f"/socket.io/?EIO=4&transport={transport}")
        response = connection.getresponse()
        body = response.read()
        is_json = response.getheader("Content-Type") == "application/json"
        return response.status, dict(response.getheaders()), json.loads(body) if is_json else {}
    finally:
        connection.close()


def test_an_address_cut_off_for_flooding_is_refused_at_the_handshake_and_later_accepted(cutting_server):
    server = cutting_server
    created, (flooder, other) = workshop(server.url, participants=2)
    code = created["code"]
    out, _ = flood(server.url, code, flooder, 2000).communicate(timeout=180)
    assert json.loads(out)["disconnected"]
    status, headers, body = handshake(server.url)
    assert (status, body["error"]["code"]) == (429, "rate_limited")
    assert 1 <= int(headers["Retry-After"]) <= 15
    assert handshake(server.url, transport="websocket")[0] == 429
    refused = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect(server.url, auth={"code": code, "token": other}, transports=["websocket"],
                        wait_timeout=ANSWER)
    assert handshake(server.url, source="127.0.0.2")[0] == 200  # another address, as usual
    assert wait_for(lambda: handshake(server.url)[0] == 200, timeout=60)
    again = LiveClient(server.url, code, other).connect(transports=["websocket"])
    assert again.sio.call("sync", {"since": 0}, timeout=ANSWER)["ok"]
    again.close()


def test_a_replayed_op_is_applied_once(server):
    created, (token,) = workshop(server.url)
    code = created["code"]
    first = LiveClient(server.url, code, token).connect()
    strategy = sorted(first.tallies)[0]
    add = {"name": "Gemeente", "category": "policy", "op": "op-actor-1"}
    vote = {"strategy_id": strategy, "op": "op-vote-1"}
    ops = (("actor:add", add), ("vote:cast", vote))
    acks = [first.sio.call(event, payload, timeout=ANSWER) for event, payload in ops]
    first.close()
    again = LiveClient(server.url, code, token).connect()  # a new connection, as after a reconnect
    assert [again.sio.call(event, payload, timeout=ANSWER) for event, payload in ops] == acks
    assert again.sio.call("actor:add", add, timeout=ANSWER) == acks[0]
    again.close()
    state = api(server.url, "GET", f"/api/workshops/{code}", token=token).json()
    assert [a["name"] for a in state["actors"]] == ["Gemeente"]
    assert sum(s["my_votes"] for s in state["strategies"]) == 1
    assert acks[1]["votes_left"] == 4


def test_a_participant_of_one_workshop_can_neither_read_nor_change_another(server):
    a, (a_token,) = workshop(server.url)
    b, (b_token,) = workshop(server.url)
    b_client = LiveClient(server.url, b["code"], b_token).connect()
    b_actor = b_client.sio.call("actor:add", {"name": "Zorgverzekeraar", "category": "funder"},
                                timeout=ANSWER)
    b_strategy = sorted(b_client.tallies)[0]
    before = api(server.url, "GET", f"/api/workshops/{b['code']}", token=b["facilitator_token"]).json()

    stranger = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect(server.url, auth={"code": b["code"], "token": a_token}, wait_timeout=ANSWER)
    for path in ("", "/summary.json"):
        assert api(server.url, "GET", f"/api/workshops/{b['code']}{path}", token=a_token).status_code == 401
    mallory = LiveClient(server.url, a["code"], a_token).connect()
    attempts = [
        ("actor:update", {"id": b_actor["actor"]["id"], "name": "Hacked"}),
        ("actor:remove", {"id": b_actor["actor"]["id"]}),
        ("ownership:set", {"actor_id": b_actor["actor"]["id"], "area": "use", "role": "driver"}),
        ("vote:cast", {"strategy_id": b_strategy}),
        ("action:add", {"title": "X", "strategy_id": b_strategy}),
    ]
    for event, payload in attempts:
        assert mallory.sio.call(event, payload, timeout=ANSWER)["error"]["code"] == "not_found"
    seen = mallory.sio.call("sync", {"since": 0}, timeout=ANSWER)["events"]
    assert all(e["data"].get("actor", {}).get("name") != "Zorgverzekeraar" for e in seen)
    mallory.close()
    b_client.close()
    after = api(server.url, "GET", f"/api/workshops/{b['code']}", token=b["facilitator_token"]).json()
    assert {**after, "participants": None} == {**before, "participants": None}  # all but who is online


def test_tokens_never_appear_in_the_server_log(debug_server):
    url = debug_server.url
    created, tokens = workshop(url, participants=2)
    code = created["code"]
    secrets_ = [created["facilitator_token"], *tokens]
    for token in secrets_:
        client = LiveClient(url, code, token).connect()
        client.sio.call("actor:add", {"name": "A", "category": "funder"}, timeout=ANSWER)
        client.sio.call("actor:add", {"bad": token}, timeout=ANSWER)
        client.close()
        api(url, "POST", f"/api/workshops/{code}/session", token=token)
        api(url, "GET", f"/api/workshops/{code}", token=token + "x")
        refused = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            refused.connect(url, auth={"code": "WRONG234", "token": token}, wait_timeout=ANSWER)
    debug_server.stop()
    log = debug_server.log()
    assert "Serving on" in log
    assert not [t for t in secrets_ if t in log or t[:16] in log]
