"""Socket.IO handlers: validate, call the live layer, answer with an ack. Nothing else.

Every client event of the contract is registered from `schemas.EVENTS`; the
operation it performs is in `operations/`, the broadcast in `live/`. Any other
event name is answered `invalid`. Every event counts against its sender's limits and
their IP's (`limits.event`), and runs in its IP's turn (`limits.turn`); one whose connection
was closed while it waited for its turn is dropped (`closed`).
Per-connection state (the Socket.IO session): `workshop_id`, `participant_id`.
"""

import logging

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, join_room
from flask_socketio import disconnect as close_connection

from . import arrivals, limits, reads
from .accounts import access, logins
from .database import reading
from .domain.rules import RuleError
from .extensions import db, socketio
from .models import Participant, Workshop
from .schemas import EVENTS, Auth, BrowserAuth
from .validation import parse

log = logging.getLogger(__name__)


def identify(auth) -> arrivals.Person | None:
    """{code, token}; or just {code} from a browser whose cookie session knows it there."""
    if isinstance(auth, dict) and set(auth) == {"code"}:
        try:
            w = reads.workshop_by_code(parse(BrowserAuth, auth).code)
        except RuleError:
            return None
        if w is None:
            return None
        # A logged-in facilitator of the workshop counts as its facilitator.
        person = access.facilitator_in(w)
        if person is None:
            known = session.get("people", {}).get(w.code)
            person = db.session.get(Participant, known) if known else None
            if not (person and person.workshop_id == w.id and not person.removed):
                return None
        return arrivals.person_of(person)
    try:
        credentials = parse(Auth, auth)
    except RuleError:
        return None
    return arrivals.connecting(credentials.code, credentials.token)


def refused(error: RuleError) -> ConnectionRefusedError:
    return ConnectionRefusedError(error.code, error.as_dict())


@socketio.on("connect")
def connect(auth=None):
    """A client connects with {code, token}: it joins its audience's room and gets `state`.
    The lookup begins the transaction that stores the connection (`Live.connect`): one write,
    not a read and a write."""
    with limits.turn():  # a flood's reconnects take turns with everyone else's events
        _connect(auth)


def _connect(auth) -> None:
    try:
        limits.ip_may_connect()
        person = limits.lookup(lambda: identify(auth))
        if not person:
            raise RuleError("unauthorized", "Unknown workshop code or token.")
        limits.may_connect(person.id)
        session["workshop_id"] = person.workshop_id
        session["participant_id"] = person.id
    except RuleError as error:
        raise refused(error) from None
    try:
        current_app.extensions["live"].connect(person, request.sid, lambda name: join_room(name))
        logins.connected_by_login(request.sid)
    except Exception:
        log.exception("connect failed")
        db.session.rollback()
        raise ConnectionRefusedError(
            "internal", {"code": "internal", "message": "Something went wrong on the server."}) from None


@socketio.on("disconnect")
def disconnect(reason=None):
    """Presence tells the others, within a second, once the person's last tab is gone."""
    current_app.extensions["live"].disconnect(request.sid)


def sync(workshop_id: int, participant_id: int, since: int) -> dict:
    """Replay what this client missed, as it received it; `state` if too far behind."""
    with reading():
        w = db.session.get(Workshop, workshop_id)
        me = db.session.get(Participant, participant_id)
        if me is None or me.removed:
            raise RuleError("unauthorized", "This participant no longer exists.")
        return {"ok": True, **reads.replay(w, me, since, current_app.config["SYNC_MAX_EVENTS"])}


def remove_participant(workshop_id: int, participant_id: int, payload) -> dict:
    """participant:remove, then close the removed person's connections on every server."""
    with reading():
        sids = reads.connection_ids(payload.id)
    ack = current_app.extensions["live"].perform("participant:remove", workshop_id, participant_id, payload)
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")
    return ack


def within_limits() -> None:
    """Refuse an event beyond its sender's or their IP's limit; cut off a sender who keeps on."""
    if "participant_id" not in session:
        raise RuleError("unauthorized", "Connect with a workshop code and token first.")
    try:
        limits.event(session["participant_id"])
    except RuleError:
        if limits.flooding(session["participant_id"]):
            close_connection()
        raise


CLOSED = {"ok": False, "error": {"code": "unauthorized", "message": "This connection was closed."}}


def closed() -> bool:
    """Whether this event's connection was closed while the event waited for its turn: a
    flooder cut off with events of theirs already read. Nobody gets the answer, so the event
    is neither counted nor handled, and its turn takes next to no time."""
    return not socketio.server.manager.is_connected(request.sid, request.namespace)


def answer(event: str, args: tuple) -> dict:
    with limits.turn():  # before the limits too: a flood's refusals do not queue ahead of others
        return CLOSED if closed() else _answer(event, args)


def _answer(event: str, args: tuple) -> dict:
    try:
        within_limits()
        if len(args) != 1:
            raise RuleError("invalid", "Send exactly one JSON object.")
        payload = parse(EVENTS[event], args[0])
        if event == "sync":
            return sync(session["workshop_id"], session["participant_id"], payload.since)
        if event == "participant:remove":
            return remove_participant(session["workshop_id"], session["participant_id"], payload)
        return current_app.extensions["live"].perform(
            event, session["workshop_id"], session["participant_id"], payload)
    except RuleError as error:
        return {"ok": False, "error": error.as_dict()}
    except Exception:
        log.exception("event %s failed", event)
        db.session.rollback()
        return {"ok": False, "error": {"code": "internal", "message": "Something went wrong on the server."}}


def _register(event: str) -> None:
    socketio.on_event(event, lambda *args: answer(event, args))


for _event in EVENTS:
    _register(_event)


@socketio.on("*")
def unknown(event, *args):
    """An event name the contract does not have: `invalid` (counted like any other event)."""
    with limits.turn():
        if closed():
            return CLOSED
        try:
            within_limits()
        except RuleError as error:
            return {"ok": False, "error": error.as_dict()}
    return {"ok": False, "error": {"code": "invalid", "message": f"Unknown event {str(event)[:60]!r}."}}
