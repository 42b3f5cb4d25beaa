"""Determinant scores, vote tallies, ownership gaps and strategy ranks, from plain values."""

from collections.abc import Iterable

from .vocab import AREAS, DETERMINANTS, REQUIRED_ROLES


def determinant(key: str, scores: Iterable[int]) -> dict:
    """count, mean (two decimals; None while nobody scored) and a 1..5 histogram."""
    histogram = [0, 0, 0, 0, 0]
    for score in scores:
        histogram[score - 1] += 1
    return counted(key, histogram)


def counted(key: str, histogram: list[int]) -> dict:
    """`determinant` from how many gave each score, 1..5 (counted in SQL: five numbers per
    determinant however many people scored)."""
    count = sum(histogram)
    total = sum(n * (i + 1) for i, n in enumerate(histogram))
    mean = round(total / count, 2) if count else None
    return {"key": key, "count": count, "mean": mean, "histogram": histogram}


def determinants(ratings: Iterable[tuple[str, int]], keys: Iterable[str] = DETERMINANTS) -> list[dict]:
    """Aggregates for every determinant on the list (`keys`, in order), from (key, score) pairs;
    scores of determinants taken off the list are left out."""
    scores: dict[str, list[int]] = {key: [] for key in keys}
    for key, score in ratings:
        if key in scores:
            scores[key].append(score)
    return [determinant(key, found) for key, found in scores.items()]


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


def by_votes(items: Iterable[dict], label: str = "title") -> list[dict]:
    """Most votes first; within a tie by `label` (case-insensitive), then id."""
    return sorted(items, key=lambda i: (-(i["votes"] or 0), i[label].casefold(), i.get("id") or 0))


def ranked(strategies: Iterable[dict]) -> list[dict]:
    """Strategies by votes descending; ties share a rank (1, 2, 2, 4), ordered by title then id."""
    ordered = by_votes(strategies)
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


def held(sent: dict | None, current: dict, missing=None) -> dict:
    """What every client holds of each entry of `current` (keys as JSON keeps them): the value
    last sent, since `state` and the edits that carry a count give that, so the next flush's
    comparison with it reaches everyone. An entry not sent yet is `missing(key)`, what that flush
    compares it with, or its current value where that flush sends it whatever it is (no `missing`;
    nothing sent at all)."""
    if sent is None:
        return dict(current)
    return {key: sent[key] if key in sent else (value if missing is None else missing(key))
            for key, value in current.items()}
