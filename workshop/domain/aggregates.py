"""Determinant scores, vote tallies, ownership gaps and strategy ranks, from plain values."""

from collections.abc import Iterable

from .vocab import AREAS, DETERMINANTS, REQUIRED_ROLES


def determinant(key: str, scores: Iterable[int]) -> dict:
    """count, mean (two decimals; None while nobody scored) and a 1..5 histogram."""
    histogram = [0, 0, 0, 0, 0]
    for score in scores:
        histogram[score - 1] += 1
    count = sum(histogram)
    total = sum(n * (i + 1) for i, n in enumerate(histogram))
    mean = round(total / count, 2) if count else None
    return {"key": key, "count": count, "mean": mean, "histogram": histogram}


def determinants(ratings: Iterable[tuple[str, int]]) -> list[dict]:
    """Aggregates for every determinant, in the contract's order, from (key, score) pairs."""
    scores: dict[str, list[int]] = {key: [] for key in DETERMINANTS}
    for key, score in ratings:
        scores[key].append(score)
    return [determinant(key, scores[key]) for key in DETERMINANTS]


def weakest(determinants: Iterable[dict]) -> list[str]:
    """The keys of the determinants with the lowest mean, all of them when tied (in the contract's
    order); empty while nobody scored. Means are compared as reported (two decimals)."""
    scored = [d for d in determinants if d["mean"] is not None]
    lowest = min((d["mean"] for d in scored), default=None)
    return [d["key"] for d in scored if d["mean"] == lowest]


def ownership_gaps(assignments: Iterable[tuple[str, str]]) -> list[dict]:
    """Areas missing a driver or an accountable, from (area, role) pairs; complete areas left out."""
    present: dict[str, set[str]] = {area: set() for area in AREAS}
    for area, role in assignments:
        present[area].add(role)
    gaps = []
    for area in AREAS:
        missing = [role for role in REQUIRED_ROLES if role not in present[area]]
        if missing:
            gaps.append({"area": area, "missing": missing})
    return gaps


def ranked(strategies: Iterable[dict]) -> list[dict]:
    """Strategies by votes descending; ties share a rank (1, 2, 2, 4), ordered by title then id."""
    ordered = sorted(strategies, key=lambda s: (-(s["votes"] or 0), s["title"].casefold(), s["id"]))
    result, rank, previous = [], 0, None
    for position, strategy in enumerate(ordered, start=1):
        votes = strategy["votes"] or 0
        if votes != previous:
            rank, previous = position, votes
        result.append({**strategy, "rank": rank})
    return result


def changed(before: dict, now: dict, default=None) -> dict:
    """The entries of `now` that differ from `before` (keys as strings, as JSON keeps them);
    an entry missing from `before` counts as `default`."""
    return {key: value for key, value in now.items() if before.get(key, default) != value}
