"""An event of twelve groups against the real server: `.venv/bin/python bench/event.py [--people N]`.

Creates an event of 12 focus groups, each with N participants (default 5) who post two
cards each and vote, then times, against the same eventlet server in the same run:
`/healthz` (the bare server), the organiser's overview that the page polls
(`GET /api/events/{code}`), the plenary display's data, the event's summary.json, the
first summary.pdf (rendered in a worker process) and the same PDF again (from the
cache). Prints a table of medians with their ratio to `/healthz`.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.helpers import ServerProcess  # noqa: E402

GROUPS = 12


def timed(call, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fill(url: str, people: int) -> dict:
    agenda = [{"kind": "lobby"}, {"kind": "question"}, {"kind": "determinants"}, {"kind": "closed"}]
    body = {"title": "Twaalf focusgroepen", "slides": [{"title": "Take-aways", "text": "Mensenwerk."}],
            "groups": [{"title": f"Groep {n}", "intervention": "Opschalen", "agenda": agenda}
                       for n in range(1, GROUPS + 1)]}
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
    parser.add_argument("--people", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # One address plays every person: its abuse limits are lifted.
        server = ServerProcess(Path(folder), env={"EVENTS_PER_IP_PER_SECOND": "0", "EVENTS_PER_SECOND": "0",
                                                  "FAILED_LOOKUPS_PER_IP_PER_HOUR": "0"}).start()
        try:
            made = fill(server.url, args.people)
            auth = {"Authorization": f"Bearer {made['facilitator_token']}"}
            base = f"{server.url}/api/events/{made['code']}"

            def get(path):
                return lambda: requests.get(path, headers=auth, timeout=60).raise_for_status()

            rows = [("/healthz (bare server)", timed(get(f"{server.url}/healthz"), args.repeat)),
                    ("overview GET /api/events/{code}", timed(get(base), args.repeat)),
                    ("plenary data", timed(get(f"{base}/plenary"), args.repeat)),
                    ("summary.json", timed(get(f"{base}/summary.json"), args.repeat)),
                    ("summary.pdf, first (rendered)", timed(get(f"{base}/summary.pdf"), 1)),
                    ("summary.pdf again (cached)", timed(get(f"{base}/summary.pdf"), args.repeat))]
        finally:
            server.stop()
    bare = rows[0][1]
    print(f"event of {GROUPS} groups × {args.people} participants ({GROUPS * args.people * 2} cards), "
          f"median of {args.repeat} requests")
    print(f"{'request':<36} {'ms':>9} {'× bare':>8}")
    for name, seconds in rows:
        print(f"{name:<36} {seconds * 1000:>9.1f} {seconds / bare:>8.1f}")


if __name__ == "__main__":
    main()
