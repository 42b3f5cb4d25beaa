"""Simultaneous changes from real threads against a real SQLite file: budgets hold, `seq` stays gap-free."""

import threading

import pytest
from flask_socketio import SocketIOTestClient

from tests.helpers import Workshops, fresh_postgres_database, make_app, wait_for
from workshop.extensions import socketio


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def any_database(request):
    """The workshops helper on a SQLite file, and (where the services run) on PostgreSQL."""
    return request.getfixturevalue("workshops" if request.param == "sqlite" else "postgres_workshops")


def in_threads(tasks) -> list:
    """Run the callables at the same moment, one thread each; their results in order."""
    barrier = threading.Barrier(len(tasks))
    results = [None] * len(tasks)

    def run(i, task):
        barrier.wait()
        results[i] = task()

    threads = [threading.Thread(target=run, args=(i, task)) for i, task in enumerate(tasks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def drain(sio) -> list[dict]:
    received, sio.queue = sio.queue, []
    return [m["args"][0] for m in received if m["name"] == "event"]


def seqs_are_gap_free(received: list[dict], start: int, end: int) -> bool:
    return [e["seq"] for e in received] == list(range(start + 1, end + 1))


def test_ten_simultaneous_votes_from_one_participant_never_overspend(any_database):
    workshops = any_database
    created = workshops.create(votes_per_participant=4, max_votes_per_strategy=4)
    token = workshops.join(created["code"])["token"]
    tabs = [workshops.connect(created["code"], token) for _ in range(10)]
    strategy = tabs[0].state["strategies"][0]["id"]
    acks = in_threads(
        [lambda tab=tab: tab.emit("vote:cast", {"strategy_id": strategy}, callback=True) for tab in tabs]
    )
    assert sorted(a["ok"] for a in acks) == [False] * 6 + [True] * 4
    assert sorted(a["votes_left"] for a in acks if a["ok"]) == [0, 1, 2, 3]
    assert {a["error"]["code"] for a in acks if not a["ok"]} == {"invalid"}
    state = workshops.connect(created["code"], token).state
    assert state["me"]["votes_left"] == 0
    assert state["strategies"][0]["my_votes"] == 4


def test_ten_simultaneous_votes_on_one_strategy_stop_at_the_per_strategy_maximum(any_database):
    workshops = any_database
    created = workshops.create(votes_per_participant=10, max_votes_per_strategy=2)
    token = workshops.join(created["code"])["token"]
    tabs = [workshops.connect(created["code"], token) for _ in range(10)]
    strategy = tabs[0].state["strategies"][1]["id"]
    acks = in_threads(
        [lambda tab=tab: tab.emit("vote:cast", {"strategy_id": strategy}, callback=True) for tab in tabs]
    )
    assert sum(a["ok"] for a in acks) == 2
    assert wait_for(workshops.app.extensions["live"].idle)  # `state` has the tallies as last sent
    facilitator = workshops.connect(created["code"], created["facilitator_token"])
    assert facilitator.state["strategies"][1]["votes"] == 2


def test_concurrent_changes_from_several_participants_give_one_gap_free_seq_log(any_database):
    workshops = any_database
    created, fac, people = workshops.room(participants=4, votes_per_participant=6)
    assert wait_for(workshops.app.extensions["live"].idle)  # the joins' presence went out
    watchers = [fac, *people]
    start = fac.state["seq"]
    for sio in watchers:
        drain(sio)
    strategies = [s["id"] for s in fac.state["strategies"]]

    def busy(sio, n):
        def work():
            acks = []
            for i in range(6):
                acks.append(
                    sio.emit("actor:add", {"name": f"Actor {n}.{i}", "category": "other"}, callback=True)
                )
                acks.append(sio.emit("vote:cast", {"strategy_id": strategies[i]}, callback=True))
                acks.append(
                    sio.emit("rating:set", {"determinant": "funding", "score": 1 + (i % 5)}, callback=True)
                )
            return acks

        return work

    results = in_threads([busy(sio, n) for n, sio in enumerate(people)])
    assert all(a["ok"] for acks in results for a in acks), results
    assert wait_for(workshops.app.extensions["live"].idle)  # the last aggregates went out
    seen = {id(sio): drain(sio) for sio in watchers}
    assert {"votes.changed", "ratings.changed"} <= {e["type"] for e in seen[id(fac)]}
    end = seen[id(fac)][-1]["seq"]
    for sio in watchers:
        assert seqs_are_gap_free(seen[id(sio)], start, end)
    added = [e for e in seen[id(fac)] if e["type"] == "actor.added"]
    assert len(added) == 24
    log = fac.emit("sync", {"since": start}, callback=True)["events"]
    assert [e["seq"] for e in log] == list(range(start + 1, end + 1))
    tallies = workshops.connect(created["code"], created["facilitator_token"]).state["strategies"]
    assert [s["votes"] for s in tallies[:6]] == [4] * 6


def test_participants_connecting_while_others_change_the_workshop_miss_and_double_nothing(workshops):
    created, fac, people = workshops.room(participants=2)
    code = created["code"]
    tokens = [workshops.join(code, f"Laat {i}")["token"] for i in range(6)]

    def change(sio, n):
        return lambda: [
            sio.emit("actor:add", {"name": f"{n}-{i}", "category": "funder"}, callback=True) for i in range(8)
        ]

    def late(token):
        def work():
            sio = SocketIOTestClient(workshops.app, socketio, auth={"code": code, "token": token})
            workshops.sockets.append(sio)
            return sio

        return work

    results = in_threads([change(people[0], "a"), change(people[1], "b"), *map(late, tokens)])
    assert all(a["ok"] for acks in results[:2] for a in acks)
    final = fac.state["seq"] + 16
    for sio in results[2:]:
        received = [m for m in sio.queue if m["name"] in ("state", "event")]
        assert received[0]["name"] == "state"
        state = received[0]["args"][0]
        followed = [m["args"][0]["seq"] for m in received[1:]]
        assert followed == list(range(state["seq"] + 1, final + 1))
        assert len(state["actors"]) == state["seq"] - fac.state["seq"]


@pytest.fixture
def postgres_workshops(tmp_path):
    """The workshops helper on an app whose database is a fresh PostgreSQL database."""
    with fresh_postgres_database("concurrency") as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        helper = Workshops(app, app.test_client())
        yield helper
        helper.close()
        assert wait_for(app.extensions["live"].idle)
        with app.app_context():
            from workshop.extensions import db

            db.engine.dispose()
