"""Results per stakeholder group, only for groups large enough to stay anonymous. No Flask.

A group of fewer than MIN_GROUP participants is left out entirely, so no one's
votes or scores can be read off a group's totals.
"""

from collections import defaultdict
from collections.abc import Iterable

from . import aggregates
from .vocab import ACTOR_CATEGORIES

MIN_GROUP = 3
TOP_VOTES = 3  # how many of a group's most voted strategies summaries and screens name


def results(members: Iterable[tuple[int, str | None]], votes: Iterable[tuple[int, int, int]],
            ratings: Iterable[tuple[int, str, int]], strategies: Iterable[dict] = ()) -> list[dict]:
    """members: (participant_id, group); votes: (participant_id, strategy_id, count);
    ratings: (participant_id, determinant, score); strategies: {id, title}, for `top`.
    Groups in the vocabulary's order."""
    group_of = {pid: group for pid, group in members if group}
    sizes: dict[str, int] = defaultdict(int)
    for group in group_of.values():
        sizes[group] += 1
    shown = {g for g, n in sizes.items() if n >= MIN_GROUP}
    tallies: dict[str, dict[int, int]] = {g: defaultdict(int) for g in shown}
    for pid, strategy_id, count in votes:
        if group_of.get(pid) in shown:
            tallies[group_of[pid]][strategy_id] += count
    scores: dict[str, list[tuple[str, int]]] = {g: [] for g in shown}
    for pid, key, score in ratings:
        if group_of.get(pid) in shown:
            scores[group_of[pid]].append((key, score))
    strategies = list(strategies)
    totals = {g: [{"strategy_id": s, "votes": n} for s, n in sorted(tallies[g].items())] for g in shown}
    return [{"group": g, "participants": sizes[g], "votes": totals[g], "top": top(totals[g], strategies),
             "determinants": [{"key": d["key"], "count": d["count"], "mean": d["mean"]}
                              for d in aggregates.determinants(scores[g])]}
            for g in ACTOR_CATEGORIES if g in shown]


def top_strategies(strategies: Iterable[dict]) -> list[dict]:
    """The workshop's most voted strategies (each with `id`, `title`, `votes`), by the same rule
    as a group's: the first TOP_VOTES and every one tied with the last of them."""
    strategies = list(strategies)
    chosen = {t["strategy_id"] for t in top(({"strategy_id": s["id"], "votes": s["votes"]}
                                             for s in strategies), strategies)}
    return [s for s in aggregates.by_votes(strategies) if s["id"] in chosen]


def top(votes: Iterable[dict], strategies: Iterable[dict]) -> list[dict]:
    """A group's most voted strategies ({strategy_id, votes}) in the ranking's order
    (`aggregates.by_votes`): the first TOP_VOTES and every one tied with the last of them.
    `strategies` gives the titles ties are ordered by; strategies without votes are left out."""
    titles = {s["id"]: s["title"] for s in strategies}
    ranked = aggregates.by_votes({"id": v["strategy_id"], "title": titles.get(v["strategy_id"], ""),
                                  "votes": v["votes"]} for v in votes if v["votes"])
    cutoff = ranked[TOP_VOTES - 1]["votes"] if len(ranked) >= TOP_VOTES else 0
    return [{"strategy_id": r["id"], "votes": r["votes"]} for r in ranked if r["votes"] >= cutoff]
