"""What the agenda events do: replace the agenda, move everyone to a step, and v1's phases
as the first step of their kind."""

from sqlalchemy import select

from .. import shapes
from ..domain import agenda as agendas
from ..extensions import db
from ..models import Step, utcnow
from .change import Change, apply


def move(change: Change, step: dict) -> dict:
    """Everyone to this step; its kind is the workshop's phase (the closed step stamps `closed_at`)."""
    w = change.stored()
    if w.step_id == step["id"]:
        return {}
    w.step_id, w.phase = step["id"], step["kind"]
    if step["kind"] == "closed":
        w.closed_at = utcnow()
    change.record("phase.changed", {"phase": step["kind"], "step": step["id"]})
    return {}


def phase_set(change: Change, p) -> dict:
    """The first step of that kind; nothing when the current step already has it."""
    w = change.stored()
    step = agendas.first_of(p.phase, shapes.agenda_json(w))
    if w.phase == p.phase:
        return {}
    return move(change, step)


def step_set(change: Change, p) -> dict:
    return move(change, agendas.find(p.step, shapes.agenda_json(change.stored())))


def agenda_set(change: Change, p) -> dict:
    """Replace the agenda: kept steps keep their id and content, left-out ones stay stored."""
    w = change.stored()
    rows = {st.id: st for st in db.session.scalars(select(Step).where(Step.workshop_id == w.id))}
    current = [st["id"] for st in shapes.agenda_json(w)]
    steps, order = agendas.merge([shapes.step_json(st) for st in rows.values()], current,
                                 [item.given() for item in p.agenda], w.step_id)
    positions = {step_id: n for n, step_id in enumerate(order)}
    changed = False
    for st in steps:
        row = rows.get(st["id"])
        if row is None:
            row = Step(workshop_id=w.id, id=st["id"], kind=st["kind"])
            db.session.add(row)
            changed = True
        changed |= apply(row, {"title": st["title"], "prompt": st["prompt"],
                               "position": positions.get(st["id"])})
    db.session.flush()
    db.session.expire(w, ["steps"])
    agenda = shapes.agenda_json(w)
    if changed:
        off = [shapes.step_json(st) for st in shapes.steps_off_agenda(w)]
        change.record("agenda.changed", {"agenda": agenda, "off_agenda": off})
    return {"agenda": agenda}
