"""Load benchmark: hundreds of simulated participants against the workshop server,
and the same load against a bare Flask-SocketIO broadcast server for comparison.

    .venv/bin/python bench/load.py                     # every scenario (about half an hour)
    .venv/bin/python bench/load.py --quick             # every scenario, shorter and smaller
    .venv/bin/python bench/load.py -s p500 -s snapshot  # some of them
    .venv/bin/python bench/load.py -s p500 --url http://127.0.0.1:5000 --server-pid 1234

Each run starts a fresh server pinned to core 0 (`taskset`), joins N participants
over HTTP and connects them over WebSocket from two client processes pinned to
core 1 (bench/lightsio.py, a light client, so the generator is not what is
measured), then drives a mix of actor drags, ratings, votes and retracts at a
fixed rate. It prints a table and writes bench/results/<time>.json.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from lightsio import Client, http

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
TICK = os.sysconf("SC_CLK_TCK")
DETERMINANTS = ("driver", "funding", "added_value", "timing", "time")
SEQ = re.compile(r'"seq":\s*(\d+)')
NONCE = re.compile(r'"note":\s*"n([^"]+)"')
ACTORS_PER_WORKSHOP = 20
DRAIN = 2.0  # seconds after the last action for the last broadcasts to arrive
NICE: list[str] = []  # ["nice", "-n", N] with --nice
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@dataclass
class Scenario:
    name: str
    participants: int  # per workshop
    workshops: int
    rate: float  # actions per second, all workshops together
    duration: float
    targets: dict = field(default_factory=dict)  # p95 (s), lost, errors
    bare: bool = True  # also run against the bare server
    processes: int = 1  # >1: PostgreSQL + Redis behind nginx (docs/deploy.md), a core per process


SCENARIOS = {
    **{f"growth{n}": Scenario(f"growth{n}", n, 1, 10, 10, bare=False) for n in (50, 100, 250, 500, 1000)},
    "p500": Scenario("p500", 500, 1, 20, 15, {"p95": 0.100, "lost": 0, "errors": 0}),
    "p1000": Scenario("p1000", 1000, 1, 10, 15, {"p95": 0.250, "lost": 0, "errors": 0}),
    "multi": Scenario("multi", 30, 20, 40, 15, {"p95": 0.050, "lost": 0, "errors": 0}),
    "cluster": Scenario("cluster", 500, 1, 20, 15, {"lost": 0, "errors": 0}, bare=False, processes=2),
    "cluster-multi": Scenario("cluster-multi", 30, 20, 40, 15, {"p95": 0.050, "lost": 0, "errors": 0},
                              bare=False, processes=2),
}
# Scenarios of other scripts, run here so that one command prints every figure (their tables follow).
EXTERNAL = {
    "joining": "500 join within 10 s over slow links (bench/join_storm.py), ours and bare",
    "flood": "a victim's acks while 40 participants of one IP flood (bench/join_storm.py)",
    "discussion": "500 participants posting and voting on cards (bench/questions.py), ours and bare",
    "summaries": "every format of a 200-participant workshop and of a four-group event, and the "
                 "cached second download (bench/summary.py); without --quick also a victim's acks "
                 "while PDFs download",
}
GROUPS = {"growth": [f"growth{n}" for n in (50, 100, 250, 500, 1000)]}
DEFAULT = ["snapshot", "p500", "p1000", "multi", "joining", "flood", "discussion", "summaries",
           "cluster", "cluster-multi"]
QUICK = {"duration": 6.0, "joining": 200}
# The discussion target as stated, in --quick too: with fewer people each card reaches fewer
# connections, and 200 in 20 s measured neither its size nor its rate.
DISCUSSION = (500, 60)  # participants, seconds


def percentiles(values: list[float]) -> dict:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "max": None}
    values = sorted(values)

    def at(q):
        return values[min(len(values) - 1, int(q * len(values)))]

    return {"n": len(values), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": values[-1]}


def raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- the client processes -----------------------------------------------------------------

class Participant:
    """One simulated person: a connection, the seqs it saw, the votes it holds."""

    def __init__(self, code: str, recv: dict):
        self.code = code
        self.seqs: list[int] = []
        self.busy = False
        self.votes_left = 0
        self.cast: dict[int, int] = {}
        self.client = Client(self.on_event)
        self.recv = recv

    def on_event(self, text: str, t: float) -> None:
        self.seqs.append(int(SEQ.search(text).group(1)))
        nonce = NONCE.search(text)
        if nonce:
            self.recv.setdefault(nonce.group(1), []).append(t)


async def join(spec: dict, entry: dict, i: int, recv: dict, sem: asyncio.Semaphore, out: dict):
    host, port = entry["host"], entry["port"]
    async with sem:
        t0 = time.monotonic()
        try:
            source = entry.get("source")
            status, body = await http(host, port, "POST", f"/api/workshops/{entry['code']}/participants",
                                      {"name": f"Deelnemer {spec['worker']}-{i}"}, source=source)
            if status != 201:
                raise RuntimeError(f"join {status}: {body}")
            p = Participant(entry["code"], recv)
            state = await p.client.connect(host, port, {"code": entry["code"], "token": body["token"]},
                                           source=source)
        except Exception as error:  # noqa: BLE001 - counted and reported, the run goes on
            out["connect_errors"].append(repr(error)[:200])
            return None
        out["join"].append(time.monotonic() - t0)
        p.votes_left = state["me"]["votes_left"]
        p.actors = entry["actors"]
        p.strategies = entry["strategies"]
        return p


async def act(p: Participant, nonce: str, sent: dict, out: dict) -> None:
    p.busy = True
    r = random.random()
    if r < 0.6:
        event, data = "actor:update", {"id": random.choice(p.actors), "note": "n" + nonce,
                                       "influence": random.randint(0, 100),
                                       "interest": random.randint(0, 100)}
    elif r < 0.8:
        event, data = "rating:set", {"determinant": random.choice(DETERMINANTS),
                                     "score": random.randint(1, 5)}
    else:
        free = [s for s in p.strategies if p.cast.get(s, 0) < 3]
        if p.votes_left > 0 and free and (r < 0.92 or not p.cast):
            event, data = "vote:cast", {"strategy_id": random.choice(free)}
        elif p.cast:
            event, data = "vote:retract", {"strategy_id": random.choice(list(p.cast))}
        else:
            event, data = "rating:set", {"determinant": random.choice(DETERMINANTS), "score": 3}
    t0 = time.monotonic()
    if event == "actor:update":
        sent[nonce] = t0
    try:
        ack = await p.client.emit(event, data)
    except Exception as error:  # noqa: BLE001
        out["errors"].append(f"{event}: {error!r}"[:200])
        p.busy = False
        return
    out["ack"].append(time.monotonic() - t0)
    if not ack.get("ok"):
        out["errors"].append(f"{event}: {ack.get('error')}"[:200])
    elif event.startswith("vote:"):
        p.votes_left = ack["votes_left"]
        s = data["strategy_id"]
        p.cast[s] = p.cast.get(s, 0) + (1 if event == "vote:cast" else -1)
        if p.cast[s] <= 0:
            del p.cast[s]
    p.busy = False


async def run_worker(spec: dict) -> None:
    raise_file_limit()
    random.seed(spec["worker"])
    recv: dict[str, list[float]] = {}
    sent: dict[str, float] = {}
    out = {"join": [], "ack": [], "errors": [], "connect_errors": []}
    sem = asyncio.Semaphore(spec["concurrency"])
    t0 = time.monotonic()
    joined = await asyncio.gather(*(join(spec, e, i, recv, sem, out) for i, e in enumerate(spec["clients"])))
    people = [p for p in joined if p is not None]
    emit({"ready": True, "connected": len(people), "join_wall": time.monotonic() - t0})
    go = json.loads(sys.stdin.readline())
    start_seq = go["start_seq"]
    for p in people:
        p.client.received = 0
    cpu0 = sum(os.times()[:2])
    start = time.monotonic()
    interval = 1 / spec["rate"]
    k = 0
    tasks = set()
    while (target := start + k * interval) < start + spec["duration"]:
        delay = target - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        k += 1
        for _ in range(8):
            p = random.choice(people)
            if not p.busy:
                task = asyncio.create_task(act(p, f"{spec['worker']}.{k}", sent, out))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                break
        else:
            out["errors"].append("no idle participant")
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    await asyncio.sleep(DRAIN)
    elapsed = time.monotonic() - start
    cpu = sum(os.times()[:2]) - cpu0
    received = {}
    for p in people:
        received.setdefault(p.code, []).append(len({s for s in p.seqs if s > start_seq[p.code]}))
    emit({"actions": k, "sent": sent, "recv": recv, "received": received,
          "deliveries": sum(p.client.received for p in people), "cpu": cpu, "elapsed": elapsed, **out})
    sys.stdin.readline()
    await asyncio.gather(*(p.client.close() for p in people), return_exceptions=True)


def emit(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def worker_main() -> None:
    spec = json.loads(sys.stdin.readline())
    asyncio.run(run_worker(spec))


# --- servers ------------------------------------------------------------------------------

class Server:
    """A server process pinned to one core, with its CPU time and peak memory from /proc."""

    def __init__(self, command: list[str], env: dict, port: int, core: str, log: Path):
        self.port = port
        self.log = log
        with open(log, "ab") as f:
            self.process = subprocess.Popen([*NICE, "taskset", "-c", core, *command], cwd=ROOT, env=env,
                                            stdout=f, stderr=subprocess.STDOUT)
        self.pid = self.process.pid

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                status, _ = await http("127.0.0.1", self.port, "GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A fresh PostgreSQL database and a Redis queue for several server processes: by default a
    redis-server of its own, since Pub/Sub channels are shared by every database number."""

    def __init__(self, admin_url: str, redis_url: str | None):
        import psycopg2

        self.psycopg2 = psycopg2
        self.admin_url = admin_url
        self.name = f"bench_{uuid.uuid4().hex[:10]}"
        conn = psycopg2.connect(admin_url)
        conn.autocommit = True
        conn.cursor().execute(f'CREATE DATABASE "{self.name}"')
        conn.close()
        self.url = admin_url.rsplit("/", 1)[0] + "/" + self.name
        self.redis = None
        if redis_url is None:
            port = free_port()
            self.redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                           "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
            redis_url = f"redis://127.0.0.1:{port}/0"
            time.sleep(0.5)
        self.redis_url = redis_url

    def drop(self) -> None:
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait()
        conn = self.psycopg2.connect(self.admin_url)
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        conn.close()


