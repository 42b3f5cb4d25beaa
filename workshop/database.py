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
from collections import namedtuple
from contextlib import contextmanager

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from .extensions import action_transaction, db

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
    """A Core statement built once (module level, on tables' columns, `bindparam()` for every
    value) in the session's transaction (or the action's, `Actions`), after the flush the ORM
    makes before its own statements: it then reads and writes after the transaction's pending
    changes, as an ORM statement would. Run on the DBAPI cursor of the transaction's
    connection (`Plain`), as SQLAlchemy would send it; a statement that needs more of
    SQLAlchemy's execution (a default it computes in SQL, a list expanded into `IN`) goes
    through the `Connection`."""
    action = action_transaction.get()
    if action is None:
        session = db.session()
        if session.autoflush:
            session.flush()
        connection = session.connection()
    else:
        connection = action.connection
        if db.session.registry.has():  # the ORM was used in the action: its changes go first
            session = db.session.registry()
            if session.autoflush:
                session.flush()
        if not connection.in_transaction():
            raise RuntimeError("the action's transaction has ended")
    many = isinstance(params, list) and len(params) > 1
    if isinstance(params, list) and len(params) == 1:
        params = params[0]
    keys = tuple(sorted(params[0] if many else params or ()))
    key = (statement, connection.dialect.name, keys, many)
    plain = _PLAIN.get(key, _UNKNOWN)
    if plain is _UNKNOWN:
        plain = Plain.of(statement, connection.dialect, keys, many)
        if len(_PLAIN) < PLAIN_STATEMENTS:
            _PLAIN[key] = plain
    if plain is None:
        return connection.execute(statement, params)
    if plain.writes and connection.info.get("reading"):
        raise RuntimeError("a write inside database.reading()")
    return plain.run(connection.connection.driver_connection, params, many)


PLAIN_STATEMENTS = 1024  # statements compiled for `execute`; there are fewer than 100 in the code
_UNKNOWN = object()
_PLAIN: dict[tuple, "Plain | None"] = {}  # (statement, dialect, parameter names, many) -> Plain or None


class Plain:
    """A statement compiled once for one dialect and set of parameter names, run on the DBAPI
    cursor itself: the parameters through the types' bind processors (JSON, dates, booleans)
    and the Python defaults of columns an insert leaves out, the rows through the types'
    result processors. The same SQL and values SQLAlchemy would send, without its execution
    context and result objects per statement, which cost a small workshop's action several
    times what SQLite spends on it."""

    __slots__ = (
        "sql",
        "order",
        "constants",
        "binds",
        "defaults",
        "writes",
        "row",
        "results",
        "dialect",
        "processors",
    )

    @classmethod
    def of(cls, statement, dialect, keys: tuple, many: bool) -> "Plain | None":
        """None for a statement this does not run: a value computed per execution, a list
        expanded into `IN`, or a default that SQLAlchemy computes in SQL. A statement's own
        values (a literal in it) are its constants: the statement is the key it is kept by."""
        compiled = statement.compile(dialect=dialect, column_keys=list(keys), for_executemany=many)
        if (
            any(b.callable is not None or b.expanding or b.literal_execute for b in compiled.binds.values())
            or compiled.update_prefetch
            or compiled.escaped_bind_names
            or compiled.literal_execute_params
            or compiled.post_compile_params
        ):
            return None
        defaults = []
        for column in compiled.insert_prefetch:
            default = column.default
            if default is None or not (default.is_scalar or default.is_callable):
                return None
            defaults.append((column.key, default))
        columns = getattr(compiled, "_result_columns", None) or []
        names = [entry.keyname for entry in columns]
        if len(set(names)) != len(names) or not all(n.isidentifier() and n[0] != "_" for n in names):
            return None
        plain = cls()
        plain.sql = compiled.string
        plain.order = compiled.positiontup if compiled.positional else None
        # A column left to its Python default has a bind without a value too: not a constant.
        defaulted = {key for key, _ in defaults}
        plain.constants = {name: b.value for name, b in compiled.binds.items()
                           if not b.required and name not in defaulted}
        plain.binds = [(name, processor) for name, processor in compiled._bind_processors.items()]
        plain.defaults = defaults
        plain.writes = bool(compiled.isinsert or compiled.isupdate or compiled.isdelete)
        plain.row = namedtuple("Row", names) if names else None
        plain.results = [entry.type for entry in columns]
        plain.dialect = dialect
        plain.processors = None  # the result processors, made from the first rows' description
        return plain

    def _values(self, params: dict):
        values = {**self.constants, **params}
        for name, default in self.defaults:
            if name not in values:
                values[name] = default.arg if default.is_scalar else default.arg(None)
        for name, processor in self.binds:
            if name in values:
                values[name] = processor(values[name])
        return values if self.order is None else tuple(values[name] for name in self.order)

    def _processors(self, description) -> list[tuple]:
        """(column index, result processor) of each column that has one."""
        found = (
            (i, t._cached_result_processor(self.dialect, d[1]))
            for i, (t, d) in enumerate(zip(self.results, description, strict=True))
        )
        return [(i, p) for i, p in found if p is not None]

    def run(self, raw, params, many: bool) -> "Rows":
        cursor = raw.cursor()
        try:
            if many:
                cursor.executemany(self.sql, [self._values(p) for p in params])
            else:
                cursor.execute(self.sql, self._values(params or {}))
            rows = []
            if self.row is not None:
                found = cursor.fetchall()
                if found:
                    processors = self.processors
                    if processors is None:
                        processors = self.processors = self._processors(cursor.description)
                    if processors:
                        found = [list(r) for r in found]
                        for r in found:
                            for i, p in processors:
                                r[i] = p(r[i])
                    rows = [self.row._make(r) for r in found]
            return Rows(rows, cursor.rowcount)
        finally:
            cursor.close()


