"""`state` for a connect, from parts kept per workshop, so that a join costs about the same
however many people are already in.

Everyone in the first minute of a workshop is a participant with nothing of their own yet: no
vote, score or card vote, no card whose author the others do not see. Their `state` is the
same for all of them but for `me` and the participant list, so that part is made once (by
`reads.snapshot`, for a participant who has nothing), encoded once, and joined with the
person's `me` and the participant list (`roster`) into the packet as it is (`wire.Raw`).
The facilitator and anyone with something of their own get `reads.snapshot` as before.

What is kept is keyed by the workshop, its `seq` and the moments its aggregates were last
flushed (`SentAggregate.sent_at`), read in one statement with the workshop held:
- everything in it but the aggregates changes only with a recorded event, so with `seq`;
- the aggregates (vote tallies, determinant scores, card tallies) are the ones last sent
  (`held`), which change only with a flush, which writes `sent_at`. A vote not flushed yet,
  here or on another process, is in neither: the flush's event (this connection is in the room
  by then) carries it, and a vote retracted before its flush was never in anyone's copy.
  Stored values that differ from them ask for a flush (a flush lost with a killed process):
  when the part is made; when it is served again, on PostgreSQL, in the next housekeeping round.
"""

import threading
from dataclasses import dataclass

from sqlalchemy import bindparam, exists, func, or_, select

from .. import arrivals, reads
from ..models import CardVote, Participant, Rating, SentAggregate, Vote, Workshop
from ..wire import Raw, dumps

KEPT = 256  # workshops whose part is kept; the one made longest ago goes first

_W, _P = Workshop.__table__.c, Participant.__table__.c
_IN = (_P.workshop_id == _W.id, _P.facilitator.is_(False), _P.removed.is_(False))
_PERSON = bindparam("person")
# Everything a connect checks, in one statement built once (its cache key is memoized): the
# workshop's `seq` and key, the participant list's count and highest id (`roster`), the
# aggregates' last flushes, and whether the person has anything of their own.
CHECK = select(
    _W.id, _W.created_at, _W.last_seq, _W.anonymous,
    select(func.count()).where(*_IN).scalar_subquery().label("count"),
    select(func.coalesce(func.max(_P.id), 0)).where(*_IN).scalar_subquery().label("top"),
    select(func.sum(SentAggregate.__table__.c.sent_at))
    .where(SentAggregate.__table__.c.workshop_id == _W.id).scalar_subquery().label("flushed"),
    or_(exists().where(Vote.__table__.c.participant_id == _PERSON),
        exists().where(Rating.__table__.c.participant_id == _PERSON),
        exists().where(CardVote.__table__.c.participant_id == _PERSON)).label("personal"),
).where(_W.id == bindparam("workshop"))


@dataclass(frozen=True)
class Blank:
    """`state` for a participant with nothing of their own, without `me` and `participants`."""

    key: tuple
    members: str  # the JSON object's other members, encoded: '"seq":3,"workshop":{...},...'
    votes_left: int
    card_votes_left: dict
    authors: frozenset[int]  # whoever wrote a card: their copy may differ

    def state(self, person: arrivals.Person, people: Raw) -> Raw:
        me = {"id": person.id, "name": person.name, "role": person.role, "facilitator": False,
              "group": person.group, "votes_left": self.votes_left, "card_votes_left": self.card_votes_left}
        return Raw('{"me":' + dumps(me) + ',"participants":' + people.text + "," + self.members + "}")


def make(key: tuple, w: Workshop, shared: dict, stale: set[str]) -> Blank:
    """Read in the transaction that read the key, with the workshop held; `stale` as for
    `reads.snapshot`."""
    nobody = arrivals.Person(0, w.id, None, None, False, None)  # ids start at 1: nobody has 0
    state = reads.snapshot(w, nobody, shared, people=Raw("[]"), stale=stale)
    me = state.pop("me")
    del state["participants"]
    return Blank(key=key, members=dumps(state, separators=(",", ":"))[1:-1], votes_left=me["votes_left"],
                 card_votes_left=me["card_votes_left"],
                 authors=frozenset(c.author_id for c in shared["cards"] if c.author_id is not None))


class States:
    def __init__(self):
        self._guard = threading.Lock()
        self._kept: dict[int, Blank] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, workshop_id: int, key: tuple) -> Blank | None:
        with self._guard:
            kept = self._kept.get(workshop_id)
        return kept if kept is not None and kept.key == key else None

    def keep(self, workshop_id: int, blank: Blank) -> None:
        with self._guard:
            self._kept.pop(workshop_id, None)
            self._kept[workshop_id] = blank
            if len(self._kept) > KEPT:
                del self._kept[next(iter(self._kept))]
