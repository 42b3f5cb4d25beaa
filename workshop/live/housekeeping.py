"""What this process's connections need looked after while any are open.

- A workshop deleted by another process (`flask workshops delete` is one) has its
  connections here closed within CHECK_INTERVAL: nothing else would tell them.
- Stored operation acks older than OPERATION_KEEP_HOURS are pruned (a client resends
  an unacknowledged operation when it reconnects, within minutes, not days).
- `every_round` runs once a round (the live layer's comparison of kept `state`s with the
  stored aggregates).
"""

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import NamedTuple

from flask import Flask
from sqlalchemy import delete, select

from ..extensions import db, socketio
from ..models import Operation, Workshop, utcnow
from . import fanout

log = logging.getLogger(__name__)
PRUNE_EVERY = 60.0  # seconds between prunings of old operation acks


class Local(NamedTuple):
    """One of this process's connections. `key`: `fanout.workshop_key` of its workshop, which a
    new one with the same id lacks."""

    workshop_id: int
    key: str
    participant_id: int
    facilitator: bool


class Housekeeping:
    def __init__(self, app: Flask, every_round: Callable[[], None] = lambda: None):
        self.app = app
        self.every_round = every_round
        self.interval = app.config["LIVE_CHECK_INTERVAL"]
        self.keep = timedelta(hours=app.config["OPERATION_KEEP_HOURS"])
        self._guard = threading.Lock()
        self._local: dict[str, Local] = {}  # by sid
        self._online: dict[int, dict[int, int]] = {}  # workshop id -> participant id -> connections
        self._running = False
        self._pruned = 0.0

    def connected(self, sid: str, local: Local) -> None:
        with self._guard:
            if self._local.get(sid) is None:
                people = self._online.setdefault(local.workshop_id, {})
                people[local.participant_id] = people.get(local.participant_id, 0) + 1
            self._local[sid] = local
            if self._running:
                return
            self._running = True
        socketio.start_background_task(self._run)

    def disconnected(self, sid: str) -> Local | None:
        with self._guard:
            local = self._local.pop(sid, None)
            if local is not None:
                people = self._online[local.workshop_id]
                people[local.participant_id] -= 1
                if not people[local.participant_id]:
                    del people[local.participant_id]
                    if not people:
                        del self._online[local.workshop_id]
            return local

    def online(self, workshop_id: int) -> dict[int, int]:
        """Who has a connection to this process in the workshop (with how many). For `in` and
        `len` only: it changes as people come and go."""
        with self._guard:
            return self._online.get(workshop_id, {})

    def _run(self) -> None:
        """Runs while this process has connections, so a server nobody uses does nothing."""
        while True:
            socketio.sleep(self.interval)
            try:
                self.every_round()
            except Exception:
                log.exception("housekeeping failed")
            with self._guard:
                if not self._local:
                    self._running = False
                    return
                local = dict(self._local)
            with self.app.app_context():
                try:
                    self.close_deleted(local)
                    if time.monotonic() - self._pruned >= PRUNE_EVERY:
                        self._pruned = time.monotonic()
                        self.prune_operations()
                except Exception:
                    log.exception("housekeeping failed")
                finally:
                    db.session.remove()

    def close_deleted(self, local: dict[str, Local]) -> None:
        ids = {c.workshop_id for c in local.values()}
        existing = {fanout.workshop_key(w) for w in db.session.execute(
            select(Workshop.id, Workshop.created_at).where(Workshop.id.in_(ids)))}
        db.session.rollback()
        for sid, c in local.items():
            if c.key not in existing:
                close(sid)

    def prune_operations(self) -> None:
        db.session.execute(delete(Operation).where(Operation.created_at < utcnow() - self.keep))
        db.session.commit()


def close(sid: str) -> None:
    """Close one connection, wherever it is: with a message queue the server that holds it
    is told through the queue, so another process (the CLI) can close it too."""
    socketio.server.disconnect(sid, namespace="/")
