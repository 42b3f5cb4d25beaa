"""The first minute of a workshop: a room joining at once over slow links, a request whose body
never arrives, and 40 participants on one IP flooding while someone else keeps working.

    .venv/bin/python bench/join_storm.py                       # starts `python run.py` itself
    .venv/bin/python bench/join_storm.py -s storm200 -s silent  # some of the scenarios
    .venv/bin/python bench/join_storm.py --url http://127.0.0.1:5000
    .venv/bin/python bench/join_storm.py --root /path/to/another/checkout   # e.g. an older version

Without --url it starts the server exactly as the README does (`python run.py`, SQLite in a fresh
folder, default settings), a fresh one for each scenario, pinned to core 0, and runs the clients
here on core 1. Every simulated
phone sends from its own loopback address (127.0.x.y), as phones on a mobile network would; the
flooders share one address, as a room on venue Wi-Fi does.

Scenarios:
- storm200, storm500: N people join within SPREAD seconds; each sends the join's headers, then
  its body 150 ms later, then connects over Socket.IO and waits for `state`. Meanwhile /healthz
  is asked every 50 ms. Failures, join and `state` p50/p95/max, the worst /healthz; where
  join-to-`state` went (each step of the connect: TCP, the WebSocket upgrade, Engine.IO's open,
  `state`, as p95 and as the mean of the slowest twentieth); the server's CPU per person, and
  how long the server and the load waited for a core (on a shared machine, what other work took).
- silent: one join sends its headers and never its body; meanwhile others ask /healthz, join
  and read `state`, one after another. How long they take, and whether the silent one is cut off.
- flood: a quiet participant sets a score every 100 ms (its ack round trip is the victim
  latency); then 40 participants from one other IP flood `actor:add` as fast as the server
  answers, reconnecting when cut off. Victim p95 quiet and during the flood, and the server's
  CPU per flood event answered. The victim runs in a process of its own and the flooders in
  another, niced: in one process the victim's acks waited behind the client's own backlog of
  40 flooders' messages, which measured the load generator rather than the server.

Targets (docs/reliability.md): 0 failures, join p95 <= 1 s, /healthz never over 1 s, victim
p95 during the flood within 2x of quiet. Prints a table; exits 0 whatever the figures.
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from lightsio import Client, http

BENCH = Path(__file__).resolve().parent
SPREAD = 3.0  # seconds over which a storm's joins start
BODY_DELAY = 0.15  # seconds between a join's headers and its body
FLOODERS = 40
SCENARIOS = ["storm200", "storm500", "silent", "flood"]
BARE = False  # --bare: the bare Flask-SocketIO server (bench/bare_server.py) instead of run.py
NICE = 0  # --nice: the server's and the load's niceness (below 0 needs root), on a busy machine


def source(i: int) -> str:
    """A distinct loopback address per simulated phone (127.0.1.1 … 127.0.255.254)."""
    return f"127.0.{1 + i // 254}.{1 + i % 254}"


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:,.0f} ms"


async def slow_post(host: str, port: int, path: str, body: dict, *, delay: float, src: str,
                    timeout: float = 60) -> tuple[int, dict]:
    """POST whose body follows its headers `delay` seconds later, as from a phone on a slow link."""
    reader, writer = await asyncio.open_connection(host, port, local_addr=(src, 0))
    try:
        data = json.dumps(body).encode()
        writer.write((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode())
        await writer.drain()
        await asyncio.sleep(delay)
        writer.write(data)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, payload = raw.partition(b"\r\n\r\n")
    if not head:
        return 0, {}
    status = int(head.split(b" ", 2)[1])
    try:
        return status, json.loads(payload) if payload else {}
    except ValueError:
        return status, {}


class Health:
    """Asks /healthz every 50 ms while running; keeps the latency of each answer (or timeout)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.latencies: list[float] = []
        self.failures = 0
        self._task = None

    async def _run(self):
        while True:
            t0 = time.monotonic()
            try:
                status, _ = await asyncio.wait_for(http(self.host, self.port, "GET", "/healthz"), 30)
                if status != 200:
                    self.failures += 1
            except (TimeoutError, OSError):
                self.failures += 1
            self.latencies.append(time.monotonic() - t0)
            await asyncio.sleep(0.05)

    def __enter__(self):
        self._task = asyncio.get_running_loop().create_task(self._run())
        return self

    def __exit__(self, *exc):
        self._task.cancel()