def start_servers(kind: str, processes: int, workdir: Path, args) -> tuple[list[Server], object]:
    env = {**os.environ, "SESSIONS_DIR": str(workdir), "MAX_PARTICIPANTS": "100000",
           "SOCKETIO_ASYNC_MODE": "eventlet", "LOG_LEVEL": "WARNING", "MAX_CONNECTIONS": "10000",
           # every simulated participant comes from 127.0.0.1: per-IP abuse limits off
           "JOINS_PER_IP_PER_HOUR": "0", "WORKSHOPS_PER_IP_PER_HOUR": "0",
           "JOINS_PER_IP_PER_WORKSHOP": "0", "EVENTS_PER_IP_PER_SECOND": "0"}
    cluster = None
    if kind == "bare":
        port = free_port()
        return [Server([PYTHON, "bench/bare_server.py", "--port", str(port)], env, port, "0",
                       workdir / "bare.log")], None
    if processes > 1:
        cluster = Cluster(args.postgres, args.redis)
        env.update(DATABASE_URL=cluster.url, SOCKETIO_MESSAGE_QUEUE=cluster.redis_url)
    servers = []
    for i in range(processes):
        port = free_port()
        core = str(i % (os.cpu_count() or 1)) if processes > 1 else "0"  # several: a core each
        servers.append(Server([PYTHON, "run.py", "--port", str(port)],
                              {**env, "SERVER_ID": f"bench:{port}"}, port, core, workdir / f"server-{i}.log"))
        if i == 0 and processes > 1:  # the first one migrates the fresh database
            asyncio.run(servers[0].wait_ready())
    return servers, cluster


