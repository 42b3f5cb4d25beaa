"""One message to a workshop as each viewer may see it (`domain.redaction`).

One copy goes to the facilitator's room, one to the participants' room (one emit to both
when the copies are the same, encoded once), and a copy of
their own to the room of each participant the message names who sees more in it than the
others (their own name in presence, their own anonymous cards), whose connections the
participants' copy skips. A connection joins its rooms when it gets `state`, with the
workshop held, so it never receives a copy of its own before its `state`.
Rooms are named by the workshop's id and the moment it was made: ids come back after a
delete (SQLite), the pair never does.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from ..domain import redaction
from ..domain.redaction import Viewer
from ..extensions import db, socketio
from ..models import Connection, Participant, Workshop

FACILITATOR, PARTICIPANTS = "facilitator", "participants"


@dataclass(frozen=True)
class Emit:
    name: str
    to: str | tuple[str, ...]  # a room, or rooms that get the same copy
    data: dict
    skip: tuple[str, ...] = ()


def workshop_key(w: Workshop) -> str:
    return _key(w.id, w.created_at)


@lru_cache(maxsize=1024)
def _key(workshop_id: int, created_at) -> str:
    return f"{workshop_id}-{created_at:%Y%m%d%H%M%S%f}"


def room(key: str, audience: str) -> str:
    return f"workshop:{key}:{audience}"


def audience_rooms(w: Workshop, person: Participant) -> list[str]:
    """The rooms a connection of `person` joins: their audience's, and a participant's own."""
    key = workshop_key(w)
    if person.facilitator:
        return [room(key, FACILITATOR)]
    return [room(key, PARTICIPANTS), own_room(key, person.id)]


def own_room(key: str, participant_id: int) -> str:
    return room(key, f"participant-{participant_id}")


def copies(name: str, w: Workshop, render: Callable[[Viewer], dict], personal: Iterable[int]) -> list[Emit]:
    """The emits of one message; `render(viewer)` makes a viewer's copy, `personal` names the
    participants whose copy may differ from the others'. Read before the commit, with the
    workshop held: a connection that joins later gets `state` instead."""
    key = workshop_key(w)
    shared = render(redaction.PARTICIPANT)
    own = {pid: copy for pid in personal if (copy := render(Viewer(id=pid))) != shared}
    facilitator = render(redaction.FACILITATOR)
    if not own and (facilitator is shared or facilitator == shared):
        # One emit for both rooms: the copy is encoded once.
        return [Emit(name, (room(key, FACILITATOR), room(key, PARTICIPANTS)), shared)]
    emits = [Emit(name, room(key, FACILITATOR), facilitator)]
    if not own:
        return [*emits, Emit(name, room(key, PARTICIPANTS), shared)]
    tabs = db.session.scalars(select(Connection.sid).where(
        Connection.workshop_id == w.id, Connection.participant_id.in_(own))).all()
    emits.append(Emit(name, room(key, PARTICIPANTS), shared, skip=tuple(tabs)))
    return emits + [Emit(name, own_room(key, pid), copy) for pid, copy in own.items()]


def send(emits: Iterable[Emit]) -> None:
    for e in emits:
        socketio.emit(e.name, e.data, to=e.to, skip_sid=list(e.skip) or None)
