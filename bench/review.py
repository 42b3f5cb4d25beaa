"""The action review and the timeline report: `.venv/bin/python bench/review.py [--rounds N]`.

Against the real eventlet server (`python run.py`, SQLite) and, in the same run, the bare
Flask-SocketIO broadcast server (bench/bare_server.py):

1. acks: the facilitator sets a review outcome (`review:set`, which also changes the
   follow-up's action: two events) and moves the focus (`review:focus`), with three
   participants connected; beside it our own `actor:update` and the bare server's
   `actor:update` (a broadcast and nothing else). Ratios are to the bare server.
2. downloads: the timeline of a chain of three workshops as JSON, Markdown and PDF, the
   first time (rendered in a worker process) and again (from the cache), beside the
   follow-up's own summary.pdf.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import socketio

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from tests.chain import build_chain  # noqa: E402
from tests.helpers import ServerProcess, free_port, wait_for  # noqa: E402


def client(url: str, code: str, token: str, state: dict | None = None) -> socketio.Client:
    sio = socketio.Client(reconnection=False)
    if state is not None:
        sio.on("state", state.update)
    sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=30)
    return sio


def acks(sio: socketio.Client, payloads) -> list[float]:
    times = []
    for event, payload in payloads:
        start = time.perf_counter()
        answer = sio.call(event, payload, timeout=30)
        times.append(time.perf_counter() - start)
        assert answer["ok"], (event, answer)
    return times


def room(url: str, code: str, participants: int = 3) -> list[socketio.Client]:
    people = []
    for n in range(participants):
        joined = requests.post(f"{url}/api/workshops/{code}/participants", json={"name": f"P{n}"},
                               timeout=10).json()
        people.append(client(url, code, joined["token"]))
    return people


def timed_get(url: str, headers: dict) -> float:
    start = time.perf_counter()
    response = requests.get(url, headers=headers, timeout=60)
    assert response.ok, (url, response.status_code)
    return time.perf_counter() - start


def ours(folder: Path, rounds: int) -> dict:
    server = ServerProcess(folder, env={"EVENTS_PER_SECOND": "0", "EVENTS_PER_IP_PER_SECOND": "0",
                                            "LOG_LEVEL": "WARNING"}).start()
    try:
        chain = build_chain(server.url, requests.Session())
        last = chain[-1]
        created = requests.post(f"{server.url}/api/workshops", timeout=10, json={
            "title": "Beweegkuur 2027", "intervention": "Beweegkuur", "follow_up_of": last["code"]},
            headers={"Authorization": f"Bearer {last['facilitator_token']}"}).json()
        code, token = created["code"], created["facilitator_token"]
        people = room(server.url, code)
        state = {}
        fac = client(server.url, code, token, state)
        assert wait_for(lambda: state)
        items = [i["id"] for i in state["review"]["items"]]
        actor = state["actors"][0]["id"]
        outcomes = ("doing", "done")
        result = {
            "review:set": acks(fac, [("review:set", {"id": items[n % len(items)],
                                                     "outcome": outcomes[n % 2]}) for n in range(rounds)]),
            # On and off again: every focus changes something and is broadcast.
            "review:focus": acks(fac, [("review:focus", {"id": items[0] if n % 2 else None})
                                       for n in range(rounds)]),
            "actor:update": acks(fac, [("actor:update", {"id": actor, "influence": n % 101})
                                       for n in range(rounds)]),
        }
        for sio in (fac, *people):
            sio.disconnect()
        headers = {"Authorization": f"Bearer {token}"}
        base = f"{server.url}/api/workshops/{code}"
        downloads = {}
        for name in ("timeline", "timeline.md", "timeline.pdf", "summary.pdf"):
            first = timed_get(f"{base}/{name}", headers)
            again = [timed_get(f"{base}/{name}", headers) for _ in range(5)]
            downloads[name] = (first, statistics.median(again))
        result["downloads"] = downloads
        return result
    finally:
        server.stop()


def bare(rounds: int) -> list[float]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(BENCH / "bare_server.py"), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _up(url), timeout=20)
        created = requests.post(f"{url}/api/workshops", json={}, timeout=10).json()
        people = room(url, created["code"])
        fac = client(url, created["code"], created["facilitator_token"])
        times = acks(fac, [("actor:update", {"id": 1, "influence": n % 101}) for n in range(rounds)])
        for sio in (fac, *people):
            sio.disconnect()
        return times
    finally:
        process.terminate()
        process.wait(timeout=10)


def _up(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=1).ok
    except requests.ConnectionError:
        return False


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        measured = ours(Path(folder), args.rounds)
    floor = statistics.median(bare(args.rounds))
    print(f"\n{'ack (3 participants)':<28}{'p50':>10}{'p95':>10}{'p50 / bare':>12}")
    for event in ("review:set", "review:focus", "actor:update"):
        samples = sorted(measured[event])
        p50, p95 = statistics.median(samples), samples[int(0.95 * len(samples)) - 1]
        print(f"{event:<28}{ms(p50):>10}{ms(p95):>10}{p50 / floor:>11.1f}x")
    print(f"{'bare actor:update':<28}{ms(floor):>10}{'':>10}{1:>11.1f}x")
    print(f"\n{'download (3-workshop chain)':<28}{'first':>10}{'cached':>10}")
    for name, (first, again) in measured["downloads"].items():
        print(f"{name:<28}{ms(first):>10}{ms(again):>10}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
