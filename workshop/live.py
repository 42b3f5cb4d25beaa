"""The real-time layer: one writer per workshop, broadcasts in `seq` order, coalesced
aggregates and presence.

Per-process state (locks, pending flushes) lives in one `Live` object kept in
`app.extensions["live"]`. What several processes must agree on lives in the
database: `seq`, the aggregates last sent and who is connected. With
PostgreSQL, a session advisory lock per workshop extends "one writer at a time"
across processes and is held until the events are published, so every
process relays them in `seq` order.
"""

import logging
import threading
import time
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import null, select, text

from . import operations, store
from .domain import aggregates, rules
from .domain.rules import RuleError
from .extensions import db, socketio
from .models import Connection, Operation, Participant, Strategy, Workshop

log = logging.getLogger(__name__)
LOCK_NAMESPACE = 0x5C41E  # first key of pg_advisory_lock(int, int): this product's locks
SHARED_STATES = 256  # workshops whose shared part of `state` is kept; the oldest made goes first


def room(workshop_id: int, audience: str) -> str:
    return f"workshop:{workshop_id}:{audience}"


class Live:
    def __init__(self, app: Flask):
        self.app = app
        self.server_id = app.config["SERVER_ID"]
        self.aggregate_interval = app.config["AGGREGATE_INTERVAL"]
        self.presence_interval = app.config["PRESENCE_INTERVAL"]
        self._guard = threading.Lock()
        self._locks: dict[int, threading.Lock] = {}
        self._pending: set[tuple[int, str]] = set()
        self._presence: dict[int, set[int]] = {}
        self._running = 0  # background flushes not yet finished
        self._shared: dict[int, tuple[tuple[str, int], dict]] = {}  # workshop id -> (code, seq), part
        self._shared_db = db.engine.dialect.name == "postgresql"

    # --- one writer per workshop ---------------------------------------------------------

    @contextmanager
    def exclusive(self, workshop_id: int):
        """Hold the workshop for one change: commit and broadcast happen inside.

        Never wait for a workshop while holding a database transaction: on SQLite every
        transaction takes the write lock, which the holder of the workshop may need next.
        """
        db.session.rollback()
        with self._guard:
            lock = self._locks.setdefault(workshop_id, threading.Lock())
        with lock:
            if not self._shared_db:
                yield
                return
            with db.engine.connect() as conn:
                conn.execute(text("SELECT pg_advisory_lock(:ns, :id)"),
                             {"ns": LOCK_NAMESPACE, "id": workshop_id})
                try:
                    yield
                finally:
                    conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"),
                                 {"ns": LOCK_NAMESPACE, "id": workshop_id})
                    conn.commit()

    def perform(self, event: str, workshop_id: int, participant_id: int, payload) -> dict:
        """Apply one client event: authorise, change, commit, broadcast; return the ack."""
        op = payload.op
        with self.exclusive(workshop_id):
            try:
                found = db.session.execute(self._load(workshop_id, participant_id, op)).first()
                if found is None:
                    raise RuleError("unauthorized", "This participant no longer exists.")
                w, me, done = found
                if done is not None:
                    db.session.rollback()
                    return done
                rules.authorize(event, facilitator=me.facilitator, phase=w.phase, locked=w.locked)
                change = operations.Change(w, me)
                ack = {"ok": True, **operations.OPERATIONS[event](change, payload)}
                if op is not None:
                    db.session.add(Operation(participant_id=participant_id, op=op, ack=ack))
                messages = self.messages(change.events)
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
            self.publish(messages)
        for kind in change.aggregates:
            self.aggregates_changed(workshop_id, kind)
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

    @staticmethod
    def messages(events) -> list[tuple[str, dict]]:
        """(room, event) for each audience, made before the commit: reading the rows after it
        would open another transaction (on SQLite: the write lock) while the workshop is held."""
        return [(room(e.workshop_id, audience), store.event_json(e, audience))
                for e in events for audience in (store.FACILITATOR, store.PARTICIPANTS)]

    def publish(self, messages: list[tuple[str, dict]]) -> None:
        for to, message in messages:
            socketio.emit("event", message, to=to)

    # --- joining the stream --------------------------------------------------------------

    def connect(self, person: Participant, sid: str, join) -> None:
        """Join the room and send `state` in one critical section: no event missed or doubled."""
        workshop_id, person_id, facilitator = person.workshop_id, person.id, person.facilitator
        with self.exclusive(workshop_id):
            # One transaction: the snapshot already counts this connection as online.
            db.session.add(Connection(sid=sid, server_id=self.server_id, workshop_id=workshop_id,
                                      participant_id=person_id))
            db.session.flush()
            join(room(workshop_id, store.FACILITATOR if facilitator else store.PARTICIPANTS))
            w = db.session.get(Workshop, workshop_id)
            state = store.snapshot(w, person, self.shared_state(w))
            db.session.commit()
            socketio.emit("state", state, to=sid)
        if not facilitator:
            self.presence_changed(workshop_id, person_id)

    def shared_state(self, w: Workshop) -> dict:
        """`store.shared_state`, made once per workshop and `seq`. Only called with the workshop
        held, in the transaction that read `seq`: no change commits meanwhile (on PostgreSQL
        neither from another process), so an entry holds exactly that `seq`'s changes. Keyed by
        code too, since a deleted workshop's id can come back."""
        key = (w.code, w.last_seq)
        with self._guard:
            cached = self._shared.get(w.id)
        if cached is not None and cached[0] == key:
            return cached[1]
        shared = store.shared_state(w)
        with self._guard:
            self._shared.pop(w.id, None)
            self._shared[w.id] = (key, shared)
            if len(self._shared) > SHARED_STATES:
                del self._shared[next(iter(self._shared))]
        return shared

    def disconnect(self, sid: str) -> None:
        connection = db.session.get(Connection, sid)
        if connection is None:
            return
        db.session.delete(connection)
        db.session.commit()
        person = db.session.get(Participant, connection.participant_id)
        if person is not None and not person.facilitator:
            self.presence_changed(connection.workshop_id, connection.participant_id)

    # --- background flushes ---------------------------------------------------------------

    def _background(self, task, *args) -> None:
        with self._guard:
            self._running += 1

        def run():
            try:
                task(*args)
            finally:
                with self._guard:
                    self._running -= 1

        socketio.start_background_task(run)

    def idle(self) -> bool:
        """No flush pending or running: nothing more will be sent until the next change."""
        with self._guard:
            return self._running == 0

    # --- coalesced aggregates -------------------------------------------------------------

    def aggregates_changed(self, workshop_id: int, kind: str) -> None:
        with self._guard:
            if (workshop_id, kind) in self._pending:
                return
            self._pending.add((workshop_id, kind))
        self._background(self._flush_aggregates, workshop_id, kind)

    def _flush_aggregates(self, workshop_id: int, kind: str) -> None:
        socketio.sleep(self.aggregate_interval)
        with self.app.app_context():
            try:
                while (wait := self._send_aggregates(workshop_id, kind)) > 0:
                    socketio.sleep(wait)
            except Exception:
                log.exception("could not send %s aggregates of workshop %s", kind, workshop_id)
            finally:
                db.session.remove()

    def _send_aggregates(self, workshop_id: int, kind: str) -> float:
        """Broadcast what changed since the last aggregate event; or how long to wait first."""
        with self._guard:
            self._pending.discard((workshop_id, kind))
        with self.exclusive(workshop_id):
            w = db.session.get(Workshop, workshop_id, with_for_update=True)
            if w is None:
                db.session.rollback()
                return 0
            sent_at = w.tallies_sent_at if kind == "votes" else w.ratings_sent_at
            wait = sent_at + self.aggregate_interval - time.time()
            if wait > 0:  # another process sent one moments ago
                db.session.rollback()
                with self._guard:
                    self._pending.add((workshop_id, kind))
                return wait
            change = operations.Change(w, None)
            if kind == "votes":
                self._votes_event(change)
            else:
                self._ratings_event(change)
            messages = self.messages(change.events)
            db.session.commit()
            self.publish(messages)
        return 0

    def _votes_event(self, change: operations.Change) -> None:
        w = change.workshop
        counts = store.tallies(w.id)
        ids = db.session.scalars(select(Strategy.id).where(Strategy.workshop_id == w.id))
        now = {str(i): counts.get(i, 0) for i in ids}
        diff = aggregates.changed(w.sent_tallies or {}, now, default=0)
        w.sent_tallies = now
        w.tallies_sent_at = time.time()
        if diff:
            tallies = [{"strategy_id": int(i), "votes": diff[i]} for i in sorted(diff, key=int)]
            hidden = [{**t, "votes": None} for t in tallies]
            change.record("votes.changed", {"tallies": tallies},
                          None if w.results_visible else {"tallies": hidden})

    def _ratings_event(self, change: operations.Change) -> None:
        w = change.workshop
        now = {d["key"]: d for d in store.determinant_aggregates(w.id)}
        nobody = {d["key"]: d for d in aggregates.determinants([])}
        diff = aggregates.changed({**nobody, **(w.sent_ratings or {})}, now)
        w.sent_ratings = now
        w.ratings_sent_at = time.time()
        if diff:
            change.record("ratings.changed", {"determinants": list(diff.values())})

    # --- presence -------------------------------------------------------------------------

    def presence_changed(self, workshop_id: int, participant_id: int) -> None:
        with self._guard:
            pending = self._presence.get(workshop_id)
            if pending is not None:
                pending.add(participant_id)
                return
            self._presence[workshop_id] = {participant_id}
        self._background(self._flush_presence, workshop_id)

    def _flush_presence(self, workshop_id: int) -> None:
        socketio.sleep(self.presence_interval)
        with self._guard:
            ids = self._presence.pop(workshop_id, set())
        with self.app.app_context():
            try:
                # Held like a change: presence never overtakes an older presence, nor reaches
                # a connecting client between its joining the room and its `state`.
                with self.exclusive(workshop_id):
                    self._send_presence(workshop_id, ids)
            except Exception:
                log.exception("could not send presence of workshop %s", workshop_id)
            finally:
                db.session.remove()

    def _send_presence(self, workshop_id: int, ids: set[int]) -> None:
        w = db.session.get(Workshop, workshop_id)
        if w is None:
            return
        online = store.online_ids(workshop_id)
        people = db.session.scalars(select(Participant).where(
            Participant.id.in_(ids), Participant.facilitator.is_(False)).order_by(Participant.id)).all()
        online_count = len(online - {w.facilitator_id})
        # Serialised before the commit: after it every row is expired, one query each to reload.
        messages = []
        for audience in (store.FACILITATOR, store.PARTICIPANTS):
            hide = w.anonymous and audience == store.PARTICIPANTS
            changed = [store.participant_json(p, p.id in online, store.hidden(p, audience, hide))
                       for p in people]
            messages.append((room(workshop_id, audience), {"online": online_count, "changed": changed}))
        # A hidden participant still sees their own name and role: their tabs get their own copy.
        hidden = {p.id: p for p in people if store.hidden(p, store.PARTICIPANTS, w.anonymous)}
        tabs = db.session.execute(select(Connection.sid, Connection.participant_id).where(
            Connection.workshop_id == workshop_id, Connection.participant_id.in_(hidden))).all()
        shared = messages[1][1]
        own = [(sid, {**shared, "changed": [store.participant_json(hidden[pid], pid in online)
                                            if entry["id"] == pid else entry for entry in shared["changed"]]})
               for sid, pid in tabs]
        db.session.commit()
        skip = [sid for sid, _ in own] or None
        for to, message in messages:
            socketio.emit("presence", message, to=to, skip_sid=skip)
        for sid, message in own:
            socketio.emit("presence", message, to=sid)


def init_app(app: Flask) -> None:
    with app.app_context():
        store.forget_connections(app.config["SERVER_ID"])
        db.session.commit()
        app.extensions["live"] = Live(app)