class Rows:
    """What `execute` answers: its rows (named tuples: by position and by column name) and how
    many rows it changed."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list, rowcount: int):
        self._rows, self.rowcount = rows, rowcount

    def first(self):
        return self._rows[0] if self._rows else None

    def one(self):
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, found {len(self._rows)}")
        return self._rows[0]

    def all(self) -> list:
        return self._rows

    def __iter__(self):
        return iter(self._rows)


ACTION_CONNECTIONS = 4  # connections kept for actions' transactions (`Actions`), per engine


class Actions:
    """Write transactions for participants' actions, on connections kept for them rather than
    the `Session`'s: a connection is checked out of the pool once and kept, and each action
    begins and commits on it, with the engine's events as any transaction (on SQLite the
    write lock and BEGIN IMMEDIATE). An action's statements mostly need none of the ORM
    (`execute`); its unit of work, identity map, snapshot and expiry, and the pool's checkout,
    reset and checkin per transaction were a tenth of what a small workshop's action cost.
    `db.session` used inside one joins it (`extensions.Session`): its statements run in the
    action's transaction, are flushed before the action's own and before the commit, and its
    objects expire at the commit as at the session's own."""

    def __init__(self, engine: Engine, keep: int = ACTION_CONNECTIONS):
        self.engine, self.keep = engine, keep
        self._idle: list[Connection] = []
        # A test drops its PostgreSQL database after disposing of the engine: kept connections
        # would still be open in it.
        event.listen(engine, "engine_disposed", lambda _engine: self.close())

    def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    @contextmanager
    def transaction(self):
        """One action's transaction: committed when the block ends, rolled back if it raises
        (or by `rollback()` on what it yields). Begun with no transaction of `db.session`
        open (`live.locks.hold` ends it): the session could not join one that has its own
        connection."""
        if action_transaction.get() is not None:
            raise RuntimeError("an action's transaction inside another")
        try:
            connection = self._idle.pop()
        except IndexError:
            connection = self.engine.connect()
        action = Action(connection)
        token = action_transaction.set(action)
        try:
            connection.begin()
            yield action
            action.commit()
        except BaseException:
            action.rollback()
            raise
        finally:
            action_transaction.reset(token)
            if connection.invalidated:  # the database went away: so did the others kept
                self.close()
            if connection.in_transaction() or connection.invalidated or len(self._idle) >= self.keep:
                connection.close()  # rolls back what is left, and the pool checks it in
            else:
                self._idle.append(connection)


class Action:
    """What `Actions.transaction` yields: its connection, and its end before the block's."""

    __slots__ = ("connection",)

    def __init__(self, connection: Connection):
        self.connection = connection

    @staticmethod
    def _session():
        """`db.session` if it was used in this scope (an app context), else None."""
        return db.session.registry() if db.session.registry.has() else None

    def commit(self) -> None:
        session = self._session()
        if session is not None and session.in_transaction():
            session.commit()  # flushes and expires; the action's transaction stays open
        if self.connection.in_transaction():
            self.connection.commit()

    def rollback(self) -> None:
        """End the transaction undone; the block's statements after this are refused."""
        session = self._session()
        if session is not None and session.in_transaction():
            session.rollback()  # the action's transaction with it
        if self.connection.in_transaction():
            self.connection.rollback()


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
        if not connection.invalidated:  # else released as it was invalidated (below)
            ended(connection.info)

    @event.listens_for(engine, "invalidate")
    def invalidate(_dbapi_connection, record, _exception):
        ended(record.info)  # a connection found disconnected holds no lock

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
