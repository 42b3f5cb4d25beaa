"""How long each summary format takes for a large workshop: `.venv/bin/python bench/summary.py`.

Builds a workshop with 200 participants, 150 actors, 60 strategies and 5,000
votes in a fresh SQLite database, then times summary.json (the dict and its
JSON), .md, .csv and .pdf as the download routes make them (database reads
included). Targets: every format under 1 s, JSON under 100 ms.
"""

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import large_workshop  # noqa: E402
from workshop import create_app, export, store  # noqa: E402
from workshop.extensions import db  # noqa: E402

TARGETS = {"json": 0.1, "md": 1.0, "csv": 1.0, "pdf": 1.0}


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
            export.render(store.summary(store.workshop_by_code(code)), fmt)
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
            code, _ = large_workshop(participants=200, actors=150, strategies=60, votes=5000)
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
