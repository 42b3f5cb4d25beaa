"""An event against the real server: `.venv/bin/python bench/event.py [--groups G] [--people N]`.

Creates an event of G focus groups (default 12), each with N participants (default 5) who
post two cards each and vote, then times, against the same eventlet server in the same run:
`/healthz` (the bare server), the organiser's overview that the page polls
(`GET /api/events/{code}`), the plenary display's data, the event's summary.json, the
first summary.md and summary.pdf (rendered in a worker process) and the same files again
(from the cache), and the server's CPU time per request. Prints a table of medians with
their ratio to `/healthz`.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import ServerProcess  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def timed(call, repeat: int, pid: int) -> tuple[float, float]:
    """The median wall time of `repeat` calls, and the server's CPU time per call."""
    times = []
    cpu = cpu_seconds(pid)
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), (cpu_seconds(pid) - cpu) / repeat


def fill(url: str, groups: int, people: int) -> dict:
    agenda = [{"kind": "lobby"}, {"kind": "question"}, {"kind": "determinants"}, {"kind": "closed"}]
    body = {"title": "Twaalf focusgroepen", "slides": [{"title": "Take-aways", "text": "Mensenwerk."}],
            "groups": [{"title": f"Groep {n}", "intervention": "Opschalen", "agenda": agenda}
                       for n in range(1, groups + 1)]}
    made = requests.post(f"{url}/api/events", json=body, timeout=10).json()
    for group in made["groups"]:
        fac = socketio.Client()
        states = []
        fac.on("state", states.append)
        fac.connect(url, auth={"code": group["code"], "token": made["facilitator_token"]},
                    transports=["websocket"])
        while not states:
            time.sleep(0.01)
        question = states[0]["workshop"]["agenda"][1]["id"]
        fac.call("step:set", {"step": question})
        for p in range(people):
            token = requests.post(f"{url}/api/workshops/{group['code']}/participants",
                                  json={"name": f"P{p}"}, timeout=10).json()["token"]
            person = socketio.Client()
            person.connect(url, auth={"code": group["code"], "token": token}, transports=["websocket"])
            cards = [person.call("card:add", {"text": f"Kaart {p}.{i} van {group['title']}"})["card"]
                     for i in range(2)]
            person.call("card:vote", {"id": cards[0]["id"]})
            person.call("rating:set", {"determinant": "funding", "score": 1 + p % 5})
            person.disconnect()
        fac.call("insight:add", {"step": question, "text": f"Inzicht van {group['title']}"})
        fac.disconnect()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groups", type=int, default=12)
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # One address plays every person: its abuse limits are lifted.
        server = ServerProcess(Path(folder), env={"EVENTS_PER_IP_PER_SECOND": "0", "EVENTS_PER_SECOND": "0",
                                                  "FAILED_LOOKUPS_PER_IP_PER_HOUR": "0"}).start()
        try:
            made = fill(server.url, args.groups, args.people)
            pid = server.process.pid
            auth = {"Authorization": f"Bearer {made['facilitator_token']}"}
            base = f"{server.url}/api/events/{made['code']}"

            def get(path):
                return lambda: requests.get(path, headers=auth, timeout=60).raise_for_status()

            rows = [("/healthz (bare server)", timed(get(f"{server.url}/healthz"), args.repeat, pid)),
                    ("overview GET /api/events/{code}", timed(get(base), args.repeat, pid)),
                    ("summary.json, first", timed(get(f"{base}/summary.json"), 1, pid)),
                    ("summary.json again", timed(get(f"{base}/summary.json"), args.repeat, pid)),
                    ("plenary data", timed(get(f"{base}/plenary"), args.repeat, pid)),
                    ("summary.md, first (rendered)", timed(get(f"{base}/summary.md"), 1, pid)),
                    ("summary.md again (cached)", timed(get(f"{base}/summary.md"), args.repeat, pid)),
                    ("summary.pdf, first (rendered)", timed(get(f"{base}/summary.pdf"), 1, pid)),
                    ("summary.pdf again (cached)", timed(get(f"{base}/summary.pdf"), args.repeat, pid))]
        finally:
            server.stop()
    bare = rows[0][1][0]
    print(f"event of {args.groups} groups × {args.people} participants ({args.groups * args.people * 2} "
          f"cards), median of {args.repeat} requests (first: one); server CPU per request "
          f"(renders run in worker processes, not counted)")
    print(f"{'request':<36} {'ms':>9} {'× bare':>8} {'CPU ms':>8}")
    for name, (seconds, cpu) in rows:
        print(f"{name:<36} {seconds * 1000:>9.1f} {seconds / bare:>8.1f} {cpu * 1000:>8.1f}")
    print(f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
