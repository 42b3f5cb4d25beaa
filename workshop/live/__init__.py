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
from ..database import Actions, execute, reading
from ..domain import redaction, rules
from ..domain.rules import RuleError
from ..extensions import db, socketio
from ..models import Connection, Operation, Participant, Workshop, utcnow
from ..operations import OPERATIONS, Change, aggregates
from ..operations.change import LOADED
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
        self.actions = Actions(db.engine)
        background = {"spawn": socketio.start_background_task, "sleep": socketio.sleep}
        self.aggregates = Coalescer(app.config["AGGREGATE_INTERVAL"], self._in_app(self._send_aggregate),
                                    **background)
        self.presence = Coalescer(app.config["PRESENCE_INTERVAL"], self._in_app(self._send_presence),
                                  **background)
        self.housekeeping = Housekeeping(app, every_round=self._compare_kept)
        self._guard = threading.Lock()
        self._shared: dict[int, tuple[tuple[str, int], dict]] = {}  # workshop id -> (key, seq), part
        self._served_kept: set[int] = set()  # workshops served a kept `state` since the last round
        self.rosters = Rosters()
        self.states = states.States()

    # --- changes -------------------------------------------------------------------------

    def perform(self, event: str, workshop_id: int, participant_id: int, payload) -> dict:
        """Apply one client event: authorise, change, commit, broadcast; return the ack. In an
        action's transaction (`database.Actions`), not the session's: committed as the block
        ends, rolled back if it raises."""
        op = payload.op
        with self.locks.hold(workshop_id):
            with self.actions.transaction() as action:
                if op is None:
                    found = execute(_LOAD, {"workshop": workshop_id, "person": participant_id})
                else:
                    found = execute(_LOAD_OP, {"workshop": workshop_id, "person": participant_id, "op": op})
                found = found.first()
                if found is None:
                    raise RuleError("unauthorized", "This participant no longer exists.")
                if found.ack is not None:
                    action.rollback()
                    return found.ack
                me = arrivals.Person(*found[len(LOADED):-1])
                rules.authorize(event, facilitator=me.facilitator, phase=found.phase, locked=found.locked)
                change = Change(found, me)
                done = {"ok": True, **OPERATIONS[event](change, payload)}
                ack = redaction.content(reads.viewer_of(me), done, change.facts())
                later = self._aggregates_now(change)
                emits = self._emits(change, op, ack)
            fanout.send(emits)
        if later:
            self.aggregates.changed(workshop_id, later)
        return ack

    def _aggregates_now(self, change: Change) -> set[str]:
        """Record the aggregate events of the kinds this change touched that were last sent an
        interval ago or longer, in the change's own transaction (a flush of their own would be
        another transaction); return the others, for the loop's next round. Still at most one
        event of a kind per interval: `aggregates.record` says when one went out too recently."""
        if not change.aggregates:
            return set()
        if self.aggregates.pending(change.workshop.id):
            return change.aggregates  # the loop sends this workshop's kinds in its next round
        now = time.time()
        return {kind for kind in sorted(change.aggregates)
                if aggregates.record(change, kind, self.aggregates.interval, now) > 0}

    def _emits(self, change: Change, op: str | None = None, ack: dict | None = None) -> list[fanout.Emit]:
        """Every viewer's copy of the change's events, made before the commit (reading rows after
        it would open another transaction, on SQLite the write lock, with the workshop held);
        the events, `seq` and the ack of `op` stored, the log pruned beyond EVENT_LOG_KEEP."""
        w, emits = change.workshop, []
        for e in change.events:
            message, facts = shapes.event_json(e), e.redaction
            emits += fanout.copies("event", w, partial(_event_copy, message=message, facts=facts),
                                   redaction.personal(facts))
        change.store(self.log_keep, op, ack)
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
        stale: set[str] = set()
        try:
            with self.locks.hold(workshop_id), reading():
                try:
                    state = self._state(person, sid, join, stale)
                finally:
                    db.session.rollback()
                socketio.emit("state", state, to=sid)
        except BaseException:
            self.housekeeping.disconnected(sid)
            db.session.rollback()
            db.session.execute(_REMOVE_CONNECTION, {"sid": sid})
            db.session.commit()
            raise
        if stale:  # stored aggregates no flush is on its way for, as far as this process knows
            self.aggregates.changed(workshop_id, stale)
        if not person.facilitator:
            self.presence.changed(workshop_id, {person.id})

    def _state(self, person: arrivals.Person, sid: str, join, stale: set[str]) -> dict | Raw:
        """`state` for `person` with the workshop held; joins the room and counts the connection
        as this process's first. A participant with nothing of their own gets the kept part
        (`states`). The aggregates are as last sent (`held`); `stale` gets the kinds whose
        stored values differ."""
        found = db.session.execute(states.CHECK,
                                   {"workshop": person.workshop_id, "person": person.id}).first()
        if found is None:
            raise RuleError("unauthorized", "This workshop no longer exists.")
        key = fanout.workshop_key(found)
        for name in fanout.audience_rooms(found, person):
            join(name)
        self.housekeeping.connected(sid, Local(found.id, key, person.id, person.facilitator))
        people = self.rosters.participants(found, person, key, self.online(found.id))
        if not (person.facilitator or found.personal):
            version = (key, found.last_seq, found.flushed)
            blank = self.states.get(found.id, version)
            kept = blank is not None
            if not kept:
                w = db.session.get(Workshop, found.id)
                blank = states.make(version, w, self.shared_state(w), stale)
                self.states.keep(found.id, blank)
            if person.id not in blank.authors:
                if kept and self.several:  # compared with the stored aggregates in the next round
                    with self._guard:
                        self._served_kept.add(found.id)
                return blank.state(person, people)
        w = db.session.get(Workshop, found.id)
        return reads.snapshot(w, person, self.shared_state(w), people=people, stale=stale)

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

    def _compare_kept(self) -> None:
        """Once a housekeeping round, for every workshop this process served a kept `state` since
        the last one: a flush that sends what the stored aggregates hold beyond the ones sent, and
        nothing when they are the same. A kept `state` is not compared when served (that is what
        keeping it saves), so on PostgreSQL a flush that another process owed and lost when it was
        killed would otherwise wait for the next change of its kind. With SQLite one process serves
        everyone: after its restart nothing is kept, and the first `state` made compares."""
        with self._guard:
            due, self._served_kept = self._served_kept, set()
        for workshop_id in due:
            self.aggregates.changed(workshop_id, aggregates.KINDS)

    def _in_app(self, send):
        def run(*args):
            with self.app.app_context():
                try:
                    return send(*args)
                finally:
                    db.session.remove()
        return run

    def _send_aggregate(self, workshop_id: int, kinds: set[str]) -> set[str]:
        """Broadcast what changed since the last event of each kind, in one transaction for the
        workshop; return the kinds another process sent moments ago, or all of them while
        someone else holds the workshop (sent in the next round: `locks.attempt`)."""
        with self.locks.attempt(workshop_id) as held:
            if not held:
                return kinds
            try:
                w = execute(_WORKSHOP, {"workshop": workshop_id}).first()
                if w is None:
                    db.session.rollback()
                    return set()
                change, now = Change(w, None), time.time()
                waiting = {kind for kind in sorted(kinds)
                           if aggregates.record(change, kind, self.aggregates.interval, now) > 0}
                emits = self._emits(change)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            fanout.send(emits)
        return waiting

    def _send_presence(self, workshop_id: int, ids: set[int]) -> set[int] | None:
        # Held like a change: presence never overtakes an older presence, nor reaches a
        # connecting client between its joining the room and its `state`. While someone else
        # holds the workshop, the next round sends it (`locks.attempt`).
        with self.locks.attempt(workshop_id) as held:
            if not held:
                return ids
            with reading():
                w = db.session.execute(presence.WORKSHOP, {"workshop": workshop_id}).first()
                emits = presence.messages(w, ids, self.online(workshop_id)) if w is not None else []
                db.session.rollback()
                fanout.send(emits)
        return None

    def online(self, workshop_id: int) -> Collection[int]:
        """Who is online in the workshop: with SQLite one process holds every connection, so its
        own are all; several processes read them from the database."""
        return reads.online_ids(workshop_id) if self.several else self.housekeeping.online(workshop_id)


