"""A workshop's own content: its determinant list, and saving its agenda, determinants and
strategies as a template for the next workshop."""

from .. import held, reads, shapes
from ..domain import determinants as determinant_lists
from .change import Change
from .create import save_template


def determinants_set(change: Change, p) -> dict:
    """Determinants taken off the list keep their scores and can come back by key."""
    w = change.workshop
    known, shown = determinant_lists.merge(w.determinants, [item.given() for item in p.determinants])
    stored = determinant_lists.to_store(known, shown)
    if stored != w.determinants:
        w.determinants = stored
        data = {"workshop": shapes.workshop_json(w), "determinants": _held(w)}
        change.record("determinants.changed", data)
        change.aggregates.add("ratings")  # what was last sent follows the new list
        return data
    return {"workshop": shapes.workshop_json(w), "determinants": _held(w)}


def _held(w) -> list[dict]:
    """The list's scores as every client holds them: the next `ratings.changed` follows."""
    entries = held.determinants(held.sent(w.id), reads.determinant_entries(w), {})
    return [{k: v for k, v in d.items() if k != "comments"} for d in entries]


def template_save(change: Change, p) -> dict:
    """Saving changes nothing in the workshop: answered, not broadcast."""
    return {"template": shapes.template_json(save_template(change.workshop, p.name))}
