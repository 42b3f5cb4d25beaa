"""Events: parallel workshops (the groups) of one meeting, and its plenary. No Flask, no database.

An event holds 1..MAX_GROUPS groups; each group is an ordinary workshop. The
plenary compares what the groups found, from each group's summary.json.
"""

from .aggregates import by_votes
from .rules import RuleError

MIN_GROUPS, MAX_GROUPS = 1, 12
MAX_SLIDES = 20
TOP_THEMES = 3  # per group on the plenary and in the report's comparison
TOP_CARDS = 2  # per theme
TOP_INSIGHTS = 3
TOP_STRATEGIES = 3


def check_groups(count: int) -> None:
    if not MIN_GROUPS <= count <= MAX_GROUPS:
        raise RuleError("invalid", f"An event has {MIN_GROUPS} to {MAX_GROUPS} groups.")


def check_slides(count: int) -> None:
    if count > MAX_SLIDES:
        raise RuleError("invalid", f"An event opens with at most {MAX_SLIDES} slides.")


def authorize(organiser: bool) -> None:
    """Only the organiser (the event's token or the account that created it) reads the event,
    its overview and its report, and moves the groups to the plenary."""
    if not organiser:
        raise RuleError("unauthorized", "The event's organiser token is needed.")


def plenary_step(agenda: list[dict]) -> dict:
    """Where a group goes when the organiser moves everyone to the plenary: the step just before
    `closed` (the plenary slide every group gets when the event is made), unless that is the lobby."""
    before_end = agenda[-2] if len(agenda) >= 2 else agenda[-1]
    return before_end if before_end["kind"] != "lobby" else agenda[-1]


def _top_themes(summary: dict) -> list[dict]:
    themes = [{"title": th["title"], "votes": th["votes"], "question": q["title"],
               "cards": [c["text"] for c in th["cards"][:TOP_CARDS]]}
              for q in summary.get("questions") or () if q["on_agenda"] for th in q["themes"]]
    return by_votes(themes)[:TOP_THEMES]


def _top_cards(summary: dict) -> list[dict]:
    """The cards that mattered: most votes first, themed or not (those with votes only)."""
    cards = [{"text": c["text"], "votes": c["votes"]}
             for q in summary.get("questions") or () if q["on_agenda"]
             for c in [*(c for th in q["themes"] for c in th["cards"]), *q["unthemed"]] if c["votes"]]
    return by_votes(cards, "text")[:TOP_THEMES]


def comparison(groups: list[dict]) -> dict:
    """What the plenary shows and the report ends with: per group (from its summary.json) its
    questions, top themes, cards that mattered, insights and top strategies; the determinant
    means side by side (a row per determinant any group scored, None where a group did not)."""
    columns = []
    labels: dict[str, str] = {}
    for summary in groups:
        w = summary["workshop"]
        asked = [q for q in summary.get("questions") or () if q["on_agenda"]]
        scored = {d["key"]: d["mean"] for d in summary["determinants"] if d["count"]}
        for d in summary["determinants"]:
            if d["count"]:
                labels.setdefault(d["key"], d["label"])
        columns.append({
            "code": w["code"], "title": w["title"], "intervention": w["intervention"],
            "participants": summary["participants"]["count"],
            "questions": [{"title": q["title"], "prompt": q["prompt"]} for q in asked],
            "themes": _top_themes(summary),
            "cards": _top_cards(summary),
            "insights": [text for q in asked for text in q["insights"]][:TOP_INSIGHTS],
            "strategies": [{"title": s["title"], "votes": s["votes"]}
                           for s in summary["strategies"] if s["votes"]][:TOP_STRATEGIES],
            "means": scored,
        })
    determinants = [{"key": key, "label": label, "means": [c["means"].get(key) for c in columns]}
                    for key, label in labels.items()]
    for c in columns:
        del c["means"]
    return {"groups": columns, "determinants": determinants}
