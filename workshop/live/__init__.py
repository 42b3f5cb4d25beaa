"""The real-time layer: one writer per workshop, broadcasts in `seq` order, each viewer's
copy, coalesced aggregates and presence.

Per-process state (locks, pending sends, this process's connections) lives in one
`Live` object kept in `app.extensions["live"]`. What several processes must agree on
lives in the database: `seq`, the aggregates last sent and who is connected. With
PostgreSQL, an advisory lock per workshop extends "one writer at a time" across
processes (`locks`).
"""

import threading
import time
from functools import partial

from flask import Flask
from sqlalchemy import delete, null, select

from .. import reads, shapes
from ..database import reading
from ..domain import redaction, rules
from ..domain.rules import RuleError
from ..extensions import db, socketio
from ..models import Connection, Operation, Participant, Workshop
from ..operations import OPERATIONS, Change, aggregates
from . import fanout, presence
from .coalescer import Coalescer
from .housekeeping import Housekeeping, close
from .locks import Locks, lock_engine
from .roster import Rosters

SHARED_STATES = 256  # workshops whose shared part of `state` is kept; the oldest made goes first

__all__ = ["Live", "close", "init_app"]


class Live:
    def __init__(self, app: Flask):
        self.app = app
        self.server_id = app.config["SERVER_ID"]
        self.log_keep = app.config["EVENT_LOG_KEEP"]
        self.locks = Locks(shared=lock_engine(db.engine) if db.engine.dialect.name == "postgresql" else None)
        background = {"spawn": socketio.start_background_task, "sleep": socketio.sleep}
        self.aggregates = Coalescer(app.config["AGGREGATE_INTERVAL"], self._in_app(self._send_aggregate),
                                    **background)
        self.presence = Coalescer(app.config["PRESENCE_INTERVAL"], self._in_app(self._send_presence),
                                  **background)
        self.housekeeping = Housekeeping(app)
        self._guard = threading.Lock()
        self._shared: dict[int, tuple[tuple[str, int], dict]] = {}  # workshop id -> (key, seq), part
        self.rosters = Rosters()

    # --- changes -------------------------------------------------------------------------

    def perform(self, event: str, workshop_id: int, participant_id: int, payload) -> dict:
        """Apply one client event: authorise, change, commit, broadcast; return the ack."""
        op = payload.op
        with self.locks.hold(workshop_id):
            try:
                found = db.session.execute(self._load(workshop_id, participant_id, op)).first()
                if found is None:
                    raise RuleError("unauthorized", "This participant no longer exists.")
                w, me, done = found
                if done is not None:
                    db.session.rollback()
                    return done
                rules.authorize(event, facilitator=me.facilitator, phase=w.phase, locked=w.locked)
                change = Change(w, me)
                done = {"ok": True, **OPERATIONS[event](change, payload)}
                ack = redaction.content(reads.viewer_of(me), done, change.facts())
                if op is not None:
                    db.session.add(Operation(participant_id=participant_id, op=op, ack=ack))
                emits = self._emits(change)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            fanout.send(emits)
        for kind in change.aggregates:
            self.aggregates.changed((workshop_id, kind))
        return ack

    @staticmethod
    def _load(workshop_id: int, participant_id: int, op: str | None):
        """The locked workshop, the person acting in it and the ack of `op` if already applied:
        one statement, since three lookups per action were a large share of its cost."""
        ack = Operation.ack if op is not None else null()
        query = (select(Workshop, Participant, ack)
                 .join(Participant, Participant.workshop_id == Workshop.id)
                 .where(Workshop.id == workshop_id, Participant.id == participant_id,
                        Participant.removed.is_(False))
                 .with_for_update(of=Workshop).execution_options(populate_existing=True))
        if op is not None:
            query = query.outerjoin(Operation, (Operation.participant_id == Participant.id)
                                    & (Operation.op == op))
        return query

    def _emits(self, change: Change) -> list[fanout.Emit]:
        """Every viewer's copy of the change's events, made before the commit (reading rows after
        it would open another transaction, on SQLite the write lock, with the workshop held);
        and the log pruned beyond EVENT_LOG_KEEP."""
        w, emits = change.workshop, []
        for e in change.events:
            message, facts = shapes.event_json(e), e.redaction
            emits += fanout.copies("event", w, partial(_event_copy, message=message, facts=facts),
                                   redaction.personal(facts))
        change.prune(self.log_keep)
        return emits

    # --- joining and leaving the stream --------------------------------------------------

    def connect(self, person: Participant, sid: str, join) -> None:
        """Join the room and send `state` in one critical section: no event missed or doubled.

        The connection is stored first, in a write of its own, so the snapshot counts it as
        online; the snapshot is then only read (on SQLite without the write lock, which joins
        and other workshops' changes need meanwhile) while the workshop is held."""
        workshop_id, person_id, facilitator = person.workshop_id, person.id, person.facilitator
        db.session.rollback()
        db.session.add(Connection(sid=sid, server_id=self.server_id, workshop_id=workshop_id,
                                  participant_id=person_id))
        db.session.commit()
        try:
            with self.locks.hold(workshop_id), reading():
                try:
                    w = db.session.get(Workshop, workshop_id)
                    if w is None:
                        raise RuleError("unauthorized", "This workshop no longer exists.")
                    join(fanout.audience_room(w, person))
                    key = fanout.workshop_key(w)
                    state = reads.snapshot(w, person, self.shared_state(w),
                                           people=self.rosters.participants(w, person, key))
                finally:
                    db.session.rollback()
                socketio.emit("state", state, to=sid)
        except BaseException:
            db.session.rollback()
            db.session.execute(delete(Connection).where(Connection.sid == sid))
            db.session.commit()
            raise
        self.housekeeping.connected(sid, workshop_id, key)
        if not facilitator:
            self.presence.changed(workshop_id, {person_id})

    def shared_state(self, w: Workshop) -> dict:
        """`reads.shared_state`, made once per workshop and `seq`. Only called with the workshop
        held, in the transaction that read `seq`: no change commits meanwhile (on PostgreSQL
        neither from another process), so an entry holds exactly that `seq`'s changes."""
        key = (fanout.workshop_key(w), w.last_seq)
        with self._guard:
            cached = self._shared.get(w.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        shared = reads.shared_state(w)
        with self._guard:
            self._shared.pop(w.id, None)
            self._shared[w.id] = (key, shared)
            if len(self._shared) > SHARED_STATES:
                del self._shared[next(iter(self._shared))]
        return shared

    def disconnect(self, sid: str) -> None:
        self.housekeeping.disconnected(sid)
        connection = db.session.get(Connection, sid)
        if connection is None:
            return
        db.session.delete(connection)
        db.session.commit()
        person = db.session.get(Participant, connection.participant_id)
        if person is not None and not person.facilitator:
            self.presence.changed(connection.workshop_id, {connection.participant_id})

    # --- coalesced sends -----------------------------------------------------------------

    def idle(self) -> bool:
        """No send pending or running: nothing more goes out until the next change."""
        return self.aggregates.idle() and self.presence.idle()

    def _in_app(self, send):
        def run(*args):
            with self.app.app_context():
                try:
                    return send(*args)
                finally:
                    db.session.remove()
        return run

    def _send_aggregate(self, key: tuple[int, str], _items: set) -> float:
        """Broadcast what changed since the last event of this kind; or how long to wait first."""
        workshop_id, kind = key
        with self.locks.hold(workshop_id):
            w = db.session.get(Workshop, workshop_id, with_for_update=True)
            if w is None:
                db.session.rollback()
                return 0
            change = Change(w, None)
            wait = aggregates.record(change, kind, self.aggregates.interval, time.time())
            if wait > 0:  # another process sent one moments ago
                db.session.rollback()
                return wait
            emits = self._emits(change)
            db.session.commit()
            fanout.send(emits)
        return 0

    def _send_presence(self, workshop_id: int, ids: set[int]) -> float:
        # Held like a change: presence never overtakes an older presence, nor reaches a
        # connecting client between its joining the room and its `state`.
        with self.locks.hold(workshop_id):
            w = db.session.get(Workshop, workshop_id)
            emits = presence.messages(w, ids) if w is not None else []
            db.session.commit()
            fanout.send(emits)
        return 0


def _event_copy(viewer: redaction.Viewer, message: dict, facts: dict | None) -> dict:
    return redaction.event(viewer, message, facts)


def init_app(app: Flask) -> None:
    with app.app_context():
        # Connections a previous run of this server left behind are not online any more.
        db.session.execute(delete(Connection).where(Connection.server_id == app.config["SERVER_ID"]))
        db.session.commit()
        app.extensions["live"] = Live(app)
