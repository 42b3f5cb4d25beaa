"""The aggregates of many workshops, flushed by one background loop: every workshop's clients
get theirs in `seq` order with nothing skipped, hidden results stay hidden, a flush that
changed nothing records nothing, a kind another process sent moments ago goes out later, and a
workshop someone else holds waits for the next round without delaying the others."""

import threading
import time
from contextlib import contextmanager

from sqlalchemy import func, select, update

from tests.helpers import busy_workshop_story, events, flushes_sent_at, settle, wait_for
from workshop import reads
from workshop.extensions import db
from workshop.models import LogEntry, SentAggregate


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def test_one_loop_flushes_every_workshops_aggregates_to_its_own_clients_in_seq_order(lively):
    rooms = [lively.room(participants=2) for _ in range(6)]
    for _, fac, _ in rooms[::2]:  # results shown in every other workshop
        assert ack(fac, "results:show", {"visible": True})["ok"]
    for round_ in range(3):
        for i, (_, fac, people) in enumerate(rooms):
            strategies = [s["id"] for s in fac.state["strategies"]][:3]
            for j, sio in enumerate(people):
                assert ack(sio, "vote:cast", {"strategy_id": strategies[(i + j + round_) % 3]})["ok"]
                assert ack(sio, "rating:set", {"determinant": "time", "score": 1 + (i + round_) % 5})["ok"]
            assert ack(fac, "actor:add", {"name": f"Actor {round_}", "category": "other"})["ok"]
        settle(lively)
    for i, (created, fac, people) in enumerate(rooms):
        with lively.app.app_context():
            w = reads.workshop_by_code(created["code"])
            stored = reads.tallies(w.id)
            last_seq = w.last_seq
        for sio in (fac, *people):
            received = events(sio)
            seqs = [e["seq"] for e in received]
            assert seqs == list(range(sio.state["seq"] + 1, last_seq + 1))
            types = {e["type"] for e in received}
            assert {"votes.changed", "ratings.changed", "actor.added"} <= types
            assert types <= {"votes.changed", "ratings.changed", "actor.added", "workshop.updated"}
            # the first score of a round goes with its change, the other's in a later round
            assert 3 <= sum(e["type"] == "ratings.changed" for e in received) <= 6
        tallies = {}
        for e in (e for e in received if e["type"] == "votes.changed"):
            tallies.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
        if i % 2 == 0:  # shown: the last participant's copy carries every count
            assert {k: v for k, v in tallies.items() if v} == stored
        else:  # hidden from participants: empty tallies, every time
            assert tallies == {}
            assert all(e["data"]["tallies"] == [] for e in received if e["type"] == "votes.changed")


def test_a_flush_that_changed_nothing_records_no_event_and_writes_nothing(lively):
    """The first vote goes out with its change; a vote and its retraction within the interval
    after it leave nothing to send when the loop's round comes. The interval lasts until the test
    ends it (the flush's `sent_at` held far ahead meanwhile): on a loaded machine the cast could
    otherwise come after it and go out with its own change."""
    created, fac, (anna,) = lively.room(participants=1)
    first, second = [s["id"] for s in fac.state["strategies"]][:2]
    assert ack(anna, "vote:cast", {"strategy_id": first})["ok"]
    settle(lively)
    events(fac)
    with lively.app.app_context():
        w = reads.workshop_by_code(created["code"])
        workshop_id, seq = w.id, w.last_seq
        sent_at = db.session.get(SentAggregate, (w.id, "votes")).sent_at
    flushes_sent_at(lively.app, [workshop_id], time.time() + 3600)
    assert ack(anna, "vote:cast", {"strategy_id": second})["ok"]
    assert ack(anna, "vote:retract", {"strategy_id": second})["ok"]
    flushes_sent_at(lively.app, [workshop_id], sent_at)  # the interval is over
    settle(lively)
    assert events(fac) == []
    with lively.app.app_context():
        w = reads.workshop_by_code(created["code"])
        assert w.last_seq == seq
        assert db.session.get(SentAggregate, (w.id, "votes")).sent_at == sent_at
        assert db.session.scalar(select(func.max(LogEntry.seq)).where(LogEntry.workshop_id == w.id)) == seq


def test_a_kind_another_process_sent_moments_ago_goes_out_in_a_later_round_once(lively):
    created, fac, (anna,) = lively.room(participants=1)
    with lively.app.app_context():
        workshop_id = reads.workshop_by_code(created["code"]).id
        # As if another process had just sent votes.changed: this one must wait for it. Its
        # interval lasts until the test ends it, however long a busy machine takes meanwhile.
        db.session.execute(update(SentAggregate).where(SentAggregate.workshop_id == workshop_id,
                                                       SentAggregate.kind == "votes")
                           .values(sent_at=time.time() + 3600))
        db.session.commit()
    strategy = fac.state["strategies"][0]["id"]
    assert ack(anna, "vote:cast", {"strategy_id": strategy})["ok"]
    assert ack(anna, "rating:set", {"determinant": "time", "score": 4})["ok"]
    received = []
    assert wait_for(lambda: received.extend(events(fac)) or received)  # the scores' round
    flushes_sent_at(lively.app, [workshop_id], 0.0)  # the other process's interval is over
    settle(lively)
    received += events(fac)
    with lively.app.app_context():
        last_seq = reads.workshop_by_code(created["code"]).last_seq
    # The scores went in the first round; the votes once the other process's interval passed.
    assert [e["type"] for e in received] == ["ratings.changed", "votes.changed"]
    assert [e["seq"] for e in received] == [last_seq - 1, last_seq]
    assert received[1]["data"]["tallies"] == [{"strategy_id": strategy, "votes": 1}]


def test_a_workshop_held_by_a_slow_change_delays_no_other_workshops_flush(lively):
    live = lively.app.extensions["live"]
    taken, release = threading.Event(), threading.Event()

    @contextmanager
    def hold(workshop_id):
        def slow_change():
            with lively.app.app_context(), live.locks.hold(workshop_id):
                taken.set()
                release.wait(60)
        holder = threading.Thread(target=slow_change)
        holder.start()
        assert taken.wait(30)
        try:
            yield
        finally:
            release.set()
            holder.join(10)

    busy_workshop_story(lively, hold)
