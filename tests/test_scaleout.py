"""Two real server processes sharing PostgreSQL and a Redis message queue.

Each test gets its own PostgreSQL database (created and dropped here) and its
own redis-server on a free port, so that it can stop and restart Redis without
touching anything else on the machine.
"""

import threading
import time
from contextlib import closing

import psycopg2
import pytest
import requests
import socketio

from tests.helpers import RedisServer, ServerProcess, fresh_postgres_database, in_arrival_order, wait_for

pytestmark = [pytest.mark.services, pytest.mark.live]

LOCK_NAMESPACE = 0x5C41E  # live.LOCK_NAMESPACE: the per-workshop writer lock


@pytest.fixture
def database():
    """A fresh PostgreSQL database for this test; its URL."""
    with fresh_postgres_database("scaleout") as url:
        yield url


@pytest.fixture
def queue():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def cluster(tmp_path, database, queue):
    """Two `python run.py` processes on one database and one queue: (a, b)."""
    yield from two_processes(tmp_path, database, queue)


def two_processes(tmp_path, database, queue, a_env: dict | None = None, b_env: dict | None = None):
    env = {"DATABASE_URL": database, "SOCKETIO_MESSAGE_QUEUE": queue.url,
           "SECRET_KEY": "shared-between-processes", "LOG_LEVEL": "WARNING"}
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = ServerProcess(tmp_path / "a", {**env, **(a_env or {})}).start()  # migrates the empty database first
    b = ServerProcess(tmp_path / "b", {**env, **(b_env or {})}).start()
    yield a, b
    a.stop()
    b.stop()


class Peer:
    """A Socket.IO client that keeps every `seq` it receives, in order of arrival."""

    def __init__(self, server: ServerProcess, code: str, token: str):
        self.seqs: list[int] = []
        self.events: list[dict] = []
        self.state = None
        self.sio = socketio.Client(reconnection=False)
        in_arrival_order(self.sio)
        self.sio.on("state", self._state)
        self.sio.on("event", self._event)
        self.sio.connect(server.url, auth={"code": code, "token": token}, transports=["websocket"],
                         wait_timeout=30)
        assert wait_for(lambda: self.state is not None)

    def _state(self, state):
        self.state = state

    def _event(self, event):
        self.events.append(event)
        self.seqs.append(event["seq"])

    def tallies(self) -> dict[int, int]:
        """Each strategy's votes as this client holds them: its `state`, then the events since."""
        seen = {s["id"]: s["votes"] for s in self.state["strategies"]}
        for e in list(self.events):
            if e["type"] == "votes.changed":
                seen.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
        return seen

    def call(self, event: str, data: dict) -> dict:
        return self.sio.call(event, data, timeout=30)

    def catch_up(self) -> None:
        """Gap detection as a browser does it: `sync` from the last seq before the first hole."""
        have = set(self.seqs)
        last = self.state["seq"]
        while last + 1 in have:
            last += 1
        answer = self.call("sync", {"since": last})
        assert answer["ok"], answer
        self.seqs = sorted(have | {e["seq"] for e in answer["events"]})

    def close(self):
        self.sio.disconnect()


def create(server: ServerProcess, **fields) -> dict:
    response = requests.post(f"{server.url}/api/workshops",
                             json={"title": "Beweegkuur opschalen", "intervention": "Beweegkuur", **fields})
    assert response.status_code == 201, response.text
    return response.json()


def join(server: ServerProcess, code: str, name: str) -> str:
    response = requests.post(f"{server.url}/api/workshops/{code}/participants", json={"name": name})
    assert response.status_code == 201, response.text
    return response.json()["token"]


def last_seq(server: ServerProcess, created: dict) -> int:
    response = requests.get(f"{server.url}/api/workshops/{created['code']}",
                            headers={"Authorization": f"Bearer {created['facilitator_token']}"})
    return response.json()["seq"]


