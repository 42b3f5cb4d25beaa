"""The real server (`python run.py`, eventlet) driven by python-socketio clients over WebSocket."""

import json
import socket
import subprocess
import sys
import threading

import pytest
import requests
import socketio
import websocket

from tests.helpers import ROOT, ServerProcess, wait_for
from workshop.server import Protocol

pytestmark = pytest.mark.live


class Client:
    """A python-socketio client that keeps its `state`, its events and its presence messages."""

    def __init__(self, url: str, code: str, token: str):
        self.state, self.events, self.presence = None, [], []
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("state", lambda state: setattr(self, "state", state))
        self.sio.on("event", self.events.append)
        self.sio.on("presence", self.presence.append)
        self.sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=30)
        assert wait_for(lambda: self.state is not None)

    def call(self, event: str, payload: dict) -> dict:
        return self.sio.call(event, payload, timeout=30)

    @property
    def seq(self) -> int:
        return self.events[-1]["seq"] if self.events else self.state["seq"]

    def consecutive(self) -> bool:
        return [e["seq"] for e in self.events] == list(range(self.state["seq"] + 1, self.seq + 1))


def tallies(events: list[dict]) -> dict:
    counts = {}
    for e in events:
        if e["type"] == "votes.changed":
            counts.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
    return counts


@pytest.fixture(scope="module")
def server(module_server):
    """One server for this module: each test makes its own workshop."""
    return module_server


@pytest.fixture
def own_server(tmp_path):
    """A server of the test's own, for a test that restarts it or counts on its first ids."""
    process = ServerProcess(tmp_path).start()
    yield process
    process.stop()


@pytest.fixture
def room(server):
    """A workshop on the real server with its facilitator and three participants connected."""
    created = requests.post(
        f"{server.url}/api/workshops", json={"title": "Live", "intervention": "Beweegkuur"}, timeout=30
    ).json()
    tokens = [
        requests.post(
            f"{server.url}/api/workshops/{created['code']}/participants",
            json={"name": name, "role": "GGD"},
            timeout=30,
        ).json()["token"]
        for name in ("Anna", "Bram", "Carla")
    ]
    clients = [
        Client(server.url, created["code"], token) for token in [created["facilitator_token"], *tokens]
    ]
    yield created, clients
    for client in clients:
        client.sio.disconnect()


