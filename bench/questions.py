"""Question-step benchmark: a focus group of 500 participants who each post 3 cards and cast 5
card votes within a minute, then `state` with the 1,500 cards that made.

    .venv/bin/python bench/questions.py                  # 500 participants, 60 s
    .venv/bin/python bench/questions.py -n 100 -d 20     # smaller
    .venv/bin/python bench/questions.py --root /path/to/another/checkout   # e.g. an older version

The workshop server (run.py, eventlet, SQLite) and the bare Flask-SocketIO broadcast
server (bench/bare_server.py: every card and vote broadcast at once, nothing stored)
each run fresh, pinned to core 0; the simulated participants (bench/lightsio.py) run
here, pinned to core 1. It prints one table: what was lost, the card broadcast latency
(send → arrival at every other participant), acks, and `state` size and time, with the
workshop server's figures as ratios to the bare server's; and the load generator's own CPU
over the run's wall time (near 100%, the generator and not the server would be what
delays the arrivals).
"""

import argparse
import asyncio
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lightsio import Client, http

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
NONCE = re.compile(r'"(?:text|name)":\s*"c([0-9]+)\.')
SEQ = re.compile(r'"seq":\s*(\d+)')
CARDS, VOTES = 3, 5
DRAIN = 3.0  # seconds without a new broadcast after which the server has sent everything
OBSERVERS = 50  # participants whose arrival times are kept (all of them count what they get)


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Person:
    def __init__(self, index: int, arrivals: dict[int, list[float]] | None):
        self.index = index
        self.seqs: list[int] = []
        self.arrivals = arrivals
        self.client = Client(self.on_event)

    def on_event(self, text: str, t: float) -> None:
        self.seqs.append(int(SEQ.search(text).group(1)))
        if self.arrivals is not None and (found := NONCE.search(text)):
            self.arrivals.setdefault(int(found.group(1)), []).append(t)


class Server:
    def __init__(self, command: list[str], env: dict, port: int, log: Path, root: Path = ROOT):
        self.port = port
        with open(log, "ab") as out:
            self.process = subprocess.Popen(["taskset", "-c", "0", *command], cwd=root, env=env,
                                            stdout=out, stderr=subprocess.STDOUT)

    async def ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("server exited")
            try:
                if (await http("127.0.0.1", self.port, "GET", "/healthz"))[0] == 200:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def run(kind: str, participants: int, duration: float, workdir: Path, root: Path = ROOT) -> dict:
    port = free_port()
    env = {**os.environ, "SESSIONS_DIR": str(workdir / kind), "JOINS_PER_IP_PER_HOUR": "0",
           "WORKSHOPS_PER_IP_PER_HOUR": "0", "FAILED_LOOKUPS_PER_IP_PER_HOUR": "0",
           "JOINS_PER_IP_PER_WORKSHOP": "0", "EVENTS_PER_IP_PER_SECOND": "0",
           "MAX_PARTICIPANTS": str(participants + 10), "EVENTS_PER_SECOND": "0", "LOG_LEVEL": "WARNING"}
    command = ([str(root / ".venv" / "bin" / "python"), "run.py", "--port", str(port)] if kind == "workshop"
               else [sys.executable, str(BENCH / "bare_server.py"), "--port", str(port)])
    server = Server(command, env, port, workdir / f"{kind}.log", root)
    try:
        await server.ready()
        return await drive(kind, port, participants, duration, server.process.pid)
    finally:
        server.stop()


