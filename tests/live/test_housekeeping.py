"""What keeps a long-running server bounded: the event log, stored acks, locks, and the
connections of a workshop deleted elsewhere."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import socketio
from sqlalchemy import func, select, update

from tests.helpers import RedisServer, ServerProcess, Workshops, events, make_app, wait_for
from workshop import cli, reads
from workshop.extensions import db
from workshop.models import LogEntry, Operation, utcnow


@pytest.fixture
def watched(tmp_path):
    """Workshops on an app that looks for deleted workshops every 50 ms and keeps 10 events."""
    app = make_app(tmp_path, LIVE_CHECK_INTERVAL=0.05, EVENT_LOG_KEEP=10, EVENT_BURST=1000)
    helper = Workshops(app, app.test_client())
    yield helper
    helper.close()
    assert wait_for(app.extensions["live"].idle)


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def test_the_event_log_keeps_about_event_log_keep_events_and_older_syncs_get_state(watched):
    created, fac, (anna,) = watched.room(participants=1)
    for i in range(35):
        assert ack(fac, "actor:add", {"name": f"Actor {i}", "category": "other"})["ok"]
    with watched.app.app_context():
        w = reads.workshop_by_code(created["code"])
        kept = db.session.scalar(select(func.count()).select_from(LogEntry)
                                 .where(LogEntry.workshop_id == w.id))
    assert 10 <= kept <= 11 and w.last_seq == 35
    recent = ack(anna, "sync", {"since": 30})
    assert [e["seq"] for e in recent["events"]] == [31, 32, 33, 34, 35]
    assert recent["events"] == events(anna)[-5:]
    old = ack(anna, "sync", {"since": 3})
    assert "events" not in old and old["state"]["seq"] == 35 and len(old["state"]["actors"]) == 35


def test_stored_acks_are_kept_for_operation_keep_hours(watched):
    created, fac, (anna,) = watched.room(participants=1)
    first = ack(anna, "actor:add", {"name": "GGD", "category": "provider", "op": "old-op"})
    assert ack(anna, "actor:add", {"name": "GGD", "category": "provider", "op": "new-op"})["ok"]
    live = watched.app.extensions["live"]
    with watched.app.app_context():
        db.session.execute(update(Operation).where(Operation.op == "old-op")
                           .values(created_at=utcnow() - timedelta(hours=25)))
        db.session.commit()
        live.housekeeping.prune_operations()
        assert set(db.session.scalars(select(Operation.op))) == {"new-op"}
    assert ack(anna, "actor:add", {"name": "GGD", "category": "provider", "op": "new-op"})["ok"]
    assert first["ok"]


def test_a_workshop_keeps_no_lock_once_nobody_changes_it(watched):
    created, fac, people = watched.room(participants=2)
    for sio in (fac, *people):
        assert ack(sio, "actor:add", {"name": "GGD", "category": "provider"})["ok"]
    live = watched.app.extensions["live"]
    assert wait_for(live.idle)
    assert len(live.locks) == 0


def test_connections_to_a_workshop_deleted_elsewhere_are_closed_and_others_stay(watched):
    created, fac, (anna,) = watched.room(participants=1)
    kept, kept_fac, (bram,) = watched.room(participants=1)
    with watched.app.app_context():  # as another process deletes it: nothing tells this one
        cli.delete_workshop(reads.workshop_by_code(created["code"]))
        db.session.commit()
    assert wait_for(lambda: not fac.is_connected() and not anna.is_connected())
    assert kept_fac.is_connected() and bram.is_connected()
    assert ack(bram, "actor:add", {"name": "Nog hier", "category": "other"})["ok"]


def test_a_new_workshop_that_gets_a_deleted_ones_id_reaches_none_of_its_connections(tmp_path):
    """SQLite hands out a deleted workshop's id again; rooms are named so that it cannot matter."""
    app = make_app(tmp_path, LIVE_CHECK_INTERVAL=3600)  # nobody closes the old connections
    helper = Workshops(app, app.test_client())
    try:
        old, old_fac, (anna,) = helper.room(participants=1)
        with app.app_context():
            old_id = reads.workshop_by_code(old["code"]).id
            cli.delete_workshop(reads.workshop_by_code(old["code"]))
            db.session.commit()
        new, new_fac, (bram,) = helper.room(participants=1)
        with app.app_context():
            assert reads.workshop_by_code(new["code"]).id == old_id
        events(old_fac), events(anna)
        assert ack(new_fac, "actor:add", {"name": "Alleen voor de nieuwe", "category": "other"})["ok"]
        assert ack(bram, "vote:cast", {"strategy_id": bram.state["strategies"][0]["id"]})["ok"]
        assert wait_for(app.extensions["live"].idle)
        assert [e["type"] for e in events(new_fac)] == ["actor.added", "votes.changed"]
        assert events(old_fac) == [] and events(anna) == []
        assert events(anna, "presence") == []
    finally:
        helper.close()
        assert wait_for(app.extensions["live"].idle)


def delete_from_the_shell(sessions_dir: Path, code: str, **env) -> None:
    flask = Path(sys.executable).with_name("flask")
    done = subprocess.run([str(flask), "--app", "workshop:create_app", "workshops", "delete", code, "--yes"],
                          env={**os.environ, "SESSIONS_DIR": str(sessions_dir), **env},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def connected_client(server: ServerProcess) -> tuple[dict, socketio.Client]:
    created = requests.post(f"{server.url}/api/workshops",
                            json={"title": "Weg ermee", "intervention": "Beweegkuur"}, timeout=30).json()
    client = socketio.Client(reconnection=False)
    client.connect(server.url, auth={"code": created["code"], "token": created["facilitator_token"]},
                   transports=["websocket"], wait_timeout=30)
    return created, client


@pytest.mark.live
def test_a_workshop_deleted_from_the_command_line_loses_its_connections(tmp_path):
    server = ServerProcess(tmp_path, {"LIVE_CHECK_INTERVAL": "0.5"}).start()
    try:
        created, client = connected_client(server)
        delete_from_the_shell(tmp_path, created["code"])
        assert wait_for(lambda: not client.connected, timeout=30)
    finally:
        server.stop()


@pytest.mark.live
@pytest.mark.services
def test_with_a_message_queue_the_command_line_closes_the_connections_itself(tmp_path):
    queue = RedisServer().start()
    env = {"SOCKETIO_MESSAGE_QUEUE": queue.url, "LIVE_CHECK_INTERVAL": "3600"}  # the server never looks
    server = ServerProcess(tmp_path, env).start()
    try:
        created, client = connected_client(server)
        delete_from_the_shell(tmp_path, created["code"], SOCKETIO_MESSAGE_QUEUE=queue.url)
        assert wait_for(lambda: not client.connected, timeout=30)
    finally:
        server.stop()
        queue.stop()
