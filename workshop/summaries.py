"""Summaries kept per workshop and audience while nothing in the workshop changed.

Building a summary reads every row of a workshop (20–40 ms of CPU for a large one, on the
event loop); an event's download or its plenary display needs every group's. A kept summary
is used again while the workshop's *version* is the same: what the summary is made of, in
a few grouped statements for any number of workshops:

- `last_seq`, which every recorded event raises (content, steps, settings, removals);
- the participants (how many, the newest, how many still have a name: joins are no events,
  retention erases names);
- the votes, scores and card votes, whose events are coalesced (stored at once, recorded up
  to AGGREGATE_INTERVAL later, and not at all when the totals did not move): their count,
  sum and sums weighted by who and what, so that a vote moved to another strategy or to
  another person's row changes the version as soon as it is stored;
- for a follow-up, the earlier workshop's version (its summary is part of this one's).

A kept summary carries the moment it was made; `get` returns it with `generated_at` set to
now, and with the digest of its content (`downloads.digest_of`, made once), which is what
rendered files are cached under.
"""

import threading
from collections import OrderedDict
from typing import NamedTuple

from flask import Flask, current_app
from sqlalchemy import BigInteger, case, cast, func, select

from . import downloads, reads
from .domain import events, redaction
from .domain import summary as summary_rules
from .domain.redaction import Viewer
from .extensions import db
from .models import CardVote, Participant, Rating, Vote, Workshop, utcnow


class Kept(NamedTuple):
    summary: dict
    digest: str


def _weighted(value, by):
    return func.sum(cast(value, BigInteger) * by)


def versions(workshops: list[Workshop]) -> dict[int, tuple]:
    """Each workshop's version (see the module's docstring), by id; the workshops' rows are
    read by the caller in the same transaction."""
    ids = [w.id for w in workshops]
    if not ids:
        return {}

    def per_workshop(model, *columns) -> dict[int, tuple]:
        return {row[0]: tuple(row[1:]) for row in db.session.execute(
            select(model.workshop_id, func.count(), *columns).where(model.workshop_id.in_(ids))
            .group_by(model.workshop_id))}

    people = per_workshop(Participant, func.max(Participant.id), func.count(Participant.name),
                          func.sum(case((Participant.removed, 1), else_=0)))
    votes = per_workshop(Vote, func.sum(Vote.count), _weighted(Vote.count, Vote.strategy_id),
                         _weighted(Vote.count, Vote.participant_id))
    ratings = per_workshop(Rating, func.sum(Rating.score), _weighted(Rating.score, Rating.participant_id),
                           func.count(Rating.comment), func.sum(func.length(Rating.comment)))
    card_votes = per_workshop(CardVote, func.sum(CardVote.count), _weighted(CardVote.count, CardVote.card_id),
                              _weighted(CardVote.count, CardVote.participant_id))
    return {w.id: (w.last_seq, people.get(w.id), votes.get(w.id), ratings.get(w.id), card_votes.get(w.id))
            for w in workshops}


def audience(viewer: Viewer) -> str:
    """A participant's copy depends on nothing personal (`redaction.people`): one audience."""
    return "facilitator" if viewer.facilitator else "participants"


class Summaries:
    """Kept summaries, the most recently used `size` (workshop, audience) pairs (a large
    workshop's is about 0.4 MB), and the comparisons made from them (`domain.events.comparison`)
    by the digests of their groups. `built` counts the summaries made, for tests."""

    def __init__(self, size: int = 64):
        self.size = size
        self.built = 0
        self._kept: OrderedDict[tuple[int, str], tuple[tuple, Kept]] = OrderedDict()
        self._compared: OrderedDict[tuple[str, ...], dict] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, w: Workshop, viewer: Viewer) -> Kept:
        return self.many([w], viewer)[0]

    def many(self, workshops: list[Workshop], viewer: Viewer | None = None) -> list[Kept]:
        """The summary of each workshop as `viewer` reads it (by default as its facilitator),
        made afresh only for those whose version changed since it was kept."""
        earlier = {w.id: reads.workshop_by_code(w.follow_up_of) for w in workshops if w.follow_up_of}
        found = versions([*workshops, *(e for e in earlier.values() if e is not None)])
        now = summary_rules.iso(utcnow())
        result = []
        for w in workshops:
            seen = viewer or redaction.viewer(w.facilitator_id, True)
            e = earlier.get(w.id)
            version = (found[w.id], found[e.id] if e is not None else None)
            key = (w.id, audience(seen))
            with self._lock:
                entry = self._kept.get(key)
                kept = entry[1] if entry is not None and entry[0] == version else None
                if kept is not None:
                    self._kept.move_to_end(key)
            if kept is None:
                summary = reads.summary(w, seen)
                kept = Kept(summary, downloads.digest_of(summary))
                with self._lock:
                    self.built += 1
                    self._kept[key] = (version, kept)
                    self._kept.move_to_end(key)
                    while len(self._kept) > self.size:
                        self._kept.popitem(last=False)
            result.append(Kept({**kept.summary, "generated_at": now}, kept.digest))
        return result

    def comparison(self, groups: list[Kept]) -> dict:
        """`domain.events.comparison` of these groups' summaries, made once per content."""
        key = tuple(g.digest for g in groups)
        with self._lock:
            found = self._compared.get(key)
            if found is not None:
                self._compared.move_to_end(key)
                return found
        made = events.comparison([g.summary for g in groups])
        with self._lock:
            self._compared[key] = made
            while len(self._compared) > self.size:
                self._compared.popitem(last=False)
        return made


def kept() -> Summaries:
    """This app's kept summaries."""
    return current_app.extensions["summaries"]


def init_app(app: Flask) -> None:
    app.extensions["summaries"] = Summaries()
