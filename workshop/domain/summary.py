"""The outcome of a workshop as `summary.json` (PROTOCOL.md), from plain values.

Other formats (Markdown, CSV, PDF) are rendered from this dict, so every
download says the same thing.
"""

from datetime import datetime

from ..i18n import translate
from . import aggregates, goals, redaction
from .redaction import Viewer
from .vocab import DETERMINANTS


def build(*, viewer: Viewer, workshop: dict, created_at: datetime, closed_at: datetime | None,
          participants: list[dict], actors: list[dict], ownership: list[dict], stages: dict,
          ratings: list[dict], strategies: list[dict], actions: list[dict],
          generated_at: datetime, before: dict | None = None, groups: list[dict] | None = None,
          facilitator_name: str | None = None) -> dict:
    """The summary as `viewer` may read it (who took part: `redaction.people`).

    participants: {name, role, anonymous}; ownership: {actor_id, area, role}; ratings: {key,
    score, comment}; strategies: {id, title, category, votes, description?, origin?}; `before` is
    the earlier workshop's summary; `groups` the per-group results (domain.groups), already
    limited to groups large enough."""
    language = workshop["language"]
    names = {a["id"]: a["name"] for a in actors}
    titles = {s["id"]: s["title"] for s in strategies}
    scores = aggregates.determinants((r["key"], r["score"]) for r in ratings)
    determinants = [
        {**d, "label": translate(language, f"determinant.{d['key']}"),
         "comments": [r["comment"] for r in ratings if r["key"] == d["key"] and r["comment"]]}
        for d in scores]
    people = redaction.people(viewer, participants, workshop["settings"]["anonymous"])
    summary = {
        "workshop": {**workshop, "created_at": _iso(created_at), "closed_at": _iso(closed_at),
                     "facilitator_name": facilitator_name},
        "generated_at": _iso(generated_at),
        "participants": people,
        "actors": actors,
        "ownership": {
            "assignments": [{"actor": names[o["actor_id"]], "actor_id": o["actor_id"], "area": o["area"],
                             "role": o["role"]} for o in ownership],
            "stages": stages,
            "gaps": aggregates.ownership_gaps((o["area"], o["role"]) for o in ownership),
        },
        "determinants": determinants,
        "weakest": aggregates.weakest(determinants),
        "strategies": aggregates.ranked(strategies),
        "actions": [{**a, "owner": names.get(a["owner_actor_id"]),
                     "strategy": titles.get(a["strategy_id"])} for a in actions],
        "goals": {"measures": goals.rows(workshop.get("goals")),
                  **{n: goals.normalize(workshop.get("goals"))[n] for n in goals.NOTES}},
        "groups": groups or [],
        "compared_to": None,
    }
    if before is not None:
        summary["compared_to"] = compare(before, summary)
    return summary


def compare(before: dict, now: dict) -> dict:
    """What changed since the earlier workshop: scores, ownership gaps, actions done, stages."""
    means_before = {d["key"]: d["mean"] for d in before["determinants"]}
    means_now = {d["key"]: d["mean"] for d in now["determinants"]}
    gaps_before = _gap_pairs(before)
    gaps_now = _gap_pairs(now)
    return {
        "code": before["workshop"]["code"],
        "determinants": [{"key": k, "mean_before": means_before.get(k), "mean_now": means_now.get(k)}
                         for k in DETERMINANTS],
        "gaps_closed": [{"area": a, "role": r} for a, r in gaps_before if (a, r) not in gaps_now],
        "gaps_new": [{"area": a, "role": r} for a, r in gaps_now if (a, r) not in gaps_before],
        "actions_done": sum(1 for a in now["actions"] if a["status"] == "done"),
        "stages": [{"area": area, "before": before["ownership"]["stages"].get(area), "now": stage}
                   for area, stage in now["ownership"]["stages"].items()],
        "goals": goals.rows(now["workshop"].get("goals"), before["workshop"].get("goals")),
    }


def _gap_pairs(summary: dict) -> list[tuple[str, str]]:
    return [(g["area"], role) for g in summary["ownership"]["gaps"] for role in g["missing"]]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None
