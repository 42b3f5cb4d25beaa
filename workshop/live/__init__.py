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
from collections.abc import Collection
from functools import partial

from flask import Flask
from sqlalchemy import bindparam, delete, insert, null, select

from .. import arrivals, reads, shapes
from ..database import reading
from ..domain import redaction, rules
from ..domain.rules import RuleError
from ..extensions import db, socketio
from ..models import Connection, Operation, Participant, Workshop, utcnow
from ..operations import OPERATIONS, Change, aggregates
from ..wire import Raw
from . import fanout, presence, states
from .coalescer import Coalescer
from .housekeeping import Housekeeping, Local, close
from .locks import Locks, lock_engine
from .roster import Rosters

_CONNECTIONS = Connection.__table__
# Built once (their cache keys are memoized), in Core: no unit of work for a row a connect
# writes and its disconnect deletes.
_ADD_CONNECTION = insert(_CONNECTIONS)
_REMOVE_CONNECTION = (delete(_CONNECTIONS).where(_CONNECTIONS.c.sid == bindparam("sid"))
                      .returning(_CONNECTIONS.c.workshop_id, _CONNECTIONS.c.participant_id))
SHARED_STATES = 256  # workshops whose shared part of `state` is kept; the oldest made goes first

__all__ = ["Live", "close", "init_app"]


class Live:
    def __init__(self, app: Flask):
        self.app = app
        self.server_id = app.config["SERVER_ID"]
        self.log_keep = app.config["EVENT_LOG_KEEP"]
        # Several processes share a PostgreSQL database; with SQLite one process serves all.
        self.several = db.engine.dialect.name == "postgresql"
        self.locks = Locks(shared=lock_engine(db.engine) if self.several else None)
        background = {"spawn": socketio.start_background_task, "sleep": socketio.sleep}
        self.aggregates = Coalescer(app.config["AGGREGATE_INTERVAL"], self._in_app(self._send_aggregate),
                                    **background)
        self.presence = Coalescer(app.config["PRESENCE_INTERVAL"], self._in_app(self._send_presence),
                                  **background)
        self.housekeeping = Housekeeping(app)
        self._guard = threading.Lock()
        self._shared: dict[int, tuple[tuple[str, int], dict]] = {}  # workshop id -> (key, seq), part
        self.rosters = Rosters()
        self.states = states.States()

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

    def connect(self, person: arrivals.Person, sid: str, join) -> None:
        """Join the room and send `state` in one critical section: no event missed or doubled.

        The connection is stored first, in the transaction that identified `person` (a write:
        not in `reading()`), so the snapshot counts it as online; the snapshot is then only
        read (on SQLite without the write lock, which joins and other workshops' changes need
        meanwhile) while the workshop is held."""
        workshop_id = person.workshop_id
        db.session.execute(_ADD_CONNECTION, {"sid": sid, "server_id": self.server_id,
                                             "workshop_id": workshop_id, "participant_id": person.id,
                                             "connected_at": utcnow()})
        db.session.commit()
        try:
            with self.locks.hold(workshop_id), reading():
                try:
                    state = self._state(person, sid, join)
                finally:
                    db.session.rollback()
                socketio.emit("state", state, to=sid)
        except BaseException:
            self.housekeeping.disconnected(sid)
            db.session.rollback()
            db.session.execute(_REMOVE_CONNECTION, {"sid": sid})
            db.session.commit()
            raise
        if not person.facilitator:
            self.presence.changed(workshop_id, {person.id})

    def _state(self, person: arrivals.Person, sid: str, join) -> dict | Raw:
        """`state` for `person` with the workshop held; joins the room and counts the connection
        as this process's first. A participant with nothing of their own gets the kept part
        (`states`)."""
        found = db.session.execute(states.CHECK,
                                   {"workshop": person.workshop_id, "person": person.id}).first()
        if found is None:
            raise RuleError("unauthorized", "This workshop no longer exists.")
        key = fanout.workshop_key(found)
        join(fanout.audience_room(found, person))
        self.housekeeping.connected(sid, Local(found.id, key, person.id, person.facilitator))
        people = self.rosters.participants(found, person, key, self.online(found.id))
        if not (person.facilitator or found.personal
                or any(self.aggregates.pending((found.id, kind)) for kind in aggregates.KINDS)):
            version = (key, found.last_seq, found.flushed)
            blank = self.states.get(found.id, version)
            if blank is None:
                w = db.session.get(Workshop, found.id)
                blank = states.make(version, w, self.shared_state(w))
                self.states.keep(found.id, blank)
            if person.id not in blank.authors:
                return blank.state(person, people)
        w = db.session.get(Workshop, found.id)
        return reads.snapshot(w, person, self.shared_state(w), people=people)

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
        """Forget the connection; presence tells the others. What this process knows of it
        saves reading the person (a connection not known here: one whose connect failed)."""
        local = self.housekeeping.disconnected(sid)
        gone = db.session.execute(_REMOVE_CONNECTION, {"sid": sid}).first()
        facilitator = local.facilitator if local is not None or gone is None else db.session.scalar(
            select(Participant.facilitator).where(Participant.id == gone.participant_id))
        db.session.commit()
        if gone is not None and not facilitator:
            self.presence.changed(gone.workshop_id, {gone.participant_id})

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
        with self.locks.hold(workshop_id), reading():
            w = db.session.execute(presence.WORKSHOP, {"workshop": workshop_id}).first()
            emits = presence.messages(w, ids, self.online(workshop_id)) if w is not None else []
            db.session.rollback()
            fanout.send(emits)
        return 0

    def online(self, workshop_id: int) -> Collection[int]:
        """Who is online in the workshop: with SQLite one process holds every connection, so its
        own are all; several processes read them from the database."""
        return reads.online_ids(workshop_id) if self.several else self.housekeeping.online(workshop_id)


def _event_copy(viewer: redaction.Viewer, message: dict, facts: dict | None) -> dict:
    return redaction.event(viewer, message, facts)


def init_app(app: Flask) -> None:
    with app.app_context():
        # Connections a previous run of this server left behind are not online any more.
        db.session.execute(delete(Connection).where(Connection.server_id == app.config["SERVER_ID"]))
        db.session.commit()
        app.extensions["live"] = Live(app)