def test_facilitator_and_three_participants_see_each_others_changes_with_consecutive_seq(room):
    created, clients = room
    fac, *people = clients

    def work(client, n):
        for i in range(5):
            assert client.call("actor:add", {"name": f"{n}.{i}", "category": "other"})["ok"]
            assert client.call("vote:cast", {"strategy_id": 1 + i})["ok"]
            assert client.call("stage:set", {"area": "use", "stage": ("want", "can", "do")[(i + n) % 3]})[
                "ok"
            ]

    threads = [threading.Thread(target=work, args=(c, n)) for n, c in enumerate(people)]
    threads.append(
        threading.Thread(target=lambda: [fac.call("action:add", {"title": f"Actie {i}"}) for i in range(5)])
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Every vote is committed; once the facilitator's tallies show them all, nothing more is on its way.
    assert wait_for(lambda: tallies(fac.events) == {1: 3, 2: 3, 3: 3, 4: 3, 5: 3})
    last = fac.seq
    assert wait_for(lambda: all(c.seq == last for c in clients))
    for client in clients:
        assert client.consecutive()
        assert [(e["seq"], e["type"]) for e in client.events] == [(e["seq"], e["type"]) for e in fac.events]
    actors = [e["data"]["actor"]["name"] for e in fac.events if e["type"] == "actor.added"]
    assert sorted(actors) == sorted(f"{n}.{i}" for n in range(3) for i in range(5))
    hidden = [e["data"] for e in people[0].events if e["type"] == "votes.changed"]
    assert hidden and all(data == {"tallies": []} for data in hidden)  # results are hidden
    for client in clients:
        assert client.call("sync", {"since": client.state["seq"]})["events"] == client.events


def test_a_wrong_code_or_token_gets_connect_error_unauthorized(server):
    created = requests.post(
        f"{server.url}/api/workshops", json={"title": "T", "intervention": "I"}, timeout=30
    ).json()
    for auth in (
        {"code": created["code"], "token": "nope"},
        {"code": "ZZZZZZZZ", "token": created["facilitator_token"]},
        {"code": created["code"]},
        ["x"],
    ):
        errors = []
        sio = socketio.Client(reconnection=False)
        sio.on("connect_error", lambda data=None, errors=errors: errors.append(data))
        with pytest.raises(socketio.exceptions.ConnectionError):
            sio.connect(server.url, auth=auth, transports=["websocket"], wait_timeout=30)
        assert not sio.connected
        assert errors and errors[0]["message"] == "unauthorized", auth
        assert errors[0]["data"]["code"] == "unauthorized" and errors[0]["data"]["message"]
    assert requests.get(f"{server.url}/healthz", timeout=30).json() == {"status": "ok"}


def test_ten_simultaneous_votes_of_one_participant_on_the_real_server_never_overspend(own_server):
    server = own_server  # its first workshop: strategy 2 is one of its own
    created = requests.post(
        f"{server.url}/api/workshops",
        timeout=30,
        json={"title": "T", "intervention": "I", "votes_per_participant": 3, "max_votes_per_strategy": 3},
    ).json()
    token = requests.post(
        f"{server.url}/api/workshops/{created['code']}/participants", json={"name": "Anna"}, timeout=30
    ).json()["token"]
    tabs = [Client(server.url, created["code"], token) for _ in range(10)]
    barrier = threading.Barrier(10)
    answers = []

    def vote(tab):
        barrier.wait()
        answers.append(tab.call("vote:cast", {"strategy_id": 2}))

    threads = [threading.Thread(target=vote, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(a["votes_left"] for a in answers if a["ok"]) == [0, 1, 2]
    assert {a["error"]["code"] for a in answers if not a["ok"]} == {"invalid"}
    state = tabs[0].call("sync", {"since": 10**9})["state"]
    assert state["me"]["votes_left"] == 0 and state["strategies"][1]["my_votes"] == 3
    for tab in tabs:
        tab.sio.disconnect()


def test_a_participant_with_two_tabs_stays_online_until_both_are_gone(room, server):
    created, (fac, anna, *_) = room
    token = requests.post(
        f"{server.url}/api/workshops/{created['code']}/participants", json={"name": "Dirk"}, timeout=30
    ).json()["token"]
    first = Client(server.url, created["code"], token)
    dirk = first.state["me"]["id"]
    second = Client(server.url, created["code"], token)

    def dirk_online():
        changes = [p for message in fac.presence for p in message["changed"] if p["id"] == dirk]
        return changes[-1]["online"] if changes else None

    assert wait_for(lambda: dirk_online() is True)
    assert fac.presence[-1]["online"] == 4
    before = len(fac.presence)
    first.sio.disconnect()  # presence then lists Dirk again, still online through the other tab
    assert wait_for(lambda: any(p["id"] == dirk for m in fac.presence[before:] for p in m["changed"]))
    assert dirk_online() is True
    assert fac.call("sync", {"since": 10**9})["state"]["participants"][-1]["online"] is True
    second.sio.disconnect()
    assert wait_for(lambda: dirk_online() is False)
    assert fac.presence[-1]["online"] == 3


def test_a_second_server_on_a_taken_port_refuses_to_start(server, tmp_path):
    second = subprocess.run(
        [sys.executable, "run.py", "--port", str(server.port)],
        cwd=ROOT,
        env={**server.env, "SESSIONS_DIR": str(tmp_path / "second")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode != 0 and "already in use" in second.stderr
    assert requests.get(f"{server.url}/healthz", timeout=30).json() == {"status": "ok"}


def test_a_server_restarts_on_its_port_right_after_being_killed(own_server):
    server = own_server
    created = requests.post(
        f"{server.url}/api/workshops", json={"title": "T", "intervention": "I"}, timeout=30
    ).json()
    client = Client(server.url, created["code"], created["facilitator_token"])
    server.kill()
    server.start()
    assert (
        requests.get(
            f"{server.url}/api/workshops/{created['code']}",
            timeout=30,
            headers={"Authorization": f"Bearer {created['facilitator_token']}"},
        ).status_code
        == 200
    )
    client.sio.disconnect()


def test_a_malformed_packet_gets_no_answer_and_the_server_keeps_serving(room, server):
    created, (fac, anna, *_) = room
    ws = websocket.create_connection(
        server.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", timeout=30
    )
    ws.recv()  # the engine.io handshake
    ws.send("40" + json.dumps({"code": created["code"], "token": created["facilitator_token"]}))
    received = [ws.recv(), ws.recv()]
    assert any(m.startswith('42["state"') for m in received) and any(m.startswith("40") for m in received)
    ws.send('421["actor:add",{"name": "half a message", "category": ')
    ws.send('422["actor:add",{"name":"Heel","category":"other"}]')
    answers = [ws.recv()]
    while not answers[-1].startswith("432["):  # broadcasts and presence come in between
        answers.append(ws.recv())
    assert '"ok":true' in answers[-1]
    assert not any(m.startswith("431") for m in answers)
    ws.close()
    assert wait_for(lambda: [e["data"]["actor"]["name"] for e in anna.events] == ["Heel"])
    assert anna.call("actor:add", {"name": "Nog een", "category": "other"})["ok"] is True


def test_every_connection_writes_without_waiting_for_acknowledgements():
    """TCP_NODELAY on each accepted connection: an ack written right after a broadcast is not
    held back until the client acknowledges the broadcast."""
    with (
        socket.create_server(("127.0.0.1", 0)) as listener,
        socket.create_connection(listener.getsockname()) as phone,
    ):
        connection, _ = listener.accept()
        with connection:
            assert not connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            handler = Protocol.__new__(Protocol)
            handler.request = connection
            handler.setup()
            assert connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert phone.fileno() >= 0


def answer_to(server, request: bytes) -> tuple[bytes, bytes]:
    """The status line and body the real server answers a raw request with."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(request)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], body


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n", b"414"),
    (b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n", b"400"),
    (b"POST /api/workshops HTTP/1.1\r\nHost: localhost\r\nContent-Length: -1\r\n\r\n", b"400"),
])
def test_requests_refused_before_the_app_sees_them_still_get_a_json_error(server, request_bytes, status):
    line, body = answer_to(server, request_bytes)
    assert line.split(b" ")[1] == status
    error = json.loads(body)["error"]
    assert error["code"] == "invalid" and error["message"]
    assert requests.get(f"{server.url}/healthz", timeout=30).json() == {"status": "ok"}
