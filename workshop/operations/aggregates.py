"""The coalesced aggregate events: what each carries, and what a workshop was last sent.

Each kind reads its current values and makes the data of its event from what changed
since the values last sent (a `SentAggregate` row, shared by every process). The live
layer decides when (`live.Live.aggregates`); a new kind is one more entry in KINDS.
"""

from sqlalchemy import bindparam, insert, select, update

from .. import reads
from ..database import execute
from ..domain import aggregates
from ..domain import determinants as determinant_lists
from ..extensions import db
from ..models import Card, SentAggregate, Workshop
from .change import Change


class Votes:
    """`votes.changed`: the tallies that changed and every strategy's rank, in ranking order."""

    kind, event = "votes", "votes.changed"

    def read(self, w: Workshop) -> tuple[dict, dict]:
        """(the values to remember, the data of an event that carries all of them)"""
        ranked = aggregates.ranked(reads.strategy_votes(w.id))
        values = {"tallies": {str(s["id"]): s["votes"] for s in ranked},
                  "ranks": {str(s["id"]): s["rank"] for s in ranked}}
        data = {"tallies": [{"strategy_id": s["id"], "votes": s["votes"]} for s in sorted(ranked, key=_id)],
                "ranks": [{"strategy_id": s["id"], "rank": s["rank"]} for s in ranked]}
        return values, data

    def changed(self, sent: dict | None, values: dict, data: dict) -> dict | None:
        """A strategy new since the last event counts as changed; a removed one does not
        (`strategy.removed` said so), though others' ranks may move with it."""
        before = sent or {"tallies": {}, "ranks": {}}
        tallies = [t for t in data["tallies"] if before["tallies"].get(str(t["strategy_id"])) != t["votes"]]
        ranks_moved = any(before["ranks"].get(key) != rank for key, rank in values["ranks"].items())
        return {**data, "tallies": tallies} if tallies or ranks_moved else None


class Ratings:
    """`ratings.changed`: the determinants whose count, mean or histogram changed, the weakest of
    them all (`aggregates.weakest`, so no client works it out for itself) and, for the
    facilitator only (`redaction.FACILITATOR_ONLY`), the comments that changed."""

    kind, event = "ratings", "ratings.changed"

    def read(self, w: Workshop) -> tuple[dict, dict]:
        """The determinants on the workshop's list (`determinants:set` may change it)."""
        determinants = reads.determinant_aggregates(w.id, determinant_lists.keys(w.determinants))
        comments = reads.determinant_comments(w.id)
        values = {d["key"]: {**d, "comments": comments.get(d["key"], [])} for d in determinants}
        return values, {"determinants": determinants}

    def changed(self, sent: dict | None, values: dict, data: dict) -> dict | None:
        """Nothing sent yet (a workshop from before its rows were made at start): every
        determinant counts as changed, since its clients' `state` had the stored values."""
        if sent is None:
            scores, comments = data["determinants"], [{"key": key, "comments": v["comments"]}
                                                      for key, v in values.items() if v["comments"]]
        else:
            nobody = {d["key"]: {**d, "comments": []} for d in aggregates.determinants([], list(values))}
            before = {**nobody, **sent}
            scores = [d for d in data["determinants"]
                      if {k: v for k, v in before[d["key"]].items() if k != "comments"} != d]
            comments = [{"key": key, "comments": v["comments"]} for key, v in values.items()
                        if before[key].get("comments", []) != v["comments"]]
        if not scores and not comments:
            return None
        result = {"determinants": scores, "weakest": aggregates.weakest(data["determinants"])}
        return {**result, "comments": comments} if comments else result


class CardVotes:
    """`card_votes.changed`: the card tallies that changed (a new card counts when voted on)."""

    kind, event = "card_votes", "card_votes.changed"

    def read(self, w: Workshop) -> tuple[dict, dict]:
        counts = reads.card_tallies(w.id)
        ids = db.session.scalars(_CARD_IDS, {"workshop": w.id})
        tallies = [{"card_id": i, "votes": counts.get(i, 0)} for i in ids]
        return {"tallies": {str(t["card_id"]): t["votes"] for t in tallies}}, {"tallies": tallies}

    def changed(self, sent: dict | None, values: dict, data: dict) -> dict | None:
        """Nothing sent yet: every card counts as changed, as for `Ratings`."""
        if sent is None:
            return {"tallies": data["tallies"]} if data["tallies"] else None
        before = sent["tallies"]
        tallies = [t for t in data["tallies"] if before.get(str(t["card_id"]), 0) != t["votes"]]
        return {"tallies": tallies} if tallies else None


