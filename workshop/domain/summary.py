"""The outcome of a workshop as `summary.json` (PROTOCOL.md), from plain values.

Other formats (Markdown, CSV, PDF) are rendered from this dict, so every
download says the same thing.
"""

from datetime import datetime

from . import agenda as agendas
from . import aggregates, goals, questions, redaction, review
from . import determinants as determinant_lists
from .redaction import Viewer


def build(*, viewer: Viewer, workshop: dict, created_at: datetime, closed_at: datetime | None,
          participants: list[dict], actors: list[dict], ownership: list[dict], stages: dict,
          ratings: list[dict], strategies: list[dict], actions: list[dict],
          generated_at: datetime, before: dict | None = None, groups: list[dict] | None = None,
          steps: list[dict] | None = None, cards: list[dict] = (), themes: list[dict] = (),
          insights: list[dict] = (), determinant_list: list[dict] | None = None,
          facilitator_name: str | None = None, review_items: list[dict] = ()) -> dict:
    """The summary as `viewer` may read it (who took part: `redaction.people`).

    participants: {name, role, anonymous}; ownership: {actor_id, area, role}; ratings: {key,
    score, comment}; strategies: {id, title, category, votes, description?, origin?}; `before` is
    the earlier workshop's summary; `groups` the per-group results (domain.groups), already
    limited to groups large enough; steps: every step, also those taken off the agenda
    (`workshop["agenda"]` is the agenda); cards, themes, insights as `domain.questions` takes
    them; determinant_list: the workshop's stored list (None: the built-in five); review_items:
    the action review's items (`shapes.review_item_json`)."""
    language = workshop["language"]
    hidden = redaction.facts(votes_hidden=not workshop["results_visible"])
    votes_hidden = not redaction.sees_votes(viewer, hidden)
    if votes_hidden:  # counted as none, so that nothing is ordered by them either
        strategies = [{**s, "votes": None} for s in strategies]
        cards = [{**c, "votes": None} for c in cards]
    names = {a["id"]: a["name"] for a in actors}
    titles = {s["id"]: s["title"] for s in strategies}
    agenda = workshop.get("agenda") or agendas.template("scaling")
    on_agenda = [s["id"] for s in agenda]
    steps = steps if steps is not None else agenda
    listed = determinant_lists.listed(determinant_list)
    scores = aggregates.determinants(((r["key"], r["score"]) for r in ratings), [d["key"] for d in listed])
    determinants = [
        {**d, "label": determinant_lists.label(entry, language),
         "comments": [r["comment"] for r in ratings if r["key"] == d["key"] and r["comment"]]}
        for d, entry in zip(scores, listed, strict=True)]
    people = redaction.people(viewer, participants, workshop["settings"]["anonymous"])
    action_rows = [{**a, "owner": names.get(a["owner_actor_id"]), "strategy": titles.get(a["strategy_id"])}
                   for a in actions]
    summary = {
        "workshop": {**workshop, "created_at": iso(created_at), "closed_at": iso(closed_at),
                     "facilitator_name": facilitator_name},
        "generated_at": iso(generated_at),
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
        "actions": action_rows,
        "goals": {"measures": goals.rows(workshop.get("goals")),
                  **{n: goals.normalize(workshop.get("goals"))[n] for n in goals.NOTES}},
        "groups": groups or [],
        "compared_to": None,
        "agenda": agenda,
        "questions": questions.questions(steps=steps, on_agenda=on_agenda, cards=list(cards),
                                         themes=list(themes), insights=list(insights), language=language),
        "slides": questions.slides(steps=steps, on_agenda=on_agenda, language=language),
        "review": review.section(list(review_items), action_rows),
    }
    if before is not None:
        summary["compared_to"] = compare(before, summary)
    return redaction.without_results(summary) if votes_hidden else summary


def compare(before: dict, now: dict) -> dict:
    """What changed since the earlier workshop: scores, ownership gaps, actions done, stages.
    Scores and ownership are compared only when both agendas have that step (`kinds`: the step
    kinds both share); otherwise those lists are empty."""
    shared = agendas.kinds_on(before.get("agenda") or agendas.template("scaling")) \
        & agendas.kinds_on(now["agenda"])
    means_before = {d["key"]: d["mean"] for d in before["determinants"]}
    means_now = {d["key"]: d["mean"] for d in now["determinants"]}
    keys = [d["key"] for d in now["determinants"]]
    keys += [d["key"] for d in before["determinants"] if d["key"] not in means_now]
    owned = "ownership" in shared
    gaps_before = _gap_pairs(before) if owned else []
    gaps_now = _gap_pairs(now) if owned else []
    return {
        "code": before["workshop"]["code"],
        "kinds": [k for k in agendas.KINDS if k in shared],
        "determinants": [{"key": k, "mean_before": means_before.get(k), "mean_now": means_now.get(k)}
                         for k in keys] if "determinants" in shared else [],
        "gaps_closed": [{"area": a, "role": r} for a, r in gaps_before if (a, r) not in gaps_now],
        "gaps_new": [{"area": a, "role": r} for a, r in gaps_now if (a, r) not in gaps_before],
        "actions_done": sum(1 for a in now["actions"] if a["status"] == "done"),
        "stages": [{"area": area, "before": before["ownership"]["stages"].get(area), "now": stage}
                   for area, stage in now["ownership"]["stages"].items()] if owned else [],
        "goals": goals.rows(now["workshop"].get("goals"), before["workshop"].get("goals")),
    }


def _gap_pairs(summary: dict) -> list[tuple[str, str]]:
    return [(g["area"], role) for g in summary["ownership"]["gaps"] for role in g["missing"]]


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") + "Z" if moment else None
