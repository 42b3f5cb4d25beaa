"""Scaling goals: where the intervention stands and where it should go. No Flask, no database.

Success is looked at as reach (participants, providers, locations; local →
regional → national), quality and impact, and embedding in (policy)
structures (DOMAIN.md). Each measure has a `now` and a `goal`.
"""

COUNTS = ("participants", "providers", "locations")
LEVELS = ("local", "regional", "national")
EMBEDDING = ("no", "partly", "yes")
MEASURES = (*COUNTS, "level", "embedding")
NOTES = ("quality", "note")
SCALES = {"level": LEVELS, "embedding": EMBEDDING}


def empty() -> dict:
    return {**{m: {"now": None, "goal": None} for m in MEASURES}, **{n: None for n in NOTES}}


def normalize(stored: dict | None) -> dict:
    """Every measure and note present, whatever an older or partial record holds."""
    goals = empty()
    for measure in MEASURES:
        value = (stored or {}).get(measure) or {}
        goals[measure] = {"now": value.get("now"), "goal": value.get("goal")}
    for note in NOTES:
        goals[note] = (stored or {}).get(note)
    return goals


def merge(current: dict | None, changes: dict) -> dict:
    """Apply a partial change: a measure given as {now} keeps its goal, and the other way round."""
    goals = normalize(current)
    for key, value in changes.items():
        if key in MEASURES:
            goals[key] = {**goals[key], **value}
        elif key in NOTES:
            goals[key] = value
        else:
            raise KeyError(key)
    return goals


def is_set(goals: dict) -> bool:
    goals = normalize(goals)
    return any(v is not None for m in MEASURES for v in goals[m].values()) or any(goals[n] for n in NOTES)


def reached(measure: str, now, goal) -> bool | None:
    """Whether `now` is at or beyond `goal` on that measure's scale; None when either is unknown."""
    if now is None or goal is None:
        return None
    if measure in SCALES:
        scale = SCALES[measure]
        return scale.index(now) >= scale.index(goal)
    return now >= goal


def rows(goals: dict, before: dict | None = None) -> list[dict]:
    """One row per measure: now, goal, whether reached; with `before`, the earlier `now` and the change."""
    goals = normalize(goals)
    earlier = normalize(before) if before is not None else None
    result = []
    for measure in MEASURES:
        now, goal = goals[measure]["now"], goals[measure]["goal"]
        row = {"measure": measure, "now": now, "goal": goal, "reached": reached(measure, now, goal)}
        if earlier is not None:
            was = earlier[measure]["now"]
            row["before"] = was
            row["change"] = change(measure, was, now)
        result.append(row)
    return result


def change(measure: str, before, now):
    """For counts the difference; for levels and embedding the steps up (+) or down (−) the scale."""
    if before is None or now is None:
        return None
    if measure in SCALES:
        scale = SCALES[measure]
        return scale.index(now) - scale.index(before)
    return now - before