def _id(item: dict) -> int:
    return item["id"]


_CARD_IDS = select(Card.id).where(Card.workshop_id == bindparam("workshop")).order_by(Card.id)
_SENT_TABLE = SentAggregate.__table__
_SENT = select(_SENT_TABLE.c.data, _SENT_TABLE.c.sent_at).where(
    _SENT_TABLE.c.workshop_id == bindparam("workshop"), _SENT_TABLE.c.kind == bindparam("kind"))
_INSERT_SENT = insert(_SENT_TABLE)
_UPDATE_VALUES = update(_SENT_TABLE).where(
    _SENT_TABLE.c.workshop_id == bindparam("workshop"), _SENT_TABLE.c.kind == bindparam("of_kind")
).values(data=bindparam("values"))
_UPDATE_SENT = _UPDATE_VALUES.values(sent_at=bindparam("at"))


VOTES, CARD_VOTES = Votes(), CardVotes()
KINDS = {kind.kind: kind for kind in (VOTES, Ratings(), CARD_VOTES)}


def record(change: Change, kind: str, interval: float, now: float) -> float:
    """Record `kind`'s event for what changed since it was last sent, and remember it as sent;
    or, when a process sent one less than `interval` ago, how long to wait first. When nothing
    changed, nothing is recorded and the row is written only if its values moved (a removed
    strategy's count is no longer among them)."""
    aggregate, w = KINDS[kind], change.workshop
    sent = execute(_SENT, {"workshop": w.id, "kind": kind}).first()
    if sent is not None and sent.sent_at + interval > now:
        return sent.sent_at + interval - now
    values, data = aggregate.read(w)
    changed = aggregate.changed(sent.data if sent else None, values, data)
    if changed:
        change.record(aggregate.event, changed, by_server=True)
        _remember(w.id, kind, values, sent_at=now, exists=sent is not None)
    elif sent is None or sent.data != values:
        _remember(w.id, kind, values, exists=sent is not None)
    return 0.0


def shown(w: Workshop) -> dict:
    """Every vote count and rank, and every card's count (`card_tallies`), as `workshop.updated`
    carries them when results become visible; remembered as sent, since every client now has them."""
    values, data = VOTES.read(w)
    _remember(w.id, VOTES.kind, values)
    card_values, cards = CARD_VOTES.read(w)
    _remember(w.id, CARD_VOTES.kind, card_values)
    return {**data, "card_tallies": cards["tallies"]}


def carried(workshop_id: int, kind: str, values: dict) -> None:
    """Remember what another event carried to everyone (`strategy.updated`'s or `card.updated`'s
    count, by id; `determinants.changed`'s list, by key) as sent: every client now holds it, so
    the next flush compares with it. Nothing sent yet: that flush sends every entry anyway."""
    sent = execute(_SENT, {"workshop": workshop_id, "kind": kind}).first()
    if sent is None:
        return
    if kind == "ratings":  # the list replaces the clients' one, comments and all
        data = {key: {**entry, "comments": []} for key, entry in values.items()}
    else:
        data = {**sent.data, "tallies": {**sent.data["tallies"], **{str(i): n for i, n in values.items()}}}
    _remember(workshop_id, kind, data, exists=True)


def start(w: Workshop) -> None:
    """A new workshop's clients start from `state`, which has every count: nothing to send yet."""
    for kind in KINDS.values():
        _remember(w.id, kind.kind, kind.read(w)[0], exists=False)


def _remember(workshop_id: int, kind: str, values: dict, sent_at: float | None = None,
              exists: bool | None = None) -> None:
    """Store `values` (and `sent_at`, when given) as the last sent; `exists`: whether the row is
    there already, None when not known."""
    if exists is not False:
        key = {"workshop": workshop_id, "of_kind": kind, "values": values}
        statement = _UPDATE_VALUES if sent_at is None else _UPDATE_SENT
        if execute(statement, key if sent_at is None else {**key, "at": sent_at}).rowcount:
            return
    execute(_INSERT_SENT, {"workshop_id": workshop_id, "kind": kind, "data": values,
                                      "sent_at": sent_at or 0.0})