class Nginx:
    """nginx in front of several server processes, configured as deploy/nginx.conf (ip_hash,
    WebSocket upgrade, keep-alive upstream) but on plain HTTP and a free port."""

    def __init__(self, ports: list[int], workdir: Path):
        self.port = free_port()
        upstream = "\n".join(f"        server 127.0.0.1:{p};" for p in ports)
        conf = workdir / "nginx.conf"
        conf.write_text(f"""worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/nginx-error.log warn;
worker_rlimit_nofile 65536;
events {{ worker_connections 16384; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/nginx-body;
    proxy_temp_path {workdir}/nginx-proxy;
    upstream workshop {{
        ip_hash;
{upstream}
        keepalive 32;
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' ''; }}
    server {{
        listen 127.0.0.1:{self.port};
        location /socket.io/ {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_read_timeout 75s;
            proxy_buffering off;
        }}
        location / {{
            proxy_pass http://workshop;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
""")
        self.process = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


# --- one run ------------------------------------------------------------------------------

async def setup_workshop(host: str, port: int) -> dict:
    """A workshop with actors to drag; its code, facilitator token, actor and strategy ids."""
    status, created = await http(host, port, "POST", "/api/workshops",
                                 {"title": "Beweegkuur opschalen", "intervention": "Beweegkuur",
                                  "votes_per_participant": 5, "max_votes_per_strategy": 3})
    assert status == 201, created
    fac = Client()
    state = await fac.connect(host, port, {"code": created["code"], "token": created["facilitator_token"]})
    actors = []
    for i in range(ACTORS_PER_WORKSHOP):
        ack = await fac.emit("actor:add", {"name": f"Partij {i + 1}", "category": "provider"})
        actors.append(ack["actor"]["id"])
    await fac.close()
    return {"code": created["code"], "token": created["facilitator_token"], "actors": actors,
            "strategies": [s["id"] for s in state["strategies"]][:10]}


