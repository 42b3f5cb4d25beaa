"""Workshop templates: the built-in agendas, and a workshop's own agenda, determinant list and
strategy catalogue saved to start the next workshop from. No Flask, no database."""

from . import agenda as agendas
from . import determinants as determinant_lists
from .catalog import catalog
from .rules import RuleError

BUILT_IN = tuple(agendas.TEMPLATES)


def content(*, agenda: list[dict], determinants: list[dict] | None, strategies: list[dict]) -> dict:
    """What a saved template keeps: the agenda's wording (not its ids), the determinants on the
    list and the strategies (title, category, description), in order."""
    return {
        "agenda": [{"kind": s["kind"], "title": s["title"], "prompt": s["prompt"]} for s in agenda],
        "determinants": determinant_lists.listed(determinants),
        "strategies": [{"title": s["title"], "category": s["category"], "description": s["description"]}
                       for s in strategies],
    }


def start(name_or_content: str | dict | None, *, language: str, follow_up: bool) -> dict:
    """What a new workshop starts from: {agenda (steps), determinants (the stored column; None is
    the built-in list, or for a follow-up the earlier workshop's), strategies (catalogue rows; None
    for a follow-up, which carries over the earlier ones)}."""
    if isinstance(name_or_content, dict):
        saved = name_or_content
        steps = agendas.create(saved["agenda"])
        entries = saved["determinants"]
        return {"agenda": steps,
                "determinants": determinant_lists.to_store(entries, [e["key"] for e in entries]),
                "strategies": None if follow_up
                else [{**s, "origin": "catalog"} for s in saved["strategies"]]}
    name = name_or_content or ("follow_up" if follow_up else "scaling")
    if name not in BUILT_IN:
        raise RuleError("not_found", f"No template {name!r}.")
    return {"agenda": agendas.template(name), "determinants": None,
            "strategies": None if follow_up else catalog(language)}
