"""The intervention's timeline: the chain of follow-up workshops one workshop belongs to, and per
workshop the figures it compares over the years (determinant means, ownership gaps, stages, scaling
goals, actions). Built from plain summaries (`summary.json` dicts). No Flask, no database."""

from collections.abc import Callable, Iterable

from .vocab import ACTION_STATUSES, DETERMINANTS

MAX_WORKSHOPS = 100  # a chain longer than this is cut off (the oldest stay)


def family(start: str, parent_of: Callable[[str], str | None],
           children_of: Callable[[list[str]], Iterable[str]]) -> list[str]:
    """Every workshop code in the chain `start` belongs to: up to its first workshop, then every
    follow-up of that one, of its follow-ups and so on (a chain may branch). Unordered."""
    root, seen = start, {start}
    while (parent := parent_of(root)) is not None and parent not in seen and len(seen) < MAX_WORKSHOPS:
        seen.add(parent)
        root = parent
    found, frontier = [root], [root]
    while frontier and len(found) < MAX_WORKSHOPS:
        frontier = [c for c in children_of(frontier) if c not in found]
        found.extend(frontier[:MAX_WORKSHOPS - len(found)])
    return found


def entry(summary: dict) -> dict:
    """One workshop on the timeline: the contract's figures and, for the page, the details behind them."""
    w = summary["workshop"]
    actions = summary["actions"]
    return {
        "code": w["code"], "title": w["title"], "intervention": w["intervention"], "phase": w["phase"],
        "created_at": w["created_at"], "closed_at": w["closed_at"], "follow_up_of": w["follow_up_of"],
        "participants": summary["participants"]["count"],
        "determinants": [{"key": d["key"], "mean": d["mean"], "count": d["count"]}
                         for d in summary["determinants"]],
        "gaps": summary["ownership"]["gaps"],
        "stages": summary["ownership"]["stages"],
        "actions": {status: sum(1 for a in actions if a["status"] == status) for status in ACTION_STATUSES},
        "action_items": [{"title": a["title"], "status": a["status"], "due": a["due"], "owner": a["owner"]}
                         for a in actions],
        "goals": summary["goals"],
        "review": [{"title": i["title"], "outcome": i["outcome"], "note": i["note"]}
                   for i in (summary.get("review") or {}).get("items", [])],
    }


def _gap_pairs(gaps: list[dict]) -> set[tuple[str, str]]:
    return {(g["area"], role) for g in gaps for role in g["missing"]}


def gap_changes(earlier: dict | None, now: dict) -> dict:
    """Gaps closed since the earlier workshop and gaps that opened (as {area, role})."""
    if earlier is None:
        return {"gaps_closed": [], "gaps_opened": []}
    before, after = _gap_pairs(earlier["gaps"]), _gap_pairs(now["gaps"])
    order = sorted(before | after)
    return {"gaps_closed": [{"area": a, "role": r} for a, r in order if (a, r) in before - after],
            "gaps_opened": [{"area": a, "role": r} for a, r in order if (a, r) in after - before]}


def action_history(entries: list[dict]) -> list[dict]:
    """Each action across the workshops, matched by title (a follow-up carries open actions over
    under their title): its status in each workshop, or None where it does not appear, and the
    outcome each workshop's action review gave it (None where it was not reviewed)."""
    rows: dict[str, dict] = {}

    def row(title: str) -> dict:
        return rows.setdefault(" ".join(title.casefold().split()), {
            "title": title, "statuses": [None] * len(entries), "outcomes": [None] * len(entries)})

    for i, e in enumerate(entries):
        for item in e["action_items"]:
            row(item["title"])["statuses"][i] = item["status"]
        for item in e["review"]:
            row(item["title"])["outcomes"][i] = item["outcome"]
    return list(rows.values())


def build(summaries: list[dict]) -> dict:
    """The timeline of a chain, oldest first: `summaries` in any order."""
    unordered = [entry(s) for s in summaries]
    by_code = {e["code"]: e for e in unordered}

    def depth(e: dict) -> int:
        steps, seen = 0, {e["code"]}
        while (e := by_code.get(e["follow_up_of"])) is not None and e["code"] not in seen:
            seen.add(e["code"])
            steps += 1
        return steps

    # Dates are to the second: within one second a follow-up still comes after the workshop it follows.
    entries = sorted(unordered, key=lambda e: (e["created_at"] or "", depth(e), e["code"]))
    for i, e in enumerate(entries):
        earlier = by_code.get(e["follow_up_of"]) or (entries[i - 1] if i else None)
        e.update(gap_changes(earlier, e))
    return {
        "workshops": entries,
        "determinant_keys": list(DETERMINANTS),
        "action_history": action_history(entries),
    }
