"""The `participants` of `state`, kept per workshop in this process with each person encoded
once, so that a connect costs about the same however many people are already in.

Joins are no events (no `seq`), so the list is checked against the database on every use:
how many people, the highest id (read by the connect's one statement, `states.CHECK`), and
the rows of those who joined since. Fewer than expected (someone was removed) or another
anonymity setting rebuilds it.
Who is online is the caller's to say (`Live`: from this process's connections with SQLite,
read from the database when several processes share one).
"""

import json
import threading
from collections.abc import Container
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select

from .. import shapes
from ..domain import redaction
from ..extensions import db
from ..models import Participant
from ..wire import Raw

KEPT = 256  # workshops whose list is kept; the one made longest ago goes first


@dataclass
class Person:
    """One participant's entry, encoded: as everyone may see it, and as others see it (nameless
    when anonymous); each offline and online."""

    full: tuple[str, str]
    others: tuple[str, str]


@dataclass
class List:
    key: str  # fanout.workshop_key: a new workshop with the same id starts afresh
    anonymous: bool
    count: int = 0
    top: int = 0
    people: dict[int, Person] = field(default_factory=dict)  # by id, ascending


def _encode(row, anonymous: bool) -> Person:
    full = [shapes.participant_json(row, online) for online in (False, True)]
    hidden = redaction.is_anonymous(row.anonymous, anonymous)
    others = [redaction.person(redaction.PARTICIPANT, item, hidden) for item in full]
    return Person(full=tuple(map(json.dumps, full)), others=tuple(map(json.dumps, others)))


_P = Participant.__table__.c
_ROWS = (select(_P.id, _P.name, _P.role, _P.anonymous)
         .where(_P.workshop_id == bindparam("workshop"), _P.facilitator.is_(False), _P.removed.is_(False),
                _P.id > bindparam("after"))
         .order_by(_P.id))


def _rows(workshop_id: int, after: int = 0):
    return db.session.execute(_ROWS, {"workshop": workshop_id, "after": after}).all()


class Rosters:
    def __init__(self):
        self._guard = threading.Lock()
        self._lists: dict[int, List] = {}

    def __len__(self) -> int:
        return len(self._lists)

    def participants(self, w, me, workshop_key: str, online: Container[int]) -> Raw:
        """`state`'s participant list as `me` sees it, read in the caller's transaction. Called
        with the workshop held, so one connect at a time brings a workshop's list up to date.
        `w`: the workshop's `id` and `anonymous`, and its participants' `count` and `top` id
        (`states.CHECK`); `me`: a `Participant` or `arrivals.Person`; `online`: who is."""
        current = self._current(w, workshop_key)
        if me.facilitator:
            parts = [p.full[i in online] for i, p in current.people.items()]
        else:
            mine = me.id  # an ORM attribute: read once, not once per person
            parts = [(p.full if i == mine else p.others)[i in online] for i, p in current.people.items()]
        return Raw("[" + ",".join(parts) + "]")

    def _current(self, w, workshop_key: str) -> List:
        count, top = w.count, w.top
        with self._guard:
            kept = self._lists.get(w.id)
        if kept is not None and kept.key == workshop_key and kept.anonymous == w.anonymous:
            if (kept.count, kept.top) == (count, top):
                return kept
            if top > kept.top:
                new = _rows(w.id, after=kept.top)
                if kept.count + len(new) == count:
                    kept.people.update((r.id, _encode(r, w.anonymous)) for r in new)
                    kept.count, kept.top = count, top
                    return kept
        rows = _rows(w.id)
        made = List(key=workshop_key, anonymous=w.anonymous, count=len(rows),
                    top=rows[-1].id if rows else 0,
                    people={r.id: _encode(r, w.anonymous) for r in rows})
        with self._guard:
            self._lists.pop(w.id, None)
            self._lists[w.id] = made
            if len(self._lists) > KEPT:
                del self._lists[next(iter(self._lists))]
        return made
