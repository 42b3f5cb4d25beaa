"""The aggregates as every client holds them: as last sent (`SentAggregate`), not as stored.

Connected clients have the values of the last flush of each kind; a newcomer's `state` and the
events that carry a count (`strategy.updated`, `card.updated`, `determinants.changed`) give the
same, so the next flush, which sends what changed since those values, reaches everyone. Were
they given the stored values, a vote cast and retracted within one flush interval would leave
them with the vote: the flush compares the stored values with the sent ones, finds them equal
and sends nothing. Read with the workshop held, in the transaction that read its `seq`.

Each function adds its kind to `stale` (when given) if what clients hold is not what is
stored: the connect then asks for a flush, which a flush lost with a killed process would
otherwise never send. A kept `state` (`live.states`) is not compared when served; on PostgreSQL
the process that served it compares in its next housekeeping round (`Live._compare_kept`).
"""

from sqlalchemy import bindparam, select

from .database import execute
from .domain import aggregates
from .models import SentAggregate

_SENT = SentAggregate.__table__.c
_ALL = select(_SENT.kind, _SENT.data).where(_SENT.workshop_id == bindparam("workshop"))


def sent(workshop_id: int) -> dict[str, dict]:
    """Each kind's values as last sent; a kind never sent is missing."""
    return dict(execute(_ALL, {"workshop": workshop_id}).all())


def votes(sent: dict, strategies, counts: dict[int, int],
          stale: set | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """(each strategy's count, its rank); `strategies` have `id` and `title`. A strategy not sent
    yet has its current ones: the next `votes.changed` carries it whatever they are."""
    current = {str(s["id"]): s for s in aggregates.ranked(
        {"id": s.id, "title": s.title, "votes": counts.get(s.id, 0)} for s in strategies)}
    last = sent.get("votes")
    tallies = aggregates.held(last and last["tallies"], {k: s["votes"] for k, s in current.items()})
    ranks = aggregates.held(last and last["ranks"], {k: s["rank"] for k, s in current.items()})
    _check(stale, "votes", tallies, {k: s["votes"] for k, s in current.items()})
    return {int(k): v for k, v in tallies.items()}, {int(k): v for k, v in ranks.items()}


def cards(sent: dict, ids, counts: dict[int, int], stale: set | None = None) -> dict[int, int]:
    """Each card's count; a card not sent yet has 0 (`card.added` said so)."""
    last = sent.get("card_votes")
    current = {str(i): counts.get(i, 0) for i in ids}
    held = aggregates.held(last and last["tallies"], current, missing=_zero)
    _check(stale, "card_votes", held, current)
    return {int(k): v for k, v in held.items()}


def determinants(sent: dict, entries: list[dict], comments: dict[str, list[str]] | None,
                 stale: set | None = None) -> list[dict]:
    """`entries` (`reads.determinant_entries`) as held, each with its `comments` (left out when
    `comments` is None: a participant's); a determinant not sent yet has nobody's scores, as
    `ratings.changed` compares it."""
    def shown(entry: dict, comments: list[str]) -> dict:
        return {**entry, "comments": comments} if with_comments else {k: v for k, v in entry.items()
                                                                      if k != "comments"}

    with_comments = comments is not None
    current = {d["key"]: shown(d, (comments or {}).get(d["key"], [])) for d in entries}
    nobody = {d["key"]: shown(d, []) for d in aggregates.determinants([], list(current))}
    held = {key: shown(entry, entry.get("comments", [])) for key, entry in
            aggregates.held(sent.get("ratings"), current, missing=nobody.__getitem__).items()}
    _check(stale, "ratings", held, current)
    return [held[d["key"]] for d in entries]


def _check(stale: set | None, kind: str, held: dict, current: dict) -> None:
    if stale is not None and held != current:
        stale.add(kind)


def _zero(_key: str) -> int:
    return 0