async def drive(kind: str, port: int, participants: int, duration: float, pid: int) -> dict:
    host = "127.0.0.1"
    status, created = await http(host, port, "POST", "/api/workshops",
                                 {"title": "Context gebonden?", "intervention": "Beweegkuur",
                                  "template": "focus_group", "votes_per_participant": VOTES,
                                  "max_votes_per_strategy": 2})
    assert status == 201, created
    code = created["code"]
    fac = Client()
    fac_state = await fac.connect(host, port, {"code": code, "token": created["facilitator_token"]})
    if kind == "workshop":
        question = next(s["id"] for s in fac_state["workshop"]["agenda"] if s["kind"] == "question")
        assert (await fac.emit("step:set", {"step": question}))["ok"]
    arrivals: dict[int, list[float]] = {}
    people = []
    semaphore = asyncio.Semaphore(50)

    async def join(i: int) -> None:
        async with semaphore:
            status, body = await http(host, port, "POST", f"/api/workshops/{code}/participants",
                                      {"name": f"Deelnemer {i}"})
            assert status == 201, body
            person = Person(i, arrivals if i < OBSERVERS else None)
            await person.client.connect(host, port, {"code": code, "token": body["token"]})
            people.append(person)

    await asyncio.gather(*(join(i) for i in range(participants)))
    start_seq = (await http(host, port, "GET", f"/api/workshops/{code}",
                            headers={"Authorization": f"Bearer {created['facilitator_token']}"}))[1]["seq"]
    for p in people:
        p.seqs.clear()
    sent: dict[int, tuple[float, int]] = {}  # nonce -> (time, sender index)
    acks: list[float] = []
    errors: list[str] = []
    cards: list[int] = []

    async def act(person: Person, event: str, data: dict, nonce: int | None) -> dict | None:
        t0 = time.monotonic()
        if nonce is not None:
            sent[nonce] = (t0, person.index)
        try:
            ack = await person.client.emit(event, data)
        except Exception as error:  # noqa: BLE001 - counted and reported
            errors.append(f"{event}: {error!r}"[:120])
            return None
        acks.append(time.monotonic() - t0)
        if not ack.get("ok"):
            errors.append(f"{event}: {ack.get('error')}"[:120])
            return None
        return ack

    # Everyone's actions spread evenly over the minute: cards first, votes on cards already there.
    plan = [(p, "card", n) for p in people for n in range(CARDS)] + [(p, "vote", n) for p in people
                                                                       for n in range(VOTES)]
    random.seed(1)
    plan.sort(key=lambda item: random.uniform(0, 0.7) if item[1] == "card" else random.uniform(0.2, 1))
    interval = duration / len(plan)
    tasks = set()
    cpu0, own0 = cpu_seconds(pid), time.process_time()
    votes_on: dict[tuple[int, int], int] = {}
    start = time.monotonic()
    for k, (person, what, n) in enumerate(plan):
        delay = start + k * interval - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        if what == "card" or not cards:
            nonce = k
            text = f"c{nonce}. Kaartje {n + 1} van deelnemer {person.index}"
            if kind == "workshop":
                coro = act(person, "card:add", {"text": text}, nonce)
            else:
                coro = act(person, "actor:add", {"name": text, "category": "other"}, nonce)

            async def add(coro=coro):
                ack = await coro
                if ack:
                    cards.append(ack["card"]["id"] if "card" in ack else ack["actor"]["id"])
            task = asyncio.create_task(add())
        else:
            choices = [c for c in cards[-200:] if votes_on.get((person.index, c), 0) < 2]
            card = random.choice(choices or cards)
            votes_on[(person.index, card)] = votes_on.get((person.index, card), 0) + 1
            event, data = ("card:vote", {"id": card}) if kind == "workshop" else ("vote:cast",
                                                                                   {"strategy_id": card})
            task = asyncio.create_task(act(person, event, data, None))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=120)
    elapsed = time.monotonic() - start
    # Wait until the server has sent everything it still holds (a busy server falls behind).
    deadline, seen = time.monotonic() + 180, -1
    while seen != (seen := sum(len(p.seqs) for p in people)) and time.monotonic() < deadline:
        await asyncio.sleep(DRAIN)
    cpu, own = cpu_seconds(pid) - cpu0, time.process_time() - own0
    wall = time.monotonic() - start
    deliveries = sum(len(p.seqs) for p in people)
    latencies = [t - sent[nonce][0] for nonce, times in arrivals.items() if nonce in sent for t in times]
    row = {"kind": kind, "participants": participants, "actions": len(plan), "elapsed": elapsed,
           "errors": len(errors), "error_sample": errors[:3], "ack_p95": percentile(acks, 0.95),
           "card_p50": percentile(latencies, 0.5), "card_p95": percentile(latencies, 0.95),
           "card_p99": percentile(latencies, 0.99), "cpu": cpu, "cpu_per_action": cpu / len(plan),
           "cpu_per_delivery": cpu / deliveries if deliveries else None, "deliveries": deliveries,
           "client_cpu": own, "client_share": own / wall}
    # Nothing lost: every participant saw every seq of the run, and every observer every card.
    end_seq = max((max(p.seqs) for p in people if p.seqs), default=start_seq)
    row["missed_events"] = sum((end_seq - start_seq) - len({s for s in p.seqs if s > start_seq})
                               for p in people)
    observers = sum(1 for p in people if p.index < OBSERVERS)
    row["missed_cards"] = sum(observers - len(arrivals.get(nonce, [])) for nonce in sent)
    if kind == "workshop":
        row.update(await state_figures(host, port, code, created["facilitator_token"]))
    else:
        row.update(await bare_state(host, port, code, created["facilitator_token"]))
    await asyncio.gather(fac.close(), *(p.client.close() for p in people), return_exceptions=True)
    return row


