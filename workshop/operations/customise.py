"""A workshop's own content: its determinant list, and saving its agenda, determinants and
strategies as a template for the next workshop."""

from .. import reads, shapes
from ..domain import determinants as determinant_lists
from . import aggregates
from .change import Change
from .create import save_template


def determinants_set(change: Change, p) -> dict:
    """Determinants taken off the list keep their scores and can come back by key."""
    w = change.stored()
    known, shown = determinant_lists.merge(w.determinants, [item.given() for item in p.determinants])
    stored = determinant_lists.to_store(known, shown)
    if stored != w.determinants:
        w.determinants = stored
        data = {"workshop": shapes.workshop_json(w), "determinants": reads.determinant_entries(w)}
        change.record("determinants.changed", data)
        aggregates.carried(w.id, "ratings", {d["key"]: d for d in data["determinants"]})
        change.aggregates.add("ratings")  # the facilitator's comments go out again
        return data
    return {"workshop": shapes.workshop_json(w), "determinants": reads.determinant_entries(w)}


def template_save(change: Change, p) -> dict:
    """Saving changes nothing in the workshop: answered, not broadcast."""
    return {"template": shapes.template_json(save_template(change.stored(), p.name))}