async def workshop_seq(host: str, port: int, w: dict) -> int:
    status, body = await http(host, port, "GET", f"/api/workshops/{w['code']}",
                              headers={"Authorization": f"Bearer {w['token']}"})
    assert status == 200, body
    return body["seq"]


def start_workers(endpoints: list[tuple[str, int]], workshops: list[dict], scenario: Scenario,
                  core: str = "1", sources: bool = False) -> list:
    """Two client processes on core 1; participants of each workshop alternate between them.
    `sources`: each participant sends from an address of its own /24 (nginx's ip_hash spreads
    by the first three octets)."""
    count = max(2, len(endpoints))
    plans = [[] for _ in range(count)]
    n = 0
    for w in workshops:
        for i in range(scenario.participants):
            host, port = endpoints[(i % count) % len(endpoints)]
            n += 1
            source = f"127.{n // 250 % 250 + 1}.{n % 250 + 1}.1" if sources else None
            plans[i % count].append({"host": host, "port": port, "code": w["code"], "actors": w["actors"],
                                     "strategies": w["strategies"], "source": source})
    workers = []
    for i, plan in enumerate(plans):
        proc = subprocess.Popen([*NICE, "taskset", "-c", core, PYTHON, str(BENCH / "load.py"), "--worker"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=BENCH)
        proc.stdin.write(json.dumps({"worker": i, "clients": plan, "rate": scenario.rate / count,
                                     "duration": scenario.duration, "concurrency": 25}) + "\n")
        proc.stdin.flush()
        workers.append(proc)
    return workers


def read(proc) -> dict:
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError("a client process stopped")
    return json.loads(line)


def run(scenario: Scenario, kind: str, args) -> dict:
    """One scenario against one kind of server ("ours" or "bare"): the figures for the table."""
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    cluster = proxy = None
    servers: list[Server] = []
    try:
        if args.url:
            host, port = args.url.split("//", 1)[1].rstrip("/").split(":")
            endpoints = [(host, int(port))]
            pids = [args.server_pid] if args.server_pid else []
        else:
            servers, cluster = start_servers(kind, scenario.processes, workdir, args)
            for s in servers:
                asyncio.run(s.wait_ready())
            endpoints = [("127.0.0.1", s.port) for s in servers]
            pids = [s.pid for s in servers]
            if scenario.processes > 1 and NGINX:
                proxy = Nginx([s.port for s in servers], workdir)
                endpoints = [("127.0.0.1", proxy.port)]

        async def prepare():
            return [await setup_workshop(*endpoints[0]) for _ in range(scenario.workshops)]

        workshops = asyncio.run(prepare())
        t0 = time.monotonic()
        several = scenario.processes > 1  # the servers have a core each; the clients share them
        workers = start_workers(endpoints, workshops, scenario, core="0,1" if several else "1",
                                sources=proxy is not None)
        ready = [read(w) for w in workers]
        join_wall = time.monotonic() - t0
        time.sleep(1.5)  # presence settles before the clock starts

        async def seqs():
            return {w["code"]: await workshop_seq(*endpoints[0], w) for w in workshops}

        start_seq = asyncio.run(seqs())
        cpu0 = sum(cpu_seconds(p) for p in pids)
        for w in workers:
            w.stdin.write(json.dumps({"start_seq": start_seq}) + "\n")
            w.stdin.flush()
        results = [read(w) for w in workers]
        cpu = sum(cpu_seconds(p) for p in pids) - cpu0
        rss = sum(peak_rss_mb(p) for p in pids)
        end_seq = asyncio.run(seqs())
        for w in workers:
            w.stdin.write("done\n")
            w.stdin.flush()
            w.wait(30)
    except BaseException:
        print_logs(workdir)
        raise
    finally:
        if proxy:
            proxy.stop()
        for s in servers:
            s.stop()
        if cluster:
            cluster.drop()
        shutil.rmtree(workdir, ignore_errors=True)
    row = summarize(scenario, kind, ready, results, start_seq, end_seq, cpu, rss, join_wall, bool(pids))
    if scenario.processes > 1:
        row["server"] = f"ours×{scenario.processes}" + ("" if proxy else " direct (no nginx)")
    return row


def print_logs(workdir: Path) -> None:
    """What the servers and nginx wrote, before the run's folder is removed: a failed run says why."""
    for log in sorted(workdir.glob("*.log")):
        lines = [line for line in log.read_text(errors="replace").splitlines() if "Eventlet" not in line]
        print(f"--- {log.name} (last lines)\n" + "\n".join(lines[-40:]), flush=True)


def summarize(scenario, kind, ready, results, start_seq, end_seq, cpu, rss, join_wall, measured) -> dict:
    sent = {k: v for r in results for k, v in r["sent"].items()}
    latencies = []
    for r in results:
        for nonce, times in r["recv"].items():
            if nonce in sent:
                latencies += [t - sent[nonce] for t in times]
    expected = received = 0
    for r in results:
        for code, counts in r["received"].items():
            span = end_seq[code] - start_seq[code]
            expected += span * len(counts)
            received += sum(min(c, span) for c in counts)
    elapsed = max(r["elapsed"] for r in results)
    deliveries = sum(r["deliveries"] for r in results)
    errors = [e for r in results for e in r["errors"]]
    connect_errors = [e for r in results for e in r["connect_errors"]]
    return {
        "scenario": scenario.name,
        "server": kind if scenario.processes == 1 else f"{kind}x{scenario.processes}",
        "participants": scenario.participants * scenario.workshops, "workshops": scenario.workshops,
        "rate": scenario.rate, "duration": scenario.duration,
        "connected": sum(r["connected"] for r in ready), "connect_errors": connect_errors[:5],
        "connect_error_count": len(connect_errors), "join_wall_s": join_wall,
        "join_connect": percentiles([t for r in results for t in r["join"]]),
        "actions": sum(r["actions"] for r in results), "errors": len(errors), "error_samples": errors[:5],
        "ack": percentiles([t for r in results for t in r["ack"]]),
        "broadcast": percentiles(latencies),
        "expected": expected, "received": received, "lost": expected - received,
        "deliveries": deliveries, "deliveries_per_s": deliveries / elapsed,
        "server_cpu_s": cpu if measured else None,
        "server_cpu_pct": 100 * cpu / elapsed if measured else None,
        "server_us_per_delivery": 1e6 * cpu / deliveries if measured and deliveries else None,
        # Per action, all its work included: the bare server broadcasts every action, ours
        # coalesces votes and ratings, so per delivery alone would favour the bare server.
        "server_ms_per_action": 1e3 * cpu / max(1, sum(r["actions"] for r in results)) if measured else None,
        "peak_rss_mb": rss if measured else None,
        "generator_cpu_pct": 100 * sum(r["cpu"] for r in results) / elapsed,
    }


# --- the snapshot ------------------------------------------------------------------------

def snapshot_bench() -> dict:
    """Server time of `state` for 500 participants, 200 actors and 100 strategies (in process)."""
    sys.path.insert(0, str(ROOT))
    from workshop import create_app, reads
    from workshop.extensions import db
    from workshop.models import Actor, Connection, Participant, Rating, Strategy, Vote, Workshop
    from workshop.operations.create import create_workshop

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        app = create_app({"SESSIONS_DIR": str(workdir), "SOCKETIO_ASYNC_MODE": "threading",
                          "LOG_LEVEL": "WARNING"})
        with app.app_context():
            w, _ = create_workshop({"title": "Plenaire sessie", "intervention": "Beweegkuur",
                                          "description": None, "language": "nl",
                                          "votes_per_participant": 5, "max_votes_per_strategy": 3,
                                          "results_hidden": False, "participants_can_download": False,
                                          "anonymous": False, "facilitator_name": "Fac"}, None)
            db.session.flush()
            have = db.session.query(Strategy).filter_by(workshop_id=w.id).count()
            db.session.add_all(Strategy(workshop_id=w.id, title=f"Strategie {i}", category="organisation",
                                        origin="participant") for i in range(100 - have))
            db.session.add_all(Actor(workshop_id=w.id, name=f"Partij {i}", category="provider",
                                     influence=50, interest=50) for i in range(200))
            people = [Participant(workshop_id=w.id, name=f"Deelnemer {i}", token_hash=uuid.uuid4().hex)
                      for i in range(500)]
            db.session.add_all(people)
            db.session.flush()
            strategies = [s.id for s in db.session.query(Strategy).filter_by(workshop_id=w.id)]
            for i, p in enumerate(people):
                db.session.add(Connection(sid=f"s{i}", server_id="bench", workshop_id=w.id,
                                          participant_id=p.id))
                db.session.add(Vote(participant_id=p.id, strategy_id=strategies[i % 100], workshop_id=w.id,
                                    count=2))
                for d in DETERMINANTS:
                    db.session.add(Rating(participant_id=p.id, determinant=d, workshop_id=w.id,
                                          score=1 + i % 5))
            db.session.commit()
            me = people[0]
            times, shared_times = [], []
            shared = reads.shared_state(w)
            for i in range(70):
                # Odd runs reuse the shared part, as a connect at an unchanged `seq` does.
                db.session.expire_all()
                # CPU time of this process: what the server spends, not what other programs take.
                t0 = time.process_time()
                state = reads.snapshot(db.session.get(Workshop, w.id), db.session.get(Participant, me.id),
                                       shared if i % 2 else None)
                json.dumps(state)
                if i >= 10:  # after warming up
                    (shared_times if i % 2 else times).append(time.process_time() - t0)
                db.session.commit()
            size = len(json.dumps(state))
            newcomer_times = newcomer_state(app, w.id)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"scenario": "snapshot", "server": "ours", "participants": 500, "actors": 200, "strategies": 100,
            "snapshot": percentiles(times), "snapshot_shared_cached": percentiles(shared_times),
            "newcomer": percentiles(newcomer_times), "bytes": size, "target_s": 0.050}


