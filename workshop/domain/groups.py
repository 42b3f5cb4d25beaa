"""Results per stakeholder group, only for groups large enough to stay anonymous. No Flask.

A group of fewer than MIN_GROUP participants is left out entirely, so no one's
votes or scores can be read off a group's totals.
"""

from collections import defaultdict
from collections.abc import Iterable

from . import aggregates
from .vocab import ACTOR_CATEGORIES

MIN_GROUP = 3


def results(members: Iterable[tuple[int, str | None]], votes: Iterable[tuple[int, int, int]],
            ratings: Iterable[tuple[int, str, int]]) -> list[dict]:
    """members: (participant_id, group); votes: (participant_id, strategy_id, count);
    ratings: (participant_id, determinant, score). Groups in the vocabulary's order."""
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
    return [{"group": g, "participants": sizes[g],
             "votes": [{"strategy_id": s, "votes": n} for s, n in sorted(tallies[g].items())],
             "determinants": [{"key": d["key"], "count": d["count"], "mean": d["mean"]}
                              for d in aggregates.determinants(scores[g])]}
            for g in ACTOR_CATEGORIES if g in shown]
