"""Helpers the tests share: the test app, workshops over HTTP and Socket.IO, waiting for
background broadcasts, a real server process, a fresh PostgreSQL database, a Redis server,
a large workshop made straight through the models, reading a summary CSV back,
facilitator accounts, and a flush story told with two ways of holding a workshop."""

import atexit
import csv
import io
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import closing, contextmanager
from datetime import date, timedelta
from pathlib import Path

import redis
import requests
import sqlalchemy as sa

from workshop import create_app, reads
from workshop.domain.vocab import ACTOR_CATEGORIES, AREAS, DETERMINANTS, ROLES, STAGES, STRATEGY_CATEGORIES
from workshop.export.csvfile import DELIMITER, FORMULA_START
from workshop.extensions import db, socketio
from workshop.models import (
    Action,
    Actor,
    Ownership,
    Participant,
    Rating,
    SentAggregate,
    Stage,
    Strategy,
    Vote,
)
from workshop.operations.create import create_workshop

ROOT = Path(__file__).resolve().parent.parent


def make_app(sessions_dir, **settings):
    """A test app on its own data folder; `settings` override the test defaults.

    On SQLite its database starts as a copy of one migrated once per test process (the app's
    own upgrade then finds it at the newest revision). Making that one runs every migration from
    empty, once per test process."""
    if not settings.get("DATABASE_URL"):
        _copy_migrated_database(Path(sessions_dir) / DATABASE_FILE)
    return _create_test_app(sessions_dir, **settings)


def _create_test_app(sessions_dir, **settings):
    # Threading mode: the test client calls handlers directly, no eventlet needed.
    return create_app({"SESSIONS_DIR": str(sessions_dir), "SOCKETIO_ASYNC_MODE": "threading",
                       "AGGREGATE_INTERVAL": 0.05, "PRESENCE_INTERVAL": 0.05, **settings})


DATABASE_FILE = "workshops.sqlite3"
_migrated: list[Path] = []


