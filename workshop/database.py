"""Database set-up: SQLite pragmas and write locking, and migrations applied on start.

SQLite has one writer at a time, and every transaction here takes the write lock up front
(BEGIN IMMEDIATE). sqlite3 waits for a busy lock inside C, which under eventlet stalls every
client of the process, the holder of the lock included. So the transactions of this process
queue on a green lock instead, and sqlite never waits for one of them; the lock of another
process (the CLI) is waited for a few milliseconds at a time, sleeping cooperatively between
tries. Work inside `reading()` takes neither: in WAL mode readers never wait for the writer.
"""

import contextvars
import sqlite3
import threading
import time
from contextlib import contextmanager

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event, text

from .extensions import db

MIGRATION_LOCK = 0x5C41D  # pg_advisory_lock key: one process migrates at a time
WRITE_LOCK_TIMEOUT = 30.0  # seconds a transaction waits for the write lock before failing
BUSY_TIMEOUT_MS = 2  # sqlite's own, blocking wait for another process's lock, per try
RETRY_DELAY = (0.002, 0.05)  # first and longest cooperative sleep between tries, seconds

_reading = contextvars.ContextVar("reading", default=False)


@contextmanager
def reading():
    """Only reads from here to the end of the transaction: it starts without the write lock (on
    SQLite) and whoever ends the transaction ends it as usual (a request's teardown, or the next
    `live.exclusive`), so what was read stays loaded. Writing in it is a programming error."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def execute(statement, params=None):
    """A Core statement (built once, on tables' columns) in the session's transaction, after the
    flush the ORM makes before its own statements: it then reads and writes after the
    transaction's pending changes, as an ORM statement would. Executed on the transaction's
    connection: `Session.execute` would first look for ORM entities and events in it, a third
    of a simple statement's cost."""
    session = db.session()
    if session.autoflush:
        session.flush()
    return session.connection().execute(statement, params)


class WriteLock:
    """The process's turn to write, held from BEGIN IMMEDIATE to COMMIT or ROLLBACK."""

    def __init__(self):
        # A green lock under eventlet (run.py patches threading first), a thread lock otherwise.
        self._lock = threading.Lock()

    def begin(self, raw, info: dict) -> None:
        deadline = time.monotonic() + WRITE_LOCK_TIMEOUT
        if not self._lock.acquire(timeout=WRITE_LOCK_TIMEOUT):
            raise sqlite3.OperationalError("database is locked (waited for this server's writers)")
        info["write_lock"] = True
        try:
            self._begin_immediate(raw, deadline)
        except BaseException:
            self.release(info)
            raise

    @staticmethod
    def _begin_immediate(raw, deadline: float) -> None:
        delay = RETRY_DELAY[0]
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() + delay > deadline:
                    raise
            # Another process writes: time.sleep is cooperative under eventlet's patching.
            time.sleep(delay)
            delay = min(delay * 2, RETRY_DELAY[1])

    def release(self, info: dict) -> None:
        if info.pop("write_lock", False):
            self._lock.release()


def _sqlite(engine, synchronous: str) -> None:
    if synchronous not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ValueError(f"SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {synchronous!r}")
    lock = WriteLock()

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        # Let the "begin" below open transactions, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # sqlite3 is not green under eventlet: an fsync per commit (FULL) stalls every client.
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        raw = connection.connection.driver_connection
        if _reading.get():
            raw.execute("BEGIN")
            connection.info["reading"] = True
            return
        # Take the write lock up front: a deferred transaction that later writes can
        # fail with "database is locked" instead of waiting its turn.
        lock.begin(raw, connection.info)

    # Released as the transaction ends. These run just before sqlite's COMMIT/ROLLBACK with no
    # switch to another greenlet in between; a thread (threading mode) that gets in first finds
    # sqlite busy for that moment and retries.
    def ended(info: dict) -> None:
        info.pop("reading", None)
        lock.release(info)

    @event.listens_for(engine, "commit")
    def commit(connection):
        ended(connection.info)

    @event.listens_for(engine, "rollback")
    def rollback(connection):
        ended(connection.info)

    @event.listens_for(engine, "checkin")
    def checkin(_dbapi_connection, record):
        ended(record.info)  # a connection returned without either (its owner was killed)

    @event.listens_for(engine, "before_cursor_execute")
    def before_execute(connection, _cursor, statement, *_):
        # SQLite would take the write lock in the middle of the transaction, past the queue.
        if connection.info.get("reading") and statement.lstrip()[:6].upper() not in ("SELECT", "PRAGMA"):
            raise RuntimeError("a write inside database.reading()")


def init_database(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _sqlite(engine, app.config.get("SQLITE_SYNCHRONOUS", "NORMAL"))
            upgrade()
            return
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK})
            conn.commit()
            try:
                upgrade()
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK})
                conn.commit()
