"""Database set-up: SQLite pragmas and write locking, and migrations applied on start."""

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import event, text

from .extensions import db

MIGRATION_LOCK = 0x5C41D  # pg_advisory_lock key: one process migrates at a time


def _sqlite(engine, synchronous: str) -> None:
    if synchronous not in {"OFF", "NORMAL", "FULL", "EXTRA"}:
        raise ValueError(f"SQLITE_SYNCHRONOUS must be NORMAL or FULL, not {synchronous!r}")

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" below open transactions, not the sqlite3 module.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # sqlite3 is not green under eventlet: an fsync per commit (FULL) stalls every client.
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection):
        # Take the write lock up front: a deferred transaction that later writes can
        # fail with "database is locked" instead of waiting its turn.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


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