def _load_statement(op: bool):
    """The locked workshop's values (`LOADED`), the person acting in it (`arrivals.PERSON`) and
    the ack of `op` if already applied (`ack`): one statement, built once, of plain values.
    Three lookups per action, and then the workshop and the person as ORM objects, were a large
    share of an action's cost."""
    person = (column.label(f"person_{column.key}") for column in arrivals.PERSON)
    query = (select(*LOADED, *person, _OPERATIONS.c.ack if op else null().label("ack"))
             .join_from(_WORKSHOPS, _PEOPLE, _PEOPLE.c.workshop_id == _WORKSHOPS.c.id)
             .where(_WORKSHOPS.c.id == bindparam("workshop"), _PEOPLE.c.id == bindparam("person"),
                    _PEOPLE.c.removed.is_(False))
             .with_for_update(of=_WORKSHOPS))
    if op:
        query = query.outerjoin(_OPERATIONS, (_OPERATIONS.c.participant_id == _PEOPLE.c.id)
                                & (_OPERATIONS.c.op == bindparam("op")))
    return query


_WORKSHOPS, _PEOPLE, _OPERATIONS = Workshop.__table__, Participant.__table__, Operation.__table__
_LOAD, _LOAD_OP = _load_statement(False), _load_statement(True)
# What an aggregate flush reads of the workshop (`LOADED`): its `seq`, whether results show,
# its determinants, its room.
_WORKSHOP = select(*LOADED).where(_WORKSHOPS.c.id == bindparam("workshop")).with_for_update()


def _event_copy(viewer: redaction.Viewer, message: dict, facts: dict | None) -> dict:
    return redaction.event(viewer, message, facts)


def init_app(app: Flask) -> None:
    with app.app_context():
        # Connections a previous run of this server left behind are not online any more.
        db.session.execute(delete(Connection).where(Connection.server_id == app.config["SERVER_ID"]))
        db.session.commit()
        app.extensions["live"] = Live(app)
