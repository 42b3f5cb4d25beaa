"""One writer per workshop on PostgreSQL: more workshops held at once than the database pool
has connections, each holder with its advisory lock and its own transaction, all get through;
and on two real processes, workshops created while many others change all succeed (before the
advisory locks had connections of their own, both failed after the pool's 30-second timeout,
creating a workshop with `500 internal`); a workshop another process holds delays no other
workshop's aggregates."""

import threading
from contextlib import contextmanager

import pytest
import requests
import socketio
from sqlalchemy import create_engine, text

from tests.helpers import (
    RedisServer,
    ServerProcess,
    Workshops,
    busy_workshop_story,
    fresh_postgres_database,
    make_app,
    wait_for,
)
from workshop.extensions import db
from workshop.live.locks import LOCK_NAMESPACE

pytestmark = pytest.mark.services

SESSION_POOL = 15  # SQLAlchemy's default for PostgreSQL: 5 connections and 10 more


@pytest.fixture
def app(tmp_path):
    with fresh_postgres_database("locks") as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        yield app
        with app.app_context():
            app.extensions["live"].locks.close()
            db.engine.dispose()


def test_more_workshops_held_at_once_than_the_pool_has_connections(app):
    holders = 2 * SESSION_POOL
    everyone_in = threading.Barrier(holders, timeout=60)
    done, failed = [], []

    def hold(workshop_id: int) -> None:
        with app.app_context():
            try:
                everyone_in.wait()
                with app.extensions["live"].locks.hold(workshop_id):
                    db.session.execute(text("SELECT pg_sleep(0.05)"))
                    db.session.commit()
                done.append(workshop_id)
            except Exception as error:  # noqa: BLE001 - asserted below
                failed.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=hold, args=(i,)) for i in range(1, holders + 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert failed == []
    assert sorted(done) == list(range(1, holders + 1))


def test_a_workshop_another_process_holds_delays_no_other_workshops_flush(app):
    """The loop that flushes every workshop's aggregates skips one whose advisory lock another
    process holds, and sends it once that process lets go."""
    engine = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])

    @contextmanager
    def hold(workshop_id):
        with engine.connect() as other_process:
            key = {"ns": LOCK_NAMESPACE, "id": workshop_id}
            other_process.execute(text("SELECT pg_advisory_lock(:ns, :id)"), key)
            try:
                yield
            finally:
                other_process.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), key)
                other_process.commit()

    helper = Workshops(app, app.test_client())
    try:
        busy_workshop_story(helper, hold)
    finally:
        helper.close()
        assert wait_for(app.extensions["live"].idle)
        engine.dispose()


@pytest.fixture
def cluster(tmp_path):
    with fresh_postgres_database("locks") as url:
        queue = RedisServer().start()
        env = {"DATABASE_URL": url, "SOCKETIO_MESSAGE_QUEUE": queue.url, "SECRET_KEY": "shared",
               "LOG_LEVEL": "WARNING", "WORKSHOPS_PER_IP_PER_HOUR": "0"}
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        servers = [ServerProcess(tmp_path / "a", env).start(), ServerProcess(tmp_path / "b", env).start()]
        yield servers
        for s in servers:
            s.stop()
        queue.stop()


@pytest.mark.live
def test_workshops_created_while_many_change_at_once_on_two_processes(cluster):
    """30 facilitators on each process add actors at the same moment while others create
    workshops: every answer is a success."""
    failures = []
    rooms = 60
    everyone = threading.Barrier(rooms + 10, timeout=120)

    def create(server: ServerProcess) -> dict | None:
        made = requests.post(f"{server.url}/api/workshops", timeout=120,
                             json={"title": "Werksessie", "intervention": "Beweegkuur"})
        if made.status_code != 201:
            failures.append(made.text)
            return None
        return made.json()

    def facilitate(n: int) -> None:
        server = cluster[n % 2]
        try:
            body = create(server)
            sio = socketio.Client(reconnection=False)
            sio.connect(server.url, auth={"code": body["code"], "token": body["facilitator_token"]},
                        transports=["websocket"], wait_timeout=60)
            everyone.wait()
            try:
                for i in range(3):
                    ack = sio.call("actor:add", {"name": f"Partij {i}", "category": "provider"}, timeout=120)
                    if not ack["ok"]:
                        failures.append(ack)
            finally:
                sio.disconnect()
        except Exception as error:  # noqa: BLE001 - asserted below
            failures.append(repr(error))

    def newcomer(n: int) -> None:
        everyone.wait()
        create(cluster[n % 2])

    threads = [threading.Thread(target=facilitate, args=(n,)) for n in range(rooms)]
    threads += [threading.Thread(target=newcomer, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert failures == [], "\n".join(s.log()[-2000:] for s in cluster)