async def create(host: str, port: int) -> dict:
    status, body = await http(host, port, "POST", "/api/workshops",
                              {"title": "Storm", "intervention": "Beweegkuur"}, source="127.0.0.1")
    if status != 201:
        raise RuntimeError(f"create {status}: {body}")
    return body


async def storm(host: str, port: int, n: int) -> dict:
    created = await create(host, port)
    code = created["code"]
    joins, states, failures, clients = [], [], [], []
    phases: list[tuple[float, dict[str, float]]] = []  # join-to-`state`, the time of each step

    async def person(i: int):
        await asyncio.sleep(random.uniform(0, SPREAD))
        t0 = time.monotonic()
        try:
            status, body = await slow_post(host, port, f"/api/workshops/{code}/participants",
                                           {"name": f"Deelnemer {i}"}, delay=BODY_DELAY, src=source(i))
            if status != 201:
                failures.append(f"join {status} {body.get('error', {}).get('code')}")
                return
            joined = time.monotonic()
            joins.append(joined - t0)
            client = Client()
            clients.append(client)
            await client.connect(host, port, {"code": code, "token": body["token"]}, timeout=60,
                                 source=source(i))
            states.append(time.monotonic() - t0)
            steps = ["join", *PHASES]
            at = {"join": joined, **{name: client.times[name] for name in PHASES}}
            phases.append((states[-1], {"join": joined - t0, **{
                name: at[name] - at[steps[k]] for k, name in enumerate(PHASES)}}))
        except Exception as error:  # noqa: BLE001 - counted and reported
            failures.append(type(error).__name__)

    cpu = time.process_time()
    with Health(host, port) as health:
        await asyncio.gather(*(person(i) for i in range(n)))
    cpu = time.process_time() - cpu
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    # Where join-to-`state` went for the slowest twentieth (those that make its p95): the mean of
    # each step, and each step's own p95 over everyone.
    slowest = [steps for _, steps in sorted(phases, key=lambda p: p[0])[-max(1, len(phases) // 20):]]
    where = {f"slowest 5 %: {name}": sum(s[name] for s in slowest) / len(slowest) for name in slowest[0]} \
        if slowest else {}
    return {"failures": len(failures), "why": sorted(set(failures))[:5],
            "join p50": pct(joins, 0.5), "join p95": pct(joins, 0.95), "join max": pct(joins, 1.0),
            "state p95": pct(states, 0.95), "state max": pct(states, 1.0),
            "healthz max": pct(health.latencies, 1.0), "healthz failed": health.failures,
            **{f"step {name} p95": pct([s[name] for _, s in phases], 0.95) for name in PHASES}, **where,
            "load CPU": f"{cpu:.1f} s"}


# A connect's steps after the join (`lightsio.Client.times`): the TCP connection, the WebSocket
# upgrade's 101, Engine.IO's open packet, `state` (the Socket.IO connect's answer).
PHASES = ("tcp", "upgraded", "open", "state")


async def silent(host: str, port: int, hold: float = 20.0) -> dict:
    """One join whose body never comes, held open for `hold` seconds (or until the server drops it)."""
    created = await create(host, port)
    code = created["code"]
    reader, writer = await asyncio.open_connection(host, port, local_addr=("127.0.9.9", 0))
    writer.write((f"POST /api/workshops/{code}/participants HTTP/1.1\r\nHost: {host}:{port}\r\n"
                  "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n").encode())
    await writer.drain()
    t0 = time.monotonic()
    dropped_after = None

    async def watch():
        nonlocal dropped_after
        await reader.read()  # the server answers or closes
        dropped_after = time.monotonic() - t0

    watcher = asyncio.create_task(watch())
    await asyncio.sleep(0.2)
    latencies, failures = [], 0
    i, token = 0, ""
    while time.monotonic() - t0 < hold - 1:
        i += 1
        for kind in ("healthz", "join", "state"):
            start = time.monotonic()
            try:
                if kind == "healthz":
                    status, _ = await asyncio.wait_for(http(host, port, "GET", "/healthz"), 30)
                    ok = status == 200
                elif kind == "join":
                    status, body = await asyncio.wait_for(http(
                        host, port, "POST", f"/api/workshops/{code}/participants",
                        {"name": f"Anna {i}"}, source=source(i)), 30)
                    ok = status == 201
                    token = body.get("token")
                else:
                    status, _ = await asyncio.wait_for(http(
                        host, port, "GET", f"/api/workshops/{code}",
                        headers={"Authorization": f"Bearer {token}"}, source=source(i)), 30)
                    ok = status == 200
            except (TimeoutError, OSError, ValueError):
                ok = False
            latencies.append(time.monotonic() - start)
            failures += not ok
        await asyncio.sleep(0.1)
    await asyncio.wait([watcher], timeout=max(0.0, hold - (time.monotonic() - t0)))
    watcher.cancel()
    writer.close()
    return {"requests": len(latencies), "failures": failures, "p50": pct(latencies, 0.5),
            "p95": pct(latencies, 0.95), "max": pct(latencies, 1.0),
            "silent dropped after": dropped_after}


DETERMINANTS = ("driver", "funding", "added_value", "timing", "time")
FLOODER_NICE = 10  # the flooders' process yields its core to the victim's whenever that has work


async def victim_acks(victim: Client, seconds: float) -> tuple[list[float], int]:
    """A score every 100 ms; each ack's round trip (a lost ack counts as the 30 s it waited)."""
    seen, refused, k = [], 0, 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        k += 1
        t0 = time.monotonic()
        try:
            ack = await victim.emit("rating:set", {"determinant": DETERMINANTS[k % 5], "score": 1 + k % 5})
        except TimeoutError:
            ack = {}
        seen.append(time.monotonic() - t0)
        refused += not ack.get("ok")
        await asyncio.sleep(0.1)
    return seen, refused


async def victim_run(host: str, port: int, code: str, token: str, quiet_s: float, flood_s: float,
                     started, flooding) -> dict:
    victim = Client()
    await victim.connect(host, port, {"code": code, "token": token}, source="127.0.8.1")
    await victim_acks(victim, 1.0)  # warm up
    quiet, _ = await victim_acks(victim, quiet_s)
    started.set()
    await asyncio.get_running_loop().run_in_executor(None, flooding.wait, 30)
    await asyncio.sleep(0.5)
    during, refused = await victim_acks(victim, flood_s - 1.0)
    await victim.close()
    return {"quiet": quiet, "during": during, "refused": refused}


async def flooders_run(host: str, port: int, code: str, tokens: list[str], flood_s: float,
                       flooding) -> dict:
    """Every flooder sends `actor:add` with 20 in flight, as fast as the server answers, and
    reconnects (after Socket.IO's delay) when cut off or refused."""
    counts = {"sent": 0, "accepted": 0, "refused": 0, "unanswered": 0, "cut off": 0, "refused connects": 0}
    stop = time.monotonic() + flood_s

    def tally(task):
        if task.cancelled() or task.exception() is not None:
            counts["unanswered"] += 1
            return
        ack = task.result()
        counts["accepted" if isinstance(ack, dict) and ack.get("ok") else "refused"] += 1

    async def flooder(token: str, i: int):
        while time.monotonic() < stop:
            client = Client()
            try:
                await client.connect(host, port, {"code": code, "token": token}, timeout=10,
                                     source="127.0.7.7")
            except Exception:  # noqa: BLE001 - refused reconnects are part of the flood
                counts["refused connects"] += 1
                await asyncio.sleep(random.uniform(0.5, 1.5))  # Socket.IO's reconnection delay
                continue
            pending = set()
            try:
                while time.monotonic() < stop and not client._task.done():
                    counts["sent"] += 1
                    pending.add(asyncio.create_task(client.emit(
                        "actor:add", {"name": f"Flood {i}", "category": "funder"}, timeout=10)))
                    if len(pending) >= 20:  # as fast as the server answers, 20 in flight each
                        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                        for task in done:
                            tally(task)
                if client._task.done():
                    counts["cut off"] += 1
                    await asyncio.sleep(random.uniform(0.5, 1.5))
            finally:
                for task in pending:
                    try:
                        await task
                    except Exception:  # noqa: BLE001
                        pass
                    tally(task)
                await client.close()

    flooding.set()
    await asyncio.gather(*(flooder(t, i) for i, t in enumerate(tokens)))
    return counts


def victim_process(args: tuple, started, flooding, results) -> None:
    """The victim in a process (and event loop) of its own: its round trips are the server's,
    not the flooders' backlog in the load generator's loop."""
    results.put(asyncio.run(victim_run(*args, started, flooding)))


def flooders_process(args: tuple, flooding, results) -> None:
    """The flooders in another, niced, so that on the load's one core the victim's client never
    waits for theirs (they still get every cycle the victim does not use)."""
    os.nice(FLOODER_NICE)
    random.seed(2)
    results.put(asyncio.run(flooders_run(*args, flooding)))


async def flood(host: str, port: int, pid: int | None = None, quiet_s: float = 5.0,
                flood_s: float = 6.0) -> dict:
    created = await create(host, port)
    code = created["code"]

    async def join(name: str, src: str) -> str:
        status, body = await http(host, port, "POST", f"/api/workshops/{code}/participants",
                                  {"name": name}, source=src)
        if status != 201:
            raise RuntimeError(f"join {status}: {body}")
        return body["token"]

    victim_token = await join("Victim", "127.0.8.1")
    flooder_tokens = [await join(f"Flooder {i}", "127.0.7.7") for i in range(FLOODERS)]
    spawn = multiprocessing.get_context("spawn")
    started, flooding = spawn.Event(), spawn.Event()
    victim_result, flood_result = spawn.Queue(), spawn.Queue()
    victim = spawn.Process(target=victim_process, daemon=True, args=(
        (host, port, code, victim_token, quiet_s, flood_s), started, flooding, victim_result))
    victim.start()
    loop = asyncio.get_running_loop()
    if not await loop.run_in_executor(None, started.wait, 60):
        raise RuntimeError("the victim did not start")
    cpu = cpu_seconds(pid)
    flooders = spawn.Process(target=flooders_process, daemon=True, args=(
        (host, port, code, flooder_tokens, flood_s), flooding, flood_result))
    flooders.start()
    counts = await loop.run_in_executor(None, flood_result.get, 120)
    if pid is not None:
        spent = cpu_seconds(pid) - cpu
        counts["server CPU"] = f"{spent:.1f} s"
        counts["CPU per answer"] = f"{spent / max(1, counts['accepted'] + counts['refused']) * 1000:.1f} ms"
    seen = await loop.run_in_executor(None, victim_result.get, 60)
    victim.join(10)
    flooders.join(10)
    quiet, during = seen["quiet"], seen["during"]
    return {"victim quiet p95": pct(quiet, 0.95), "victim flood p95": pct(during, 0.95),
            "ratio": pct(during, 0.95) / pct(quiet, 0.95), "victim refused": seen["refused"], **counts}


def start_server(root: Path, workdir: Path) -> tuple[subprocess.Popen, int]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    python = root / ".venv" / "bin" / "python"
    python = python if python.exists() else Path(sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SOCKETIO_", "DATABASE_"))}
    env.update(SESSIONS_DIR=str(workdir), LOG_LEVEL="WARNING")
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") and os.cpu_count() > 1 else []
    pin = [*(["nice", "-n", str(NICE)] if NICE else []), *pin]
    log = open(workdir / "server.log", "ab")
    script = [str(BENCH / "bare_server.py")] if BARE else ["run.py"]
    process = subprocess.Popen([*pin, str(python), *script, "--port", str(port)], cwd=root, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    return process, port


async def wait_ready(host: str, port: int, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("server exited")
        try:
            if (await http(host, port, "GET", "/healthz"))[0] == 200:
                return
        except OSError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


def print_table(title: str, rows: list[tuple[str, object]]) -> None:
    print(f"\n{title}")
    print("| measure | value |\n| --- | ---: |")
    for name, value in rows:
        shown = ms(value) if isinstance(value, float) and name not in ("ratio",) else value
        if name == "ratio" and value is not None:
            shown = f"{value:.2f}×"
        print(f"| {name} | {shown} |")


def cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU time of a process (the server's), from /proc."""
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def runnable_seconds(pid: int | None) -> float | None:
    """How long a process's threads were ready to run but waited for a core (/proc's
    schedstat): on a shared machine, the time other work took from it."""
    if pid is None:
        return None
    waited = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            waited += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError):
            pass
    return waited / 1e9


async def run(name: str, host: str, port: int, pid: int | None = None) -> dict:
    if name.startswith("storm"):
        before, waited, load_waited = cpu_seconds(pid), runnable_seconds(pid), runnable_seconds(os.getpid())
        result = await storm(host, port, int(name[5:]))
        if pid is not None:
            spent = cpu_seconds(pid) - before
            result["server CPU"] = f"{spent:.1f} s"
            result["CPU per person"] = f"{spent / int(name[5:]) * 1000:.1f} ms"
            result["server waited for a core"] = f"{runnable_seconds(pid) - waited:.2f} s"
        result["load waited for a core"] = f"{runnable_seconds(os.getpid()) - load_waited:.2f} s"
        return result
    if name == "silent":
        return await silent(host, port)
    return await flood(host, port, pid)


async def main(args) -> None:
    """Each scenario against a fresh server (or the given one), so none inherits another's load."""
    random.seed(1)
    if os.cpu_count() > 1 and shutil.which("taskset"):
        os.sched_setaffinity(0, {1})
    global SPREAD, BARE, NICE
    SPREAD, BARE, NICE = args.spread, args.bare, args.nice
    if NICE:
        os.nice(NICE)
    results = {}
    for name in args.scenario or SCENARIOS:
        if args.url:
            parts = urlsplit(args.url)
            await wait_ready(parts.hostname, parts.port or 80, None)
            result = await run(name, parts.hostname, parts.port or 80, args.server_pid)
        else:
            workdir = Path(tempfile.mkdtemp(prefix="join-storm-"))
            process, port = start_server(Path(args.root).resolve(), workdir)
            try:
                await wait_ready("127.0.0.1", port, process)
                result = await run(name, "127.0.0.1", port, process.pid)
            finally:
                process.terminate()
                process.wait(10)
                shutil.rmtree(workdir, ignore_errors=True)
        print_table(name, list(result.items()))
        results[name] = result
    if args.json:
        print("RESULT " + json.dumps(results, default=str), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-s", "--scenario", action="append", choices=SCENARIOS)
    parser.add_argument("--url", help="a running server (default: start one)")
    parser.add_argument("--spread", type=float, default=SPREAD,
                        help=f"seconds over which a storm's joins start (default {SPREAD:g})")
    parser.add_argument("--bare", action="store_true", help="against bench/bare_server.py, for reference")
    parser.add_argument("--nice", type=int, default=0,
                        help="niceness of the server and the load, e.g. -10 with sudo on a busy machine")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    parser.add_argument("--server-pid", type=int, help="with --url: its pid, to measure its CPU time")
    parser.add_argument("--root", default=str(BENCH.parent), help="the checkout whose run.py to start")
    cli = parser.parse_args()
    asyncio.run(main(cli))
