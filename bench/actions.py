"""CPU time of one action and of one aggregate flush, in process: `Live.perform` with the mix
of `bench/load.py -s multi` (actor drags, scores, votes, retracts; every third with an `op`)
on small workshops in a fresh SQLite database, and `Live._send_aggregate` of a workshop whose
votes and scores changed. No sockets: what the server does per action beyond the framework.
The interval is an hour, so the actions measured carry no aggregate of their own (the
flushes are measured apart, each as if the last one were an interval ago); with
`--aggregates` the interval is nil, so every vote and score records its aggregate event in
its own transaction, as nearly every one does in `bench/load.py -s multi`. Last, what an
aggregate's read and comparison cost alone (`operations.aggregates.record` with nothing
changed since the last send: no event, no write), the lowest of 20 medians of 50 each, which
moves less with the load on the machine than the figures above.

    .venv/bin/python bench/actions.py            # 2,000 actions, 300 flushes
    .venv/bin/python bench/actions.py -n 5000
    .venv/bin/python bench/actions.py --aggregates
    .venv/bin/python bench/actions.py --large 500    # also a workshop of 500 among three more

Prints the median CPU time per kind of action and per flush, and the mean over every action.
The machine is shared: run a before/after pair back to back and compare the medians.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, update  # noqa: E402

from tests.helpers import large_workshop  # noqa: E402
from workshop import create_app, reads  # noqa: E402
from workshop.database import execute  # noqa: E402
from workshop.extensions import db  # noqa: E402
from workshop.models import Participant, SentAggregate, Strategy, Workshop  # noqa: E402
from workshop.operations import Change, aggregates  # noqa: E402
from workshop.operations.change import LOADED  # noqa: E402
from workshop.schemas import EVENTS  # noqa: E402
from workshop.validation import parse  # noqa: E402

WORKSHOPS, PARTICIPANTS, ACTORS = 4, 30, 20
DETERMINANTS = ("driver", "funding", "added_value", "timing", "time")


def build(app) -> list[tuple]:
    """(workshop id, participant ids, actor ids, strategy ids) of each small workshop."""
    client, live = app.test_client(), app.extensions["live"]
    made = []
    for _ in range(WORKSHOPS):
        created = client.post("/api/workshops", json={"title": "Beweegkuur opschalen",
                                                      "intervention": "Beweegkuur"}).json
        for i in range(PARTICIPANTS):
            client.post(f"/api/workshops/{created['code']}/participants", json={"name": f"P{i}"})
        with app.app_context():
            w = db.session.query(Workshop).filter_by(code=created["code"]).one()
            people = db.session.query(Participant).filter_by(workshop_id=w.id)
            fac = next(p.id for p in people if p.facilitator)
            actors = [live.perform("actor:add", w.id, fac, parse(EVENTS["actor:add"], {
                "name": f"Partij {i}", "category": "provider"}))["actor"]["id"] for i in range(ACTORS)]
            strategies = [s.id for s in db.session.query(Strategy).filter_by(workshop_id=w.id)][:10]
            made.append((w.id, [p.id for p in people if not p.facilitator], actors, strategies))
            db.session.remove()
    return made


class Mix:
    """The load generator's mix of actions, with each voter's votes kept to the budget."""

    def __init__(self, workshops: list[tuple]):
        self.workshops, self.cast = workshops, {}

    def next(self, i: int) -> tuple[int, int, str, dict]:
        workshop_id, people, actors, strategies = self.workshops[i % len(self.workshops)]
        person = random.choice(people)
        mine = self.cast.setdefault(person, {})
        r = random.random()
        if r < 0.6:
            event, data = "actor:update", {"id": random.choice(actors), "note": f"n{i}",
                                           "influence": random.randint(0, 100),
                                           "interest": random.randint(0, 100)}
        elif r < 0.8 or not (free := [s for s in strategies if mine.get(s, 0) < 3]):
            event, data = "rating:set", {"determinant": random.choice(DETERMINANTS),
                                         "score": random.randint(1, 5)}
        elif sum(mine.values()) < 5 and (r < 0.92 or not mine):
            event, data = "vote:cast", {"strategy_id": random.choice(free)}
            mine[data["strategy_id"]] = mine.get(data["strategy_id"], 0) + 1
        elif mine:
            event, data = "vote:retract", {"strategy_id": random.choice(list(mine))}
            mine[data["strategy_id"]] -= 1
            if not mine[data["strategy_id"]]:
                del mine[data["strategy_id"]]
        else:
            event, data = "rating:set", {"determinant": "driver", "score": 3}
        if i % 3 == 0:
            data["op"] = f"op-{i}"
        return workshop_id, person, event, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=2000, help="actions measured")
    parser.add_argument("--flushes", type=int, default=300, help="aggregate flushes measured")
    parser.add_argument("--aggregates", action="store_true",
                        help="every vote and score with its aggregate event (interval nil)")
    parser.add_argument("--large", type=int, default=0, metavar="N",
                        help="also the read and compare alone in a workshop of N (5 votes and 5 scores each)")
    args = parser.parse_args()
    random.seed(1)
    app = create_app({"SESSIONS_DIR": tempfile.mkdtemp(prefix="bench-actions-"),
                      "SOCKETIO_ASYNC_MODE": "threading", "LOG_LEVEL": "WARNING",
                      "AGGREGATE_INTERVAL": 0.0 if args.aggregates else 3600, "PRESENCE_INTERVAL": 3600,
                      "MAX_PARTICIPANTS": 100000, "JOINS_PER_IP_PER_HOUR": 0, "WORKSHOPS_PER_IP_PER_HOUR": 0,
                      "JOINS_PER_IP_PER_WORKSHOP": 0})
    live, mix = app.extensions["live"], Mix(build(app))

    def perform(i: int) -> str:
        workshop_id, person, event, data = mix.next(i)
        ack = live.perform(event, workshop_id, person, parse(EVENTS[event], data))
        assert ack["ok"], (event, ack)
        return event

    with app.app_context():
        for i in range(200):  # warm-up: compiled statements, the first rows of each kind
            perform(i)
        times: dict[str, list[float]] = {}
        started = time.process_time()
        for i in range(200, 200 + args.n):
            t = time.process_time()
            event = perform(i)
            times.setdefault(event, []).append(time.process_time() - t)
        total = time.process_time() - started
        flushes = []
        for i in range(args.flushes):
            workshop_id = mix.workshops[i % WORKSHOPS][0]
            perform(i * WORKSHOPS + 1)  # something to flush, mostly
            # As if the last flush were an interval ago: the flush reads, compares and records.
            db.session.execute(update(SentAggregate).where(SentAggregate.workshop_id == workshop_id)
                               .values(sent_at=0.0))
            db.session.commit()
            t = time.process_time()
            live._send_aggregate(workshop_id, {"votes", "ratings"})
            flushes.append(time.process_time() - t)
        alone = {kind: record_alone(mix.workshops[0][0], kind) for kind in ("votes", "ratings")}
        if args.large:
            large = [large_workshop(participants=args.large, actors=20, strategies=16, votes=5 * args.large,
                                    seed=seed)[0] for seed in range(1, 5)]
            workshop_id = reads.workshop_by_code(large[0]).id
            for kind in ("votes", "ratings"):
                alone[f"{kind}, {args.large} people"] = record_alone(workshop_id, kind)
        db.session.remove()
    print(f"{'what':<34}{'count':>7}{'median CPU':>12}")
    for event, spent in sorted(times.items()):
        print(f"{event:<34}{len(spent):>7}{1e6 * statistics.median(spent):>9.0f} µs")
    print(f"{'every action (mean)':<34}{args.n:>7}{1e6 * total / args.n:>9.0f} µs")
    flush = 1e6 * statistics.median(flushes)
    print(f"{'aggregate flush (votes, ratings)':<34}{len(flushes):>7}{flush:>9.0f} µs")
    for kind, spent in alone.items():
        print(f"{kind + ': read and compare alone':<34}{1000:>7}{1e6 * spent:>9.0f} µs")


def record_alone(workshop_id: int, kind: str) -> float:
    """The lowest median CPU of `aggregates.record(kind)` over 20 rounds of 50, in one
    transaction, with nothing changed since the last send."""
    w = execute(select(*LOADED).where(Workshop.id == workshop_id)).first()
    change, medians = Change(w, None), []
    aggregates.record(change, kind, 0.0, time.time())  # sent: the values are now the last sent
    for _ in range(20):
        spent = []
        for _ in range(50):
            t = time.process_time()
            aggregates.record(change, kind, 0.0, time.time())
            spent.append(time.process_time() - t)
        medians.append(statistics.median(spent))
    assert not change.events[1:], "nothing changed since the last send"
    db.session.rollback()
    return min(medians)


if __name__ == "__main__":
    main()