async def state_figures(host, port, code, token) -> dict:
    """`state` with the cards made: what is stored, its size, its time over HTTP and on connect
    (as the facilitator)."""
    times = []
    size = 0
    for _ in range(10):
        t0 = time.monotonic()
        status, body = await http(host, port, "GET", f"/api/workshops/{code}", headers={
            "Authorization": f"Bearer {token}"})
        times.append(time.monotonic() - t0)
        size = len(json.dumps(body, separators=(",", ":")))
    connects = []
    for _ in range(10):
        client = Client()
        t0 = time.monotonic()
        await client.connect(host, port, {"code": code, "token": token})
        connects.append(time.monotonic() - t0)
        await client.close()
    return {"state_bytes": size, "state_cards": len(body["cards"]), "state_http_p50": percentile(times, 0.5),
            "connect_p50": percentile(connects, 0.5), "stored_cards": len(body["cards"]),
            "stored_votes": sum(c["votes"] for c in body["cards"])}


async def bare_state(host, port, code, token) -> dict:
    times = []
    for _ in range(10):
        t0 = time.monotonic()
        await http(host, port, "GET", f"/api/workshops/{code}", headers={"Authorization": f"Bearer {token}"})
        times.append(time.monotonic() - t0)
    return {"state_http_p50": percentile(times, 0.5)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process so far; `taskset` execs the server, so its pid."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def us(value) -> str:
    return "—" if value is None else f"{value * 1e6:.0f} µs"


def ms(value) -> str:
    return "—" if value is None else f"{value * 1000:.0f} ms"


def ratio(a, b) -> str:
    return "—" if not a or not b else f"{a / b:.1f}×"


def table(ours: dict, bare: dict) -> str:
    rows = [
        ("participants", ours["participants"], bare["participants"], ""),
        ("actions (cards + votes)", ours["actions"], bare["actions"], ""),
        ("refused or failed", ours["errors"], bare["errors"], ""),
        ("events missed (all participants)", ours["missed_events"], bare["missed_events"], ""),
        ("cards missed (observers)", ours["missed_cards"], bare["missed_cards"], ""),
        *((f"card broadcast {q}", ms(ours[f"card_{q}"]), ms(bare[f"card_{q}"]),
           ratio(ours[f"card_{q}"], bare[f"card_{q}"])) for q in ("p50", "p95", "p99")),
        ("ack p95", ms(ours["ack_p95"]), ms(bare["ack_p95"]), ratio(ours["ack_p95"], bare["ack_p95"])),
        ("deliveries (events at all participants)", ours["deliveries"], bare["deliveries"], ""),
        ("server CPU, actions and broadcasts", f"{ours['cpu']:.1f} s", f"{bare['cpu']:.1f} s",
         ratio(ours["cpu"], bare["cpu"])),
        ("… per action", ms(ours["cpu_per_action"]), ms(bare["cpu_per_action"]),
         ratio(ours["cpu_per_action"], bare["cpu_per_action"])),
        ("… per delivery", us(ours["cpu_per_delivery"]), us(bare["cpu_per_delivery"]),
         ratio(ours["cpu_per_delivery"], bare["cpu_per_delivery"])),
        ("load generator CPU (one process, all sockets)",
         f"{ours['client_cpu']:.1f} s, {ours['client_share']:.0%}",
         f"{bare['client_cpu']:.1f} s, {bare['client_share']:.0%}", ""),
        ("cards stored / votes stored", f"{ours['stored_cards']} / {ours['stored_votes']}", "—", ""),
        (f"state with {ours['state_cards']} cards", f"{ours['state_bytes'] / 1024:.0f} KiB", "—", ""),
        ("state over HTTP p50", ms(ours["state_http_p50"]), ms(bare["state_http_p50"]),
         ratio(ours["state_http_p50"], bare["state_http_p50"])),
        ("connect + state p50", ms(ours["connect_p50"]), "—", ""),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'':{width}}  {'workshop':>14}  {'bare':>10}  ratio", "-" * (width + 36)]
    lines += [f"{name:{width}}  {str(a):>14}  {str(b):>10}  {r}" for name, a, b, r in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--participants", type=int, default=500)
    parser.add_argument("-d", "--duration", type=float, default=60.0)
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose run.py to start")
    args = parser.parse_args()
    os.sched_setaffinity(0, {1})
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with tempfile.TemporaryDirectory(prefix="bench-questions-") as tmp:
        workdir = Path(tmp)
        (workdir / "workshop").mkdir()
        (workdir / "bare").mkdir()
        ours = asyncio.run(run("workshop", args.participants, args.duration, workdir,
                               Path(args.root).resolve()))
        bare = asyncio.run(run("bare", args.participants, args.duration, workdir))
    print(table(ours, bare))
    if ours["error_sample"]:
        print("errors, e.g.:", *ours["error_sample"], sep="\n  ")
    lost = ours["missed_events"] + ours["missed_cards"] + ours["errors"]
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
