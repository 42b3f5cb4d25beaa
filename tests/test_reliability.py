"""Restart without loss: kill -9 the real server during a voting storm, start it again on the
same database and port, and check that nothing acknowledged is lost or applied twice."""

import random
import sqlite3
import threading
import time

import psycopg2
import pytest

from tests.helpers import ServerProcess, fresh_postgres_database, wait_for
from tests.live_client import LiveClient, api

PARTICIPANTS = 4
OPERATIONS = 40  # per participant
KILLS = 2
LIVE_CHECK_INTERVAL = 1.0  # seconds between the server's housekeeping rounds


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def database_url(request):
    """The embedded SQLite file (empty URL), or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield ""
        return
    with fresh_postgres_database("reliability") as url:
        yield url


def event_log(tmp_path, database_url: str, code: str) -> tuple[int, list[int]]:
    """The workshop's last_seq and every seq in its event log, read from the database itself."""
    workshop = "SELECT id, last_seq FROM workshop WHERE code = {}"
    seqs = "SELECT seq FROM log_entry WHERE workshop_id = {} ORDER BY seq"
    if not database_url:
        with sqlite3.connect(tmp_path / "workshops.sqlite3") as conn:
            (workshop_id, last_seq), = conn.execute(workshop.format("?"), (code,))
            return last_seq, [s for (s,) in conn.execute(seqs.format("?"), (workshop_id,))]
    with psycopg2.connect(database_url) as conn, conn.cursor() as cursor:
        cursor.execute(workshop.format("%s"), (code,))
        workshop_id, last_seq = cursor.fetchone()
        cursor.execute(seqs.format("%s"), (workshop_id,))
        return last_seq, [s for (s,) in cursor.fetchall()]


@pytest.mark.live
def test_kill_9_during_a_voting_storm_loses_nothing(tmp_path, database_url):
    server = ServerProcess(tmp_path, env={"EVENTS_PER_SECOND": "0", "DATABASE_URL": database_url,
                                         "LIVE_CHECK_INTERVAL": str(LIVE_CHECK_INTERVAL)}).start()
    clients: list[LiveClient] = []
    try:
        created = api(server.url, "POST", "/api/workshops", json={
            "title": "Storm", "intervention": "I", "votes_per_participant": 20,
            "max_votes_per_strategy": 20, "results_hidden": False}).json()
        code = created["code"]
        fac = LiveClient(server.url, code, created["facilitator_token"]).connect()
        clients.append(fac)
        people = []
        for i in range(PARTICIPANTS):
            joined = api(server.url, "POST", f"/api/workshops/{code}/participants", json={"name": f"P{i}"})
            people.append(LiveClient(server.url, code, joined.json()["token"]).connect())
        clients.extend(people)
        strategies = sorted(fac.tallies)[:4]

        acked: list[list[tuple[str, dict, dict]]] = [[] for _ in people]

        def storm(n: int, client: LiveClient) -> None:
            rnd = random.Random(n)
            for i in range(OPERATIONS):
                roll = rnd.random()
                if roll < 0.6:
                    event, payload = "vote:cast", {"strategy_id": rnd.choice(strategies)}
                elif roll < 0.75:
                    event, payload = "vote:retract", {"strategy_id": rnd.choice(strategies)}
                else:
                    event, payload = "actor:add", {"name": f"P{n} actor {i}", "category": "funder"}
                acked[n].append((event, payload, client.perform(event, payload)))

        workers = [threading.Thread(target=storm, args=(n, c)) for n, c in enumerate(people)]
        for w in workers:
            w.start()
        total = PARTICIPANTS * OPERATIONS
        for k in range(KILLS):
            assert wait_for(lambda k=k: sum(map(len, acked)) >= total * (k + 1) // (KILLS + 1), timeout=60)
            server.kill()
            time.sleep(0.3)
            server.start()
        for w in workers:
            w.join(timeout=120)
        assert sum(map(len, acked)) == total

        # The clients reconnected by themselves and converge on the server's state.
        assert wait_for(lambda: all(c.connects >= KILLS + 1 for c in clients))

        def read_state() -> dict:
            return api(server.url, "GET", f"/api/workshops/{code}", token=created["facilitator_token"]).json()

        def settled():
            """Every client at the state's seq, and no later seq for longer than a housekeeping
            round: a restarted server sends the votes it finds unsent in its first round, and
            until then `state` has the tallies as last sent (with the seq of the last event)."""
            for c in clients:
                c.sync()
            state = read_state()
            if not all(c.seq == state["seq"] for c in clients):
                return None
            time.sleep(LIVE_CHECK_INTERVAL + 1)
            return state if read_state()["seq"] == state["seq"] else None

        final = wait_for(settled, timeout=90, interval=0.2)
        assert final

        # Every acknowledged change is there, once.
        actors = {a["id"]: a["name"] for a in final["actors"]}
        added = [ack["actor"] for ops in acked for event, _, ack in ops if event == "actor:add"]
        assert all(ack["ok"] for ops in acked for event, _, ack in ops if event == "actor:add")
        assert {a["id"]: a["name"] for a in added} == actors
        expected_votes = {s: 0 for s in strategies}
        for n, person in enumerate(people):
            mine = {s: 0 for s in strategies}  # a participant's votes, replayed from its acks
            for event, payload, ack in acked[n]:
                if not (ack["ok"] and event.startswith("vote:")):
                    continue
                s = payload["strategy_id"]
                step = 1 if event == "vote:cast" else -min(1, mine[s])  # retracting nothing changes nothing
                mine[s] += step
                expected_votes[s] += step
                assert ack["votes_left"] == 20 - sum(mine.values())
            me = person.perform("sync", {"since": 10**9})["state"]
            assert {s["id"]: s["my_votes"] for s in me["strategies"] if s["id"] in mine} == mine
        totals = {s["id"]: s["votes"] for s in final["strategies"] if s["id"] in expected_votes}
        assert totals == expected_votes

        assert all(c.actors == actors for c in clients)
        assert wait_for(lambda: fac.tallies == {s["id"]: s["votes"] for s in final["strategies"]})

        # The seq log has no holes: every number from 1 to the last, each once.
        for c in clients:
            c.close()
        server.stop()
        last_seq, seqs = event_log(tmp_path, database_url, code)
        assert seqs == list(range(1, last_seq + 1))
        assert last_seq >= final["seq"]  # an aggregate event may follow the last read
        print(f"kill -9 x{KILLS}: {total} operations acknowledged, {sum(c.resends for c in clients)} resent, "
              f"{len(added)} actors, {sum(expected_votes.values())} votes, seq 1..{last_seq} without holes")
    finally:
        for c in clients:
            c.close()
        server.stop()
