"""One writer per workshop on PostgreSQL: more workshops held at once than the database pool
has connections, each holder with its advisory lock and its own transaction, all get through;
and through two real processes, workshops created and changed at once all succeed."""

import threading

import pytest
import requests
import socketio
from sqlalchemy import text

from tests.helpers import RedisServer, ServerProcess, fresh_postgres_database, make_app
from workshop.extensions import db

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


def test_workshops_created_and_changed_at_once_on_two_processes(cluster):
    """Each of 40 facilitators creates a workshop on one of the two processes and adds actors
    over its connection, all at the same time: every answer is a success."""
    failures = []

    def facilitate(n: int) -> None:
        server = cluster[n % 2]
        try:
            made = requests.post(f"{server.url}/api/workshops", timeout=60,
                                 json={"title": f"Werksessie {n}", "intervention": "Beweegkuur"})
            if made.status_code != 201:
                failures.append(made.text)
                return
            body = made.json()
            sio = socketio.Client(reconnection=False)
            sio.connect(server.url, auth={"code": body["code"], "token": body["facilitator_token"]},
                        transports=["websocket"], wait_timeout=60)
            try:
                for i in range(3):
                    ack = sio.call("actor:add", {"name": f"Partij {i}", "category": "provider"}, timeout=60)
                    if not ack["ok"]:
                        failures.append(ack)
            finally:
                sio.disconnect()
        except Exception as error:  # noqa: BLE001 - asserted below
            failures.append(repr(error))

    threads = [threading.Thread(target=facilitate, args=(n,)) for n in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert failures == [], "\n".join(s.log()[-2000:] for s in cluster)