def _copy_migrated_database(target: Path) -> None:
    """An empty database at the newest migration in `target`, unless one is there already."""
    if target.exists():
        return
    if not _migrated:
        folder = Path(tempfile.mkdtemp(prefix="migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        app = _create_test_app(folder)
        with app.app_context():
            db.engine.dispose()
        _migrated.append(folder / DATABASE_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(_migrated[0])) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


class Workshops:
    """Creates workshops and participants over HTTP and connects them over Socket.IO."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.sockets = []

    def create(self, **fields) -> dict:
        body = {"title": "Beweegkuur opschalen", "intervention": "Beweegkuur", **fields}
        response = self.client.post("/api/workshops", json=body)
        assert response.status_code == 201, response.json
        return response.json

    def join(self, code: str, name: str = "Anna", **fields) -> dict:
        response = self.client.post(f"/api/workshops/{code}/participants", json={"name": name, **fields})
        assert response.status_code == 201, response.json
        return response.json

    def connect(self, code: str, token: str):
        """A connected Socket.IO test client, with its `state` already taken off the queue."""
        sio = socketio.test_client(self.app, auth={"code": code, "token": token},
                                   flask_test_client=self.client)
        assert sio.is_connected()
        received = sio.get_received()
        assert received[0]["name"] == "state"
        sio.state = received[0]["args"][0]
        sio.token = token
        self.sockets.append(sio)
        return sio

    def room(self, participants: int = 3, **fields):
        """A workshop with its facilitator and participants connected: (workshop, fac, [people])."""
        created = self.create(**fields)
        fac = self.connect(created["code"], created["facilitator_token"])
        people = []
        for i in range(participants):
            joined = self.join(created["code"], f"Deelnemer {i + 1}", role="GGD")
            people.append(self.connect(created["code"], joined["token"]))
        return created, fac, people

    def close(self):
        for sio in self.sockets:
            if sio.is_connected():
                sio.disconnect()


def events(sio, name: str = "event") -> list[dict]:
    """The payloads of `name` messages this client received since the last call."""
    return [m["args"][0] for m in sio.get_received() if m["name"] == name]


def settle(workshops) -> None:
    """Wait until the live layer of `workshops`' app has sent everything it holds."""
    assert wait_for(workshops.app.extensions["live"].idle)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.02):
    """Poll until predicate() is truthy (background broadcasts arrive after a short delay, on a
    loaded machine after many seconds); its last result. The deadline is only a bound on a
    failure: a condition that comes true returns at once."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


START_TIMEOUT = 180  # seconds a server process may take to answer /healthz


class ServerProcess:
    """`python run.py` in a subprocess on its own port and data folder (on SQLite starting from a
    migrated copy, see make_app; a restart on the same folder keeps its data)."""

    def __init__(self, sessions_dir: Path, env: dict | None = None, port: int | None = None):
        self.sessions_dir = sessions_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "SESSIONS_DIR": str(sessions_dir), "AGGREGATE_INTERVAL": "0.05",
                    "PRESENCE_INTERVAL": "0.05", **(env or {})}
        self.log_path = sessions_dir / f"server-{self.port}.log"
        self.process = None

    def start(self):
        if not self.env.get("DATABASE_URL"):
            _copy_migrated_database(self.sessions_dir / DATABASE_FILE)  # as make_app does
        with open(self.log_path, "ab") as log:  # the server writes to its own copy of the file
            self.process = subprocess.Popen([sys.executable, "run.py", "--port", str(self.port)],
                                            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        # Seconds on a quiet machine; far longer when many test runs share its two cores.
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_path.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=10).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # not listening, or busy starting
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log_path.read_text()[-3000:]}")

    def kill(self):
        """kill -9: no chance to clean up, as in a crash."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def fresh_postgres_database(prefix: str):
    """A new, empty PostgreSQL database (its URL), dropped afterwards."""
    import psycopg2

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(POSTGRES)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES.rsplit("/", 1)[0] + "/" + name
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def postgres_app(sessions_dir, prefix: str, **settings):
    """A test app (`make_app`) on a fresh PostgreSQL database, its connections closed before the
    database is dropped."""
    with fresh_postgres_database(prefix) as url:
        app = make_app(sessions_dir, DATABASE_URL=url, **settings)
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def services_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1), \
                socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def read_csv(text: str, language: str) -> dict[str, list[dict]]:
    """Parse a summary CSV back into {table: [{column: value}]}, numbers as numbers, as a spreadsheet
    reads it."""
    result: dict[str, list[dict]] = {}
    columns: list[str] = []
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=DELIMITER):
        if not row:
            columns = []
            continue
        key, cells = row[0], row[1:]
        if not columns:
            columns = cells
            result[key] = []
            continue
        result[key].append({c: parse_number(v, language) for c, v in zip(columns, cells, strict=True)})
    return result


def parse_number(text: str, language: str):
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    candidate = text.replace(",", ".") if language == "nl" else text
    try:
        return int(candidate)
    except ValueError:
        pass
    try:
        return float(candidate)
    except ValueError:
        return None if text == "" else text


def large_workshop(*, participants: int, actors: int, strategies: int, votes: int, seed: int = 1,
                   language: str = "nl") -> tuple[str, str]:
    """A workshop filled straight through the models, much faster than a room could fill it (in an
    app context); returns its code and the facilitator's token."""
    rng = random.Random(seed)
    w, token = create_workshop({
        "title": "Beweegkuur landelijk opschalen", "intervention": "Beweegkuur", "language": language,
        "description": "Werksessie met gemeenten, zorgverzekeraars, GGD'en en fysiotherapeuten.",
        "votes_per_participant": 20, "max_votes_per_strategy": 20, "results_hidden": False,
        "participants_can_download": False, "anonymous": False, "facilitator_name": "Gespreksleider",
    }, None)
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
    return w.code, token