def newcomer_state(app, workshop_id: int) -> list[float]:
    """CPU time of a connect's `state` (read and encoded) for someone who just joined, as
    `Live.connect` makes it with the workshop held: the kept part (`live/states.py`)."""
    from workshop import arrivals, wire
    from workshop.database import reading
    from workshop.extensions import db
    from workshop.models import Participant

    live, times = app.extensions["live"], []
    person = Participant(workshop_id=workshop_id, name="Nieuw", token_hash=uuid.uuid4().hex)
    db.session.add(person)
    db.session.commit()
    newcomer = arrivals.person_of(person)
    db.session.commit()
    db.session.expunge_all()  # a connect's session holds none of the rows made above
    for i in range(70):
        t0 = time.process_time()
        with live.locks.hold(workshop_id), reading():
            wire.dumps(live._state(newcomer, "bench-newcomer", lambda room: None))
            db.session.rollback()
        if i >= 10:
            times.append(time.process_time() - t0)
    return times


# --- the report ---------------------------------------------------------------------------

def ms(x) -> str:
    return "-" if x is None else f"{1000 * x:.0f}" if x >= 0.0095 else f"{1000 * x:.1f}"


def verdicts(row: dict, scenario: Scenario, bare: dict | None) -> list[str]:
    out = []
    t = scenario.targets
    if "p95" in t:
        p95 = row["broadcast"]["p95"]
        met = p95 is not None and p95 <= t["p95"]
        out.append(f"p95 {ms(p95)}<={ms(t['p95'])}ms {'met' if met else 'MISSED'}")
    if "lost" in t:
        out.append(f"lost {row['lost']} {'met' if row['lost'] <= t['lost'] else 'MISSED'}")
    if "errors" in t:
        bad = row["errors"] + row["connect_error_count"]
        out.append(f"errors {bad} {'met' if bad <= t['errors'] else 'MISSED'}")
    if bare and bare["broadcast"]["p95"] and row["broadcast"]["p95"]:
        ratio = row["broadcast"]["p95"] / bare["broadcast"]["p95"]
        row["p95_ratio_to_bare"] = ratio
        out.append(f"p95/bare {ratio:.2f}<=1.5 {'met' if ratio <= 1.5 else 'MISSED'}")
    if bare and bare.get("server_us_per_delivery") and row.get("server_us_per_delivery"):
        ratio = row["server_us_per_delivery"] / bare["server_us_per_delivery"]
        row["cpu_per_delivery_ratio_to_bare"] = ratio
        out.append(f"cpu/delivery/bare {ratio:.2f}<=1.5 {'met' if ratio <= 1.5 else 'MISSED'}")
        row["cpu_per_action_ratio_to_bare"] = row["server_ms_per_action"] / bare["server_ms_per_action"]
        out.append(f"cpu/action/bare {row['cpu_per_action_ratio_to_bare']:.2f}")
    if scenario.participants * scenario.workshops >= 1000 and row.get("peak_rss_mb"):
        out.append(f"rss {row['peak_rss_mb']:.0f}<=250MB {'met' if row['peak_rss_mb'] <= 250 else 'MISSED'}")
    row["verdicts"] = out
    return out