def test_clients_of_both_processes_see_one_gap_free_seq_stream(cluster):
    a, b = cluster
    created = create(a)
    code = created["code"]
    peers = [Peer(a, code, created["facilitator_token"])]
    peers += [Peer(server, code, join(b, code, f"Deelnemer {i}")) for i, server in enumerate((a, a, b, b))]
    start = last_seq(a, created)

    def drag(peer, n):
        for i in range(n):
            assert peer.call("actor:add", {"name": f"Partij {i}", "category": "provider"})["ok"]

    writers = [threading.Thread(target=drag, args=(peer, 10)) for peer in (peers[0], peers[1], peers[3])]
    for t in writers:
        t.start()
    for t in writers:
        t.join()

    end = last_seq(b, created)
    assert end == start + 30
    for peer in peers:
        assert wait_for(lambda p=peer: len(p.seqs) >= 30), peer.seqs
        assert peer.seqs == list(range(start + 1, end + 1))
    for peer in peers:
        peer.close()


def test_vote_budget_holds_when_one_participant_votes_on_both_processes(cluster):
    a, b = cluster
    created = create(a, votes_per_participant=5, max_votes_per_strategy=3)
    code = created["code"]
    token = join(a, code, "Anna")
    on_a, on_b = Peer(a, code, token), Peer(b, code, token)
    strategies = [s["id"] for s in on_a.state["strategies"]][:4]
    answers = []

    def vote(peer):
        for i in range(8):
            answers.append(peer.call("vote:cast", {"strategy_id": strategies[i % 4]}))

    threads = [threading.Thread(target=vote, args=(peer,)) for peer in (on_a, on_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sum(1 for answer in answers if answer["ok"]) == 5
    assert all(answer["error"]["code"] != "internal" for answer in answers if not answer["ok"])
    again = Peer(b, code, token)
    assert again.state["me"]["votes_left"] == 0
    assert sum(s["my_votes"] for s in again.state["strategies"]) == 5
    for peer in (on_a, on_b, again):
        peer.close()


def test_a_slow_query_does_not_stall_other_clients_of_the_process(cluster, database):
    a, _ = cluster
    slow, quick = create(a), create(a)
    slow_peer = Peer(a, slow["code"], slow["facilitator_token"])
    quick_peer = Peer(a, quick["code"], quick["facilitator_token"])
    holder = psycopg2.connect(database)
    holder.autocommit = True
    cursor = holder.cursor()
    cursor.execute("SELECT id FROM workshop WHERE code = %s", (slow["code"],))
    (slow_id,) = cursor.fetchone()
    # Hold the slow workshop's writer lock: its next change waits inside a database query.
    cursor.execute("SELECT pg_advisory_lock(%s, %s)", (LOCK_NAMESPACE, slow_id))
    slow_answer = {}
    waiting = threading.Thread(target=lambda: slow_answer.update(
        slow_peer.call("actor:add", {"name": "Traag", "category": "funder"})))
    waiting.start()

    def blocked() -> bool:
        # This test's database only: other tests (and other runs) on the same PostgreSQL wait for theirs.
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                       " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        return cursor.fetchone()[0] == 1

    assert wait_for(blocked)
    seen = len(quick_peer.seqs)
    assert quick_peer.call("actor:add", {"name": "Snel", "category": "funder"})["ok"]
    assert wait_for(lambda: len(quick_peer.seqs) > seen)
    assert waiting.is_alive() and not slow_answer  # the other client was served while this one waited

    cursor.execute("SELECT pg_advisory_unlock(%s, %s)", (LOCK_NAMESPACE, slow_id))
    waiting.join(30)
    assert slow_answer["ok"]
    holder.close()
    slow_peer.close()
    quick_peer.close()


def test_broadcasts_lost_while_redis_restarts_come_back_through_sync(cluster, queue):
    a, b = cluster
    created = create(a)
    code = created["code"]
    fac = Peer(a, code, created["facilitator_token"])
    peers = [fac, Peer(a, code, join(a, code, "Anna")), Peer(b, code, join(b, code, "Bram"))]
    actor = fac.call("actor:add", {"name": "Gemeente", "category": "policy"})["actor"]["id"]
    stop = threading.Event()

    def drag():
        i = 0
        while not stop.is_set():
            i += 1
            peers[2].call("actor:update", {"id": actor, "influence": i % 100, "note": f"{i}"})
            # Well below the per-IP event limit (every peer is 127.0.0.1): on a quick machine a
            # drag every 20 ms used it all up, and the sync after it was refused.
            time.sleep(0.05)

    writer = threading.Thread(target=drag)
    writer.start()
    assert wait_for(lambda: all(len(p.seqs) > 5 for p in peers))

    queue.stop()
    # Acked while Redis is down: its broadcast was given up before the ack was sent.
    assert fac.call("actor:update", {"id": actor, "note": "while Redis is down"})["ok"]
    lost_by = last_seq(a, created)
    queue.start()
    # The listeners resubscribe; broadcasts flow again past the ones nobody could receive.
    assert wait_for(lambda: all(p.seqs and p.seqs[-1] > lost_by for p in peers), timeout=30)
    stop.set()
    writer.join()
    end = last_seq(b, created)
    assert wait_for(lambda: all(p.seqs and p.seqs[-1] >= end for p in peers))

    def missing(peer) -> set[int]:
        return set(range(peer.state["seq"] + 1, end + 1)) - set(peer.seqs)

    assert all(missing(p) for p in peers)  # at-most-once delivery: every client has a gap
    for peer in peers:
        peer.catch_up()
        assert peer.seqs == list(range(peer.state["seq"] + 1, end + 1))
        peer.close()


def test_a_person_moved_on_one_process_is_told_on_the_other(cluster):
    """The organiser's move goes through process a; the person's phone is connected to b: it gets
    `moved` through the queue, is closed, and joins the other group with the token it carries."""
    a, b = cluster
    groups = [{"title": title, "intervention": "Kennissynthese", "template": "focus_group"}
              for title in ("Eigenaarschap", "Geld")]
    made = requests.post(f"{a.url}/api/events", json={"title": "Middag", "groups": groups}, timeout=30).json()
    source, target = made["groups"]
    anna = requests.post(f"{b.url}/api/workshops/{source['code']}/participants", json={"name": "Anna"},
                         timeout=30).json()
    phone = Peer(b, source["code"], anna["token"])
    told = []
    phone.sio.on("moved", told.append)
    moved = requests.post(f"{a.url}/api/events/{made['code']}/moves", timeout=30,
                          headers={"Authorization": f"Bearer {made['facilitator_token']}"},
                          json={"participant": anna["participant"]["id"], "to": target["code"]})
    assert moved.status_code == 200, moved.text
    assert wait_for(lambda: told and not phone.sio.connected)
    there = Peer(b, told[0]["code"], told[0]["token"])
    assert there.state["me"]["name"] == "Anna" and there.state["workshop"]["code"] == target["code"]
    there.close()


@pytest.fixture
def owing_cluster(tmp_path, database, queue):
    """(a, b) as `cluster`, where a's aggregate interval outlasts the test: a vote on a within an
    interval of the last flush waits in a's loop, as it does for 250 ms at most in production."""
    yield from two_processes(tmp_path, database, queue, a_env={"AGGREGATE_INTERVAL": "3600"},
                             b_env={"LIVE_CHECK_INTERVAL": "0.5"})


def test_a_flush_lost_with_a_killed_process_reaches_the_participants_of_the_other(owing_cluster, database):
    """Anna's second vote, on a, is stored and acknowledged, and its flush dies with a. Bram, on b
    all along, and Cara, who connects to b afterwards and is served the `state` b kept (nothing of
    her own, the workshop unchanged since), hold the tally as last sent; b compares the aggregates
    of a kept `state` it served with the stored ones, and the flush reaches them both."""
    a, b = owing_cluster
    created = create(b, results_hidden=False)
    code = created["code"]
    anna, bram, cara = (join(b, code, name) for name in ("Anna", "Bram", "Cara"))
    voter = Peer(a, code, anna)
    strategy = voter.state["strategies"][0]["id"]
    assert voter.call("vote:cast", {"strategy_id": strategy})["ok"]  # flushed with the change
    watching = Peer(b, code, bram)  # b keeps this `state`: the tally as sent, 1
    assert watching.tallies()[strategy] == 1
    assert voter.call("vote:cast", {"strategy_id": strategy})["ok"]  # its flush waits in a's loop
    a.kill()
    late = Peer(b, code, cara)
    assert late.state["strategies"][0]["votes"] == 1 and late.state["seq"] == watching.state["seq"]
    with closing(psycopg2.connect(database)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT sum(count) FROM vote WHERE strategy_id = %s", (strategy,))
        assert cursor.fetchone()[0] == 2
    for peer in (watching, late):
        assert wait_for(lambda p=peer: p.tallies()[strategy] == 2), peer.events
        assert peer.seqs == list(range(peer.state["seq"] + 1, last_seq(b, created) + 1))
        peer.close()
