"""What question and info steps produced, for summaries: themes by votes, cards by votes,
unthemed cards and insights per question; the slides. No Flask, no database."""

from collections import defaultdict

from . import agenda as agendas
from .aggregates import by_votes


def _card(card: dict) -> dict:
    return {"id": card["id"], "text": card["text"], "votes": card["votes"] or 0}


def _ordered_steps(steps: list[dict], on_agenda: list[str], kind: str) -> list[tuple[dict, bool]]:
    """Steps of one kind: those on the agenda in its order, then those left off it, oldest first."""
    by_id = {s["id"]: s for s in steps}
    shown = [(by_id[i], True) for i in on_agenda if by_id[i]["kind"] == kind]
    rest = sorted((s for s in steps if s["kind"] == kind and s["id"] not in on_agenda),
                  key=lambda s: agendas.number_of(s["id"]))
    return shown + [(s, False) for s in rest]


def _titles(steps: list[dict], on_agenda: list[str], language: str, kind: str) -> dict[str, str]:
    """Default titles are numbered along the agenda when there is more than one of the kind."""
    ordered = _ordered_steps(steps, on_agenda, kind)
    several = len(ordered) > 1
    return {s["id"]: agendas.title(s, language, n if several else None)
            for n, (s, _) in enumerate(ordered, start=1)}


def questions(*, steps: list[dict], on_agenda: list[str], cards: list[dict], themes: list[dict],
              insights: list[dict], language: str) -> list[dict]:
    """steps: every step ({id, kind, title, prompt}); on_agenda: the agenda's ids in order;
    cards: {id, step, text, theme_id, votes}; themes: {id, step, title}; insights: {id, step, text}.
    A theme's votes are its cards' votes; themes and cards most votes first, then by title / text."""
    cards_of: dict[int | None, list[dict]] = defaultdict(list)
    unthemed: dict[str, list[dict]] = defaultdict(list)
    for card in cards:
        if card["theme_id"] is None:
            unthemed[card["step"]].append(_card(card))
        else:
            cards_of[card["theme_id"]].append(_card(card))
    themes_of: dict[str, list[dict]] = defaultdict(list)
    for theme in themes:
        mine = by_votes(cards_of[theme["id"]], "text")
        themes_of[theme["step"]].append({"id": theme["id"], "title": theme["title"],
                                         "votes": sum(c["votes"] for c in mine), "cards": mine})
    insights_of: dict[str, list[str]] = defaultdict(list)
    for insight in sorted(insights, key=lambda i: i["id"]):
        insights_of[insight["step"]].append(insight["text"])
    titles = _titles(steps, on_agenda, language, "question")
    return [{"step": s["id"], "title": titles[s["id"]], "prompt": agendas.prompt(s, language),
             "on_agenda": shown, "themes": by_votes(themes_of[s["id"]]),
             "unthemed": by_votes(unthemed[s["id"]], "text"), "insights": insights_of[s["id"]]}
            for s, shown in _ordered_steps(steps, on_agenda, "question")]


def slides(*, steps: list[dict], on_agenda: list[str], language: str) -> list[dict]:
    titles = _titles(steps, on_agenda, language, "info")
    return [{"step": s["id"], "title": titles[s["id"]], "text": s["prompt"] or "", "on_agenda": shown}
            for s, shown in _ordered_steps(steps, on_agenda, "info")]