HEADER = (f"{'scenario':<11}{'server':<9}{'N':>6}{'act/s':>6}{'conn':>6}{'join p95':>9}"
          f"{'ack p50/p95/p99':>17}{'bcast p50/p95/p99/max':>23}{'lost':>6}{'err':>5}{'deliv/s':>9}"
          f"{'srv CPU':>8}{'us/dlv':>7}{'ms/act':>7}{'RSS MB':>7}{'gen CPU':>8}")


def opt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def line(r: dict) -> str:
    a, b = r["ack"], r["broadcast"]
    return (f"{r['scenario']:<11}{r['server']:<9}{r['participants']:>6}{r['rate']:>6.0f}{r['connected']:>6}"
            f"{ms(r['join_connect']['p95']):>9}"
            f"{ms(a['p50']) + '/' + ms(a['p95']) + '/' + ms(a['p99']):>17}"
            f"{'/'.join(ms(b[k]) for k in ('p50', 'p95', 'p99', 'max')):>23}"
            f"{r['lost']:>6}{r['errors']:>5}{r['deliveries_per_s']:>9.0f}"
            f"{opt(r['server_cpu_pct'], '.0f') + '%':>8}{opt(r['server_us_per_delivery'], '.0f'):>7}"
            f"{opt(r['server_ms_per_action'], '.1f'):>7}"
            f"{opt(r['peak_rss_mb'], '.0f'):>7}{r['generator_cpu_pct']:>7.0f}%")


