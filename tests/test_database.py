"""SQLite write locking: writers queue without sqlite waiting in C, another process's lock is
waited for cooperatively, and reads take no lock at all."""

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, bindparam, insert, select, text

from workshop import reads
from workshop.database import Actions, execute, reading
from workshop.extensions import db
from workshop.models import Participant, Strategy, Vote


def database_file(app) -> Path:
    return Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


def hold_write_lock(app) -> sqlite3.Connection:
    """A second connection, as the CLI would be, holding SQLite's write lock."""
    conn = sqlite3.connect(database_file(app), isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_reads_are_answered_while_another_process_holds_the_write_lock(app, client):
    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    code, token = created["code"], created["facilitator_token"]
    conn = hold_write_lock(app)
    try:
        assert client.get("/healthz").status_code == 200
        bearer = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/api/workshops/{code}", headers=bearer).status_code == 200
        assert client.get(f"/join/{code}").status_code == 200
        assert client.get(f"/qr/{code}.svg").status_code == 200
    finally:
        conn.execute("ROLLBACK")
        conn.close()


def test_a_write_waits_its_turn_behind_another_process_and_then_succeeds(app, client):
    conn = hold_write_lock(app)
    release = threading.Timer(0.5, lambda: conn.execute("COMMIT"))
    release.start()
    response = client.post("/api/workshops", json={"title": "T", "intervention": "I"})
    release.join()
    conn.close()
    assert response.status_code == 201
    bearer = {"Authorization": f"Bearer {response.json['facilitator_token']}"}
    assert client.get(f"/api/workshops/{response.json['code']}", headers=bearer).status_code == 200


def test_writers_of_one_process_queue_and_all_commit(app):
    failures = []

    def write(i: int):
        with app.app_context():
            try:
                for _ in range(5):
                    db.session.execute(text("CREATE TABLE IF NOT EXISTS tally (n INTEGER)"))
                    db.session.execute(text("INSERT INTO tally VALUES (:n)"), {"n": i})
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                failures.append(repr(error))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with app.app_context():
        assert db.session.scalar(text("SELECT count(*) FROM tally")) == 40


def test_a_write_inside_reading_is_a_programming_error(app):
    with app.app_context():
        with pytest.raises(Exception, match="reading"), reading():
            db.session.execute(text("UPDATE workshop SET title = 'x'"))
        db.session.rollback()
        with reading():
            assert db.session.execute(text("SELECT 1")).scalar() == 1


def test_a_statement_built_once_reads_and_writes_after_the_pending_changes(app, client):
    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    client.post(f"/api/workshops/{created['code']}/participants", json={"name": "Anna"})
    with app.app_context():
        w = reads.workshop_by_code(created["code"])
        anna = db.session.scalars(select(Participant).where(Participant.workshop_id == w.id,
                                                           Participant.facilitator.is_(False))).one()
        strategy = db.session.scalars(select(Strategy.id).where(Strategy.workshop_id == w.id)).first()
        db.session.add(Vote(participant_id=anna.id, strategy_id=strategy, workshop_id=w.id, count=2))
        assert reads.tallies(w.id) == {strategy: 2}  # the pending vote was flushed first
        db.session.rollback()
        assert reads.tallies(w.id) == {}


def test_a_statement_on_the_dbapi_cursor_stores_and_reads_what_sqlalchemy_would(app, client):
    """`execute` runs its statements on the DBAPI cursor (`database.Plain`): JSON, a JSON null,
    a Python default and a datetime go in and come out as the ORM writes and reads them, one row
    or many; a list expanded into `IN` goes through SQLAlchemy itself and answers the same way."""
    from datetime import datetime

    from workshop.models import LogEntry

    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    log = LogEntry.__table__
    with app.app_context():
        w_id = reads.workshop_by_code(created["code"]).id
        first = 10_000
        execute(insert(log), {"workshop_id": w_id, "seq": first, "type": "t.one", "by": None,
                              "data": {"naam": "Één", "ids": [1, 2]}, "redaction": None})
        execute(insert(log), [{"workshop_id": w_id, "seq": first + n, "type": "t.many", "by": 7,
                               "data": {"n": n}, "redaction": {"hidden": True}} for n in (1, 2)])
        db.session.commit()

        statement = select(log.c.seq, log.c.data, log.c.redaction, log.c.created_at).where(
            log.c.workshop_id == bindparam("w"), log.c.seq >= bindparam("from")).order_by(log.c.seq)
        rows = execute(statement, {"w": w_id, "from": first}).all()
        assert [(r.seq, r.data, r.redaction) for r in rows] == [
            (first, {"naam": "Één", "ids": [1, 2]}, None),
            (first + 1, {"n": 1}, {"hidden": True}),
            (first + 2, {"n": 2}, {"hidden": True}),
        ]
        assert all(isinstance(r.created_at, datetime) for r in rows)
        stored = db.session.get(LogEntry, (w_id, first))
        assert (stored.data, stored.redaction, stored.created_at) == (rows[0].data, None, rows[0].created_at)

        expanded = select(log.c.seq).where(log.c.seq.in_(bindparam("seqs", expanding=True)))
        assert sorted(r.seq for r in execute(expanded, {"seqs": [first, first + 2]})) == [first, first + 2]


# --- an action's transaction (`database.Actions`) ----------------------------------------

_TALLY = text("INSERT INTO tally VALUES (:n)")
# `execute` keeps a statement by identity: built once, as the code's are.
_INSERT_TALLY = insert(Table("tally", MetaData(), Column("n", Integer))).values(n=bindparam("n"))


def _tally_table(app) -> None:
    with app.app_context():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS tally (n INTEGER)"))
        db.session.commit()


def _tallies(app) -> list[int]:
    with app.app_context():
        try:
            return sorted(db.session.scalars(text("SELECT n FROM tally")))
        finally:
            db.session.remove()


def test_an_action_commits_its_statements_and_the_sessions_together(app, client):
    """What `execute` and `db.session` write in an action is one transaction: committed as the
    block ends, and the session's objects expire at that commit as at its own."""
    _tally_table(app)
    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    with app.app_context():
        actions = Actions(db.engine)
        w = reads.workshop_by_code(created["code"])
        w_id = w.id
        db.session.rollback()
        with actions.transaction() as action:
            execute(_INSERT_TALLY, {"n": 1})
            strategy = db.session.scalars(select(Strategy).where(Strategy.workshop_id == w_id)).first()
            strategy.title = "Samen bewegen"  # flushed at the commit, in the action's transaction
            assert db.session.connection() is action.connection
        assert "title" not in strategy.__dict__  # expired by the commit
        strategy_id = strategy.id
        db.session.remove()
    assert _tallies(app) == [1]
    with app.app_context():
        assert db.session.get(Strategy, strategy_id).title == "Samen bewegen"


def test_an_action_that_raises_undoes_its_statements_and_the_sessions(app, client):
    _tally_table(app)
    created = client.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    with app.app_context():
        actions = Actions(db.engine)
        w_id = reads.workshop_by_code(created["code"]).id
        db.session.rollback()
        with pytest.raises(ValueError), actions.transaction():
            execute(_INSERT_TALLY, {"n": 1})
            strategy = db.session.scalars(select(Strategy).where(Strategy.workshop_id == w_id)).first()
            strategy.title = "Weg"
            db.session.flush()
            raise ValueError("the operation failed")
        db.session.remove()
        with actions.transaction() as action:  # the lock is free again; rolled back on request
            execute(_INSERT_TALLY, {"n": 2})
            action.rollback()
            with pytest.raises(RuntimeError, match="ended"):
                execute(_INSERT_TALLY, {"n": 3})
        titles = set(db.session.scalars(select(Strategy.title).where(Strategy.workshop_id == w_id)))
    assert _tallies(app) == []
    assert "Weg" not in titles


def test_an_action_keeps_its_connection_for_the_next_and_refuses_one_inside_another(app):
    _tally_table(app)
    with app.app_context():
        actions = Actions(db.engine, keep=1)
        with actions.transaction() as first:
            db.session.execute(_TALLY, {"n": 1})
            with pytest.raises(RuntimeError, match="inside another"), actions.transaction():
                pass
        db.session.remove()
        with actions.transaction() as second:
            pass
        assert second.connection is first.connection  # not checked in and out of the pool
        assert not second.connection.closed
        db.engine.dispose()  # a test's database is dropped after this: nothing kept open in it
        assert second.connection.closed
    assert _tallies(app) == [1]


def test_actions_of_one_process_queue_on_the_write_lock_and_wait_for_another_process(app):
    """Actions take the write lock as any transaction: those of one process queue on it, and
    another process's lock is waited for, cooperatively, until it commits."""
    _tally_table(app)
    with app.app_context():
        actions = Actions(db.engine)
    failures = []

    def act(i: int):
        with app.app_context():
            try:
                for _ in range(5):
                    with actions.transaction():
                        execute(_INSERT_TALLY, {"n": i})
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                failures.append(repr(error))

    conn = hold_write_lock(app)
    release = threading.Timer(0.3, lambda: conn.execute("COMMIT"))
    release.start()
    threads = [threading.Thread(target=act, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    release.join()
    conn.close()
    assert failures == []
    assert _tallies(app) == sorted(i for i in range(8) for _ in range(5))


def test_a_write_in_an_action_inside_reading_is_refused(app):
    _tally_table(app)
    with app.app_context():
        actions = Actions(db.engine)
        with pytest.raises(RuntimeError, match="reading"), reading(), actions.transaction():
            execute(_INSERT_TALLY, {"n": 1})
        with actions.transaction():
            execute(_INSERT_TALLY, {"n": 2})
    assert _tallies(app) == [2]



def test_a_kept_connection_found_disconnected_drops_the_others_kept(app):
    """As the pool reconnects all its connections once one is found disconnected."""
    with app.app_context():
        actions = Actions(db.engine)
    both = threading.Barrier(2, timeout=10)
    used = []

    def read():
        with app.app_context(), reading(), actions.transaction() as action:
            used.append(action.connection)
            both.wait()  # two connections out at once: two kept afterwards

    threads = [threading.Thread(target=read) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(c) for c in used}) == 2
    with app.app_context():
        with pytest.raises(ValueError), actions.transaction() as action:
            action.connection.invalidate()  # as a failed statement does on a disconnect
            raise ValueError("the database went away")
        assert all(c.closed for c in used)
        with actions.transaction() as action:
            assert all(action.connection is not c for c in used)
