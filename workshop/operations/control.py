"""What the facilitator's controls do: results, lock, settings, countdown, goals, removing a
participant (the phase: `agenda`)."""

from datetime import timedelta

from sqlalchemy import delete

from .. import shapes
from ..domain import goals, rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Connection, Participant, Rating, Vote, utcnow
from ..tokens import new_token
from ..validation import Schema
from . import aggregates
from .change import Change, apply, get


def results_show(change: Change, p) -> dict:
    w = change.stored()
    if w.results_visible == p.visible:
        return {}
    w.results_visible = p.visible
    data = {"workshop": shapes.workshop_json(w)}
    if p.visible:
        data.update(aggregates.shown(w))
    change.record("workshop.updated", data)
    return {}


def workshop_lock(change: Change, p) -> dict:
    w = change.stored()
    if w.locked != p.locked:
        w.locked = p.locked
        change.record("workshop.updated", {"workshop": shapes.workshop_json(w)})
    return {}


def workshop_settings(change: Change, p) -> dict:
    w = change.stored()
    fields = p.given()
    if None in (value for key, value in fields.items() if key != "description"):
        raise RuleError("invalid", "Settings cannot be null.")
    rules.VoteSettings(fields.get("votes_per_participant", w.votes_per_participant),
                       fields.get("max_votes_per_strategy", w.max_votes_per_strategy)).checked()
    if apply(w, fields):
        change.record("workshop.updated", {"workshop": shapes.workshop_json(w)})
    return {"workshop": shapes.workshop_json(w)}


def timer_set(change: Change, p) -> dict:
    """A countdown everyone sees; 0 clears it. The end time is absolute, so late joiners agree."""
    w = change.stored()
    if p.seconds == 0 and w.timer_ends_at is None:
        return {}
    w.timer_seconds = p.seconds or None
    w.timer_ends_at = utcnow() + timedelta(seconds=p.seconds) if p.seconds else None
    timer = shapes.timer_json(w)
    change.record("timer.changed", timer)
    return {"timer": timer}


def goals_set(change: Change, p) -> dict:
    w = change.stored()
    fields = {key: value.given() if isinstance(value, Schema) else value for key, value in p.given().items()}
    if any(value is None for key, value in fields.items() if key in goals.MEASURES):
        raise RuleError("invalid", "A measure is an object {now?, goal?}, not null.")
    updated = goals.merge(w.goals, fields)
    if updated != goals.normalize(w.goals):
        w.goals = updated
        change.record("goals.changed", {"goals": updated})
    return {"goals": updated}


def participant_remove(change: Change, p) -> dict:
    """The facilitator removes someone: gone from `participants`, their token replaced (so it
    works nowhere), their connections forgotten (the caller closes them). What they added stays;
    with `content` their votes and scores go too and the aggregates follow."""
    person = get(Participant, p.id, change, "participant")
    if person.facilitator:
        raise RuleError("invalid", "The facilitator cannot be removed.")
    if person.removed:
        return {}
    person.removed = True
    person.token_hash = new_token()[1]
    db.session.execute(delete(Connection).where(Connection.participant_id == person.id))
    if p.content:
        db.session.execute(delete(Vote).where(Vote.participant_id == person.id))
        db.session.execute(delete(Rating).where(Rating.participant_id == person.id))
        change.aggregates.update({"votes", "ratings"})
    change.record("participant.removed", {"id": person.id})
    return {}