class RedisServer:
    """redis-server on its own port, nothing kept on disk: can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        assert wait_for(lambda: self._ping(client)), "redis-server did not start"
        return self

    @staticmethod
    def _ping(client) -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


PASSWORD = "paard batterij nietje"


class Accounts:
    """Makes facilitator accounts (as `flask users create` does) and HTTP clients logged in to them."""

    def __init__(self, app):
        self.app = app

    def create(self, email: str, *, admin: bool = False, name: str | None = None,
               password: str = PASSWORD) -> str:
        from workshop.accounts import users

        with self.app.app_context():
            users.create(email, password, name, admin)
        return email

    def login(self, email: str, password: str = PASSWORD, client=None):
        client = client or self.app.test_client()
        response = client.post("/api/login", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        return client


def add_account(sessions_dir, email: str, *, admin: bool = False, password: str = PASSWORD) -> None:
    """`flask users create` from the shell, for a server process running on `sessions_dir`."""
    flask = Path(sys.executable).with_name("flask")
    result = subprocess.run([str(flask), "--app", "workshop:create_app", "users", "create", email,
                             *(["--admin"] if admin else [])], input=f"{password}\n", cwd=ROOT,
                            env={**os.environ, "SESSIONS_DIR": str(sessions_dir), "LOG_LEVEL": "WARNING"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def flushes_sent_at(app, workshop_ids, at: float) -> None:
    """Set when every aggregate kind of the workshops was last sent (by this or another process):
    a moment far ahead keeps their flushes waiting in the loop, one long ago lets them go."""
    with app.app_context():
        db.session.execute(sa.update(SentAggregate).where(SentAggregate.workshop_id.in_(workshop_ids))
                           .values(sent_at=at))
        db.session.commit()


def busy_workshop_story(helper, hold) -> None:
    """Workshops A and B each have a vote waiting for the loop; while `hold(A)` (a context
    manager) holds A, as a slow change would, B's flush goes out; A's follows its release."""
    rooms = [helper.room(participants=1) for _ in range(2)]
    with helper.app.app_context():
        ids = [reads.workshop_by_code(created["code"]).id for created, _, _ in rooms]
    flushes_sent_at(helper.app, ids, time.time() + 3600)  # the votes wait in the loop
    (_, fac_a, (anna,)), (_, fac_b, (bram,)) = rooms
    received = {id(fac_a): [], id(fac_b): []}

    def flushed(fac) -> bool:
        received[id(fac)] += events(fac)
        return any(e["type"] == "votes.changed" for e in received[id(fac)])

    def vote(sio, fac) -> None:
        assert sio.emit("vote:cast", {"strategy_id": fac.state["strategies"][0]["id"]}, callback=True)["ok"]

    vote(anna, fac_a)
    with hold(ids[0]):  # A is first in the loop's rounds
        vote(bram, fac_b)
        flushes_sent_at(helper.app, ids, 0.0)
        assert wait_for(lambda: flushed(fac_b), timeout=30)
        assert not flushed(fac_a)
    assert wait_for(lambda: flushed(fac_a), timeout=30)
    assert wait_for(helper.app.extensions["live"].idle)
    for (created, fac, _), workshop_id in zip(rooms, ids, strict=True):
        with helper.app.app_context():
            last_seq = reads.workshop_by_code(created["code"]).last_seq
            stored = reads.tallies(workshop_id)
        got = received[id(fac)] + events(fac)
        assert [e["seq"] for e in got] == list(range(fac.state["seq"] + 1, last_seq + 1))
        (votes,) = [e for e in got if e["type"] == "votes.changed"]
        assert {t["strategy_id"]: t["votes"] for t in votes["data"]["tallies"]} == stored


def in_arrival_order(client) -> None:
    """Make a python-socketio `Client` hand each message to its handlers in order of arrival,
    as a browser does. Its Engine.IO client starts a thread per message, so two messages that
    arrive together are handled in either order on a loaded machine (a `seq` after the next);
    here each is handled on the read loop's own thread, so a handler must not wait for another
    message (none here does: `call` waits on the caller's thread)."""
    trigger = client.eio._trigger_event

    def in_order(event, *args, run_async=False, **kwargs):
        return trigger(event, *args, run_async=run_async and event != "message", **kwargs)

    client.eio._trigger_event = in_order
