"""One writer per workshop: a lock per workshop in this process and, on PostgreSQL, a
session advisory lock that extends it across processes (`keyed.KeyedLocks`: a lock exists
only while someone holds or waits for it).

The advisory lock is held on a connection of its own, from a pool of its own: a holder
needs it and then, for its transaction, one of the session's. From one shared pool, as
many holders as the pool has connections each took one for their lock and then all waited
for a second that none would give back, until the pool's 30-second timeout failed them and
every other request of the process (`500 internal` on creating a workshop).
"""

from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from ..extensions import db
from ..keyed import KeyedLocks

LOCK_NAMESPACE = 0x5C41E  # first key of pg_advisory_lock(int, int): this product's locks
LOCK_POOL = {"pool_size": 5, "max_overflow": 5}  # connections for advisory locks, per process


def lock_engine(engine: Engine) -> Engine:
    """An engine on the same database whose pool only advisory locks use."""
    return create_engine(engine.url, **LOCK_POOL)


class Locks:
    """`shared`: an engine (`lock_engine`) for the advisory locks, or None on SQLite."""

    def __init__(self, shared: Engine | None):
        self._shared = shared
        self._workshops = KeyedLocks()

    def close(self) -> None:
        """Close the advisory locks' connections (a test's database is dropped after it)."""
        if self._shared is not None:
            self._shared.dispose()

    def __len__(self) -> int:
        return len(self._workshops)

    @contextmanager
    def hold(self, workshop_id: int):
        """Hold the workshop for one change: commit and broadcast happen inside.

        Never wait for a workshop while holding a database transaction: on SQLite every
        transaction takes the write lock, which the holder of the workshop may need next.
        """
        if db.session.registry.has():  # else no session was made in this scope, nor a transaction
            db.session.rollback()
        with self._workshops.hold(workshop_id):
            if self._shared:
                with self._advisory(workshop_id):
                    yield
            else:
                yield

    @contextmanager
    def attempt(self, workshop_id: int):
        """Hold the workshop only if nobody holds it, here or in another process; yields whether
        it is held. For the background loops, which serve every workshop: waiting for one
        whose holder takes a while (another process's change) would delay all the others, so
        they try it again in their next round instead."""
        db.session.rollback()
        with self._workshops.attempt(workshop_id) as held:
            if held and self._shared:
                with self._try_advisory(workshop_id) as held:
                    yield held
            else:
                yield held

    @contextmanager
    def _try_advisory(self, workshop_id: int):
        with self._shared.connect() as conn:
            key = {"ns": LOCK_NAMESPACE, "id": workshop_id}
            held = bool(conn.execute(text("SELECT pg_try_advisory_lock(:ns, :id)"), key).scalar())
            try:
                yield held
            finally:
                if held:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), key)
                conn.commit()

    @contextmanager
    def _advisory(self, workshop_id: int):
        """Held until the events are published, so every process relays them in `seq` order."""
        with self._shared.connect() as conn:
            key = {"ns": LOCK_NAMESPACE, "id": workshop_id}
            conn.execute(text("SELECT pg_advisory_lock(:ns, :id)"), key)
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), key)
                conn.commit()