def script(command: list[str], timeout: float = 1800) -> str:
    done = subprocess.run([*NICE, PYTHON, *command], cwd=BENCH, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0 and not done.stdout.strip():  # a missed target also exits non-zero
        raise RuntimeError(f"{command[0]} exited {done.returncode}: {done.stderr[-300:]}")
    return done.stdout


def storm_result(output: str) -> dict:
    found = [line for line in output.splitlines() if line.startswith("RESULT ")]
    if not found:
        raise RuntimeError("no figures in the output")
    return json.loads(found[-1][len("RESULT "):])


def external(name: str, args) -> dict:
    """A scenario of another bench script, with its figures (and ratios to the bare server)."""
    print(f"{name:<11}{EXTERNAL[name]}", flush=True)
    row = {"scenario": name}
    if name == "joining":
        n = QUICK["joining"] if args.quick else 500
        spread = 10 * n / 500
        for kind in ("bare", "ours"):
            command = ["join_storm.py", "-s", f"storm{n}", "--spread", f"{spread:g}", "--json"]
            r = storm_result(script(command + (["--bare"] if kind == "bare" else [])))[f"storm{n}"]
            row[kind] = r
            print(f"{'':<11}{kind:<9}{n:>6} in {spread:g} s: failures {r['failures']}, join p95 "
                  f"{ms(r['join p95'])} ms, join-to-state p95 {ms(r['state p95'])} ms "
                  f"(max {ms(r['state max'])}), /healthz max {ms(r['healthz max'])} ms, server CPU "
                  f"{r.get('server CPU')}, per person {r.get('CPU per person')}", flush=True)
        ours, bare = row["ours"], row["bare"]
        ratio = ours["state p95"] / bare["state p95"] if bare["state p95"] else None
        row["verdicts"] = [f"join-to-state p95 {ms(ours['state p95'])}<=1000ms "
                           f"{'met' if ours['state p95'] <= 1 else 'MISSED'}",
                           f"/bare {opt(ratio, '.2f')}", f"failures {ours['failures']}",
                           f"/healthz max {ms(ours['healthz max'])}<=1000ms "
                           f"{'met' if ours['healthz max'] <= 1 else 'MISSED'}"]
    elif name == "flood":
        r = storm_result(script(["join_storm.py", "-s", "flood", "--json"]))["flood"]
        row.update(r)
        row["verdicts"] = [f"victim p95 quiet {ms(r['victim quiet p95'])} ms, during the flood "
                           f"{ms(r['victim flood p95'])} ms: {r['ratio']:.2f}x<=2 "
                           f"{'met' if r['ratio'] <= 2 else 'MISSED'}",
                           f"flood events accepted {r['accepted']}, refused {r['refused']}"]
    elif name == "discussion":
        n, seconds = DISCUSSION
        row["output"] = script(["questions.py", "-n", str(n), "-d", str(seconds)])
        print(row["output"], flush=True)
        row["verdicts"] = [f"{n} participants over {seconds} s: see the table above"]
    else:
        row["output"] = script(["summary.py", "--no-server", "--rounds", "3"] if args.quick
                               else ["summary.py"])
        print(row["output"], flush=True)
        row["verdicts"] = ["see the tables above (targets: every format of the workshop and of the "
                           "four-group event < 1 s, cached < 50 ms)"]
    for v in row["verdicts"]:
        print(f"{'':<20}{v}", flush=True)
    return row


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-s", "--scenario", action="append",
                        help=f"one of {', '.join(['snapshot', *SCENARIOS, *GROUPS])} (repeatable)")
    parser.add_argument("--duration", type=float, help="seconds of load per run (overrides the scenario)")
    parser.add_argument("--no-bare", action="store_true", help="skip the bare-server runs")
    parser.add_argument("--url", help="an already running server instead of starting one (no bare runs)")
    parser.add_argument("--server-pid", type=int, help="with --url: its pid, to measure CPU and memory")
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1/test"),
                        help="a database to create the cluster run's own database from")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS"),
                        help="the cluster run's message queue (default: a redis-server of its own)")
    parser.add_argument("--nice", type=int, default=0,
                        help="run servers and clients at this niceness (negative needs root): "
                             "on a busy machine, keeps other programs from being measured")
    parser.add_argument("--quick", action="store_true",
                        help=f"a short run: {QUICK['duration']:g} s of load per scenario, 200 joining, "
                             "summaries without the server phase (the discussion at full size)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main()
        return 0
    raise_file_limit()
    if args.nice:
        NICE[:] = ["nice", "-n", str(args.nice)]
    names = []
    for name in args.scenario or DEFAULT:
        names += GROUPS.get(name, [name])
    rows = []
    load = [os.getloadavg()]
    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in load[0])} "
          "(the machine is shared: compare the ratios measured in this run)", flush=True)
    print(HEADER, flush=True)
    for name in names:
        if name == "snapshot":
            r = snapshot_bench()
            s = r["snapshot"]
            r["verdicts"] = [f"snapshot p50 {ms(s['p50'])}ms p95 {ms(s['p95'])}ms <=50ms "
                             f"{'met' if s['p95'] <= r['target_s'] else 'MISSED'} ({r['bytes']} bytes); "
                             f"shared part cached: p50 {ms(r['snapshot_shared_cached']['p50'])}ms; "
                             f"a newcomer's connect: p50 {ms(r['newcomer']['p50'])}ms"]
            print(f"{'snapshot':<11}{'ours':<9}{500:>6}   500 participants, 200 actors, 100 strategies: "
                  + r["verdicts"][0], flush=True)
            rows.append(r)
            continue
        if name in EXTERNAL:
            try:
                rows.append(external(name, args))
            except Exception as error:  # noqa: BLE001 - said in the table, the run goes on
                print(f"{name:<11}could not run: {error!r}"[:300], flush=True)
                rows.append({"scenario": name, "error": repr(error)})
            continue
        if name not in SCENARIOS:
            print(f"{name:<11}unknown scenario", flush=True)
            continue
        scenario = SCENARIOS[name]
        if args.duration or args.quick:
            scenario.duration = args.duration or QUICK["duration"]
        if scenario.processes > 1 and not NGINX:
            print(f"{name:<11}nginx is not installed (apt-get install nginx): clients go to the "
                  "processes directly", flush=True)
        bare = None
        if scenario.bare and not args.no_bare and not args.url:
            bare = run(scenario, "bare", args)
            print(line(bare), flush=True)
            rows.append(bare)
        try:
            ours = run(scenario, "ours", args)
        except Exception as error:  # noqa: BLE001 - e.g. no PostgreSQL or Redis for a cluster run
            print(f"{name:<11}could not run: {error!r}"[:300], flush=True)
            rows.append({"scenario": name, "error": repr(error)})
            continue
        print(line(ours), flush=True)
        for v in verdicts(ours, scenario, bare):
            print(f"{'':<20}{v}", flush=True)
        rows.append(ours)
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    path = out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    load.append(os.getloadavg())
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in load[1])}")
    path.write_text(json.dumps({"machine": {"cpus": os.cpu_count(), "load": load}, "runs": rows}, indent=1))
    print(f"\nwritten: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
