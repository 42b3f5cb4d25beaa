"""How long each summary format takes for a large workshop: `.venv/bin/python bench/summary.py`.

Builds a workshop with 200 participants, 150 actors, 60 strategies and 5,000
votes in a fresh SQLite database, then times summary.json (the dict and its
JSON), .md, .csv and .pdf as the download routes make them (database reads
included). Targets: every format under 1 s, JSON under 100 ms.
"""

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop import create_app, export, reads  # noqa: E402
from workshop.domain.redaction import FACILITATOR  # noqa: E402
from workshop.domain.vocab import ACTOR_CATEGORIES, AREAS, DETERMINANTS, ROLES, STAGES, STRATEGY_CATEGORIES  # noqa: E402,E501
from workshop.extensions import db  # noqa: E402
from workshop.models import Action, Actor, Ownership, Participant, Rating, Stage, Strategy, Vote  # noqa: E402
from workshop.operations.create import create_workshop  # noqa: E402

TARGETS = {"json": 0.1, "md": 1.0, "csv": 1.0, "pdf": 1.0}


def populate(*, participants: int, actors: int, strategies: int, votes: int, seed: int = 1,
             language: str = "nl", goals: dict | None = None) -> str:
    """A workshop filled straight through the models (fast); returns its code."""
    rng = random.Random(seed)
    w, _ = create_workshop({
        "title": "Beweegkuur landelijk opschalen", "intervention": "Beweegkuur", "language": language,
        "description": "Werksessie met gemeenten, zorgverzekeraars, GGD'en en fysiotherapeuten.",
        "votes_per_participant": 20, "max_votes_per_strategy": 20, "results_hidden": False,
        "participants_can_download": False, "anonymous": False, "facilitator_name": "Gespreksleider",
    }, None)
    if goals:
        w.goals = goals
    people = [Participant(workshop_id=w.id, name=f"Deelnemer {i:03d}", role=rng.choice(
        ["GGD", "Gemeente", "Zorgverzekeraar", "Fysiotherapeut", "Huisarts", None]),
        group=rng.choice(ACTOR_CATEGORIES), token_hash=f"bench-{w.id}-{i}") for i in range(participants)]
    db.session.add_all(people)
    cast = [Actor(workshop_id=w.id, name=f"Actor {i:03d}", category=rng.choice(ACTOR_CATEGORIES),
                  influence=rng.randint(0, 100), interest=rng.randint(0, 100)) for i in range(actors)]
    db.session.add_all(cast)
    db.session.query(Strategy).filter_by(workshop_id=w.id).delete()
    ideas = [Strategy(workshop_id=w.id, title=f"Strategie {i:02d}: samenwerken met partners in de regio",
                      category=STRATEGY_CATEGORIES[i % 4], origin="participant") for i in range(strategies)]
    db.session.add_all(ideas)
    db.session.flush()
    for actor in cast[:min(actors, 30)]:
        db.session.add(Ownership(workshop_id=w.id, actor_id=actor.id, area=rng.choice(AREAS),
                                 role=rng.choice(ROLES)))
    for area in AREAS[:2]:
        db.session.add(Stage(workshop_id=w.id, area=area, stage=rng.choice(STAGES)))
    counts: dict[tuple[int, int], int] = {}
    for _ in range(votes):
        key = (rng.choice(people).id, rng.choice(ideas).id)
        counts[key] = counts.get(key, 0) + 1
    db.session.add_all(Vote(workshop_id=w.id, participant_id=p, strategy_id=s, count=n)
                       for (p, s), n in counts.items())
    db.session.add_all(Rating(workshop_id=w.id, participant_id=p.id, determinant=key, score=rng.randint(1, 5),
                              comment="Dit vraagt structurele financiering." if rng.random() < 0.02 else None)
                       for p in people for key in DETERMINANTS)
    for i in range(min(strategies, 12)):
        db.session.add(Action(workshop_id=w.id, title=f"Vervolgactie {i + 1}", strategy_id=ideas[i].id,
                              owner_actor_id=cast[i].id if actors > i else None,
                              due=date(2027, 1, 1) + timedelta(days=30 * i),
                              status=("open", "doing", "done")[i % 3]))
    db.session.commit()
    return w.code


def measure(code: str, rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and CPU seconds per format, each round reading the database afresh, as a
    download does. CPU time tells what the work costs when other processes share the cores."""
    times: dict[str, list[float]] = {fmt: [] for fmt in export.FORMATS}
    cpu: dict[str, list[float]] = {fmt: [] for fmt in export.FORMATS}
    for _ in range(rounds):
        for fmt in export.FORMATS:
            db.session.expire_all()
            gc.collect()  # the garbage one format leaves is not billed to the next
            start, start_cpu = time.perf_counter(), time.process_time()
            export.render(reads.summary(reads.workshop_by_code(code), FACILITATOR), fmt)
            times[fmt].append(time.perf_counter() - start)
            cpu[fmt].append(time.process_time() - start_cpu)
    return times, cpu


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SESSIONS_DIR": folder, "SOCKETIO_ASYNC_MODE": "threading", "LOG_LEVEL": "WARNING"})
        with app.app_context():
            started = time.perf_counter()
            code = populate(participants=200, actors=150, strategies=60, votes=5000)
            print(f"workshop {code}: 200 participants, 150 actors, 60 strategies, 5,000 votes "
                  f"(built in {time.perf_counter() - started:.1f} s)")
            measure(code, 1)  # warm-up: fonts, translations and query compilation are cached after it
            times, cpu = measure(code, args.rounds)
    print(f"\n{'format':<8}{'median':>10}{'max':>10}{'cpu':>10}{'target':>10}")
    slow = False
    for fmt, samples in times.items():
        median, worst, spent = statistics.median(samples), max(samples), statistics.median(cpu[fmt])
        slow |= median > TARGETS[fmt]
        print(f"{fmt:<8}{median * 1000:>8.0f}ms{worst * 1000:>8.0f}ms{spent * 1000:>8.0f}ms"
              f"{TARGETS[fmt] * 1000:>8.0f}ms")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
