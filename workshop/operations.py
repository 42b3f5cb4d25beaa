"""What each client event does to a workshop, inside one database transaction.

Each operation gets a `Change` (the locked workshop, who acts, the events to
record) and the validated payload, and returns its ack. A refused change raises
RuleError before anything is committed; a change that changes nothing records
no event.
"""

from datetime import timedelta

from sqlalchemy import delete, select, update

from . import store
from .domain import goals, rules
from .domain.rules import RuleError
from .extensions import db
from .models import (
    Action,
    Actor,
    Connection,
    Event,
    Ownership,
    Participant,
    Rating,
    Stage,
    Strategy,
    Vote,
    Workshop,
)
from .schemas import Schema


class Change:
    """One write to one workshop: the events it records get consecutive `seq` numbers."""

    def __init__(self, workshop: Workshop, by: Participant | None):
        self.workshop = workshop
        self.by = by
        self.events: list[Event] = []
        self.aggregates: set[str] = set()

    def record(self, type_: str, data: dict, participant_data: dict | None = None) -> None:
        w = self.workshop
        w.last_seq += 1
        event = Event(workshop_id=w.id, seq=w.last_seq, type=type_, data=data,
                      participant_data=participant_data, by=self.by.id if self.by else None)
        db.session.add(event)
        self.events.append(event)


def _get(model, id_: int, change: Change, what: str):
    row = db.session.get(model, id_)
    if row is None or row.workshop_id != change.workshop.id:
        raise RuleError("not_found", f"No {what} {id_} in this workshop.")
    return row


def _apply(row, fields: dict) -> bool:
    """Set the given fields; True when anything actually changed."""
    changed = False
    for name, value in fields.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def actor_add(change: Change, p) -> dict:
    actor = Actor(workshop_id=change.workshop.id, name=p.name, category=p.category,
                  influence=p.influence, interest=p.interest, note=p.note)
    db.session.add(actor)
    db.session.flush()
    data = store.actor_json(actor)
    change.record("actor.added", {"actor": data})
    return {"actor": data}


def actor_update(change: Change, p) -> dict:
    actor = _get(Actor, p.id, change, "actor")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("name", ""), fields.get("category", ""),
                fields.get("influence", 0), fields.get("interest", 0)):
        raise RuleError("invalid", "name, category, influence and interest cannot be null.")
    if _apply(actor, fields):
        change.record("actor.updated", {"actor": store.actor_json(actor)})
    return {"actor": store.actor_json(actor)}


def actor_remove(change: Change, p) -> dict:
    actor = _get(Actor, p.id, change, "actor")
    db.session.execute(delete(Ownership).where(Ownership.actor_id == actor.id))
    db.session.execute(update(Action).where(Action.owner_actor_id == actor.id).values(owner_actor_id=None))
    db.session.delete(actor)
    change.record("actor.removed", {"id": p.id})
    return {}


def ownership_set(change: Change, p) -> dict:
    _get(Actor, p.actor_id, change, "actor")
    row = db.session.get(Ownership, (p.actor_id, p.area))
    current = row.role if row else None
    if current == p.role:
        return {}
    if p.role is None:
        db.session.delete(row)
    elif row is None:
        db.session.add(Ownership(actor_id=p.actor_id, area=p.area, workshop_id=change.workshop.id,
                                 role=p.role))
    else:
        row.role = p.role
    change.record("ownership.changed", {"actor_id": p.actor_id, "area": p.area, "role": p.role})
    return {}


def stage_set(change: Change, p) -> dict:
    row = db.session.get(Stage, (change.workshop.id, p.area))
    if (row.stage if row else None) == p.stage:
        return {}
    if p.stage is None:
        db.session.delete(row)
    elif row is None:
        db.session.add(Stage(workshop_id=change.workshop.id, area=p.area, stage=p.stage))
    else:
        row.stage = p.stage
    change.record("stage.changed", {"area": p.area, "stage": p.stage})
    return {}


def rating_set(change: Change, p) -> dict:
    row = db.session.get(Rating, (change.by.id, p.determinant))
    fields = {"score": p.score}
    if "comment" in p.model_fields_set:
        fields["comment"] = p.comment
    if row is None:
        db.session.add(Rating(participant_id=change.by.id, determinant=p.determinant,
                              workshop_id=change.workshop.id, **{"comment": None, **fields}))
        change.aggregates.add("ratings")
    elif _apply(row, fields):
        change.aggregates.add("ratings")
    return {}


def strategy_add(change: Change, p) -> dict:
    w = change.workshop
    strategy = Strategy(workshop_id=w.id, title=p.title, category=p.category,
                        description=p.description, origin="participant")
    db.session.add(strategy)
    db.session.flush()
    data = store.strategy_json(strategy, 0)
    redacted = store.strategy_json(strategy, store.votes_for(w, store.PARTICIPANTS, 0))
    change.record("strategy.added", {"strategy": data},
                  None if redacted == data else {"strategy": redacted})
    return {"strategy": data if change.by.facilitator else redacted}


def strategy_remove(change: Change, p) -> dict:
    strategy = _get(Strategy, p.id, change, "strategy")
    db.session.execute(delete(Vote).where(Vote.strategy_id == strategy.id))
    db.session.execute(update(Action).where(Action.strategy_id == strategy.id).values(strategy_id=None))
    db.session.delete(strategy)
    change.record("strategy.removed", {"id": p.id})
    return {}


def _my_votes(change: Change) -> dict[int, int]:
    return store.votes_cast(change.by.id)


def vote_cast(change: Change, p) -> dict:
    w = change.workshop
    _get(Strategy, p.strategy_id, change, "strategy")
    mine = _my_votes(change)
    cast = sum(mine.values())
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=mine.get(p.strategy_id, 0))
    row = db.session.get(Vote, (change.by.id, p.strategy_id))
    if row is None:
        db.session.add(Vote(participant_id=change.by.id, strategy_id=p.strategy_id,
                            workshop_id=w.id, count=1))
    else:
        row.count += 1
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1)}


def vote_retract(change: Change, p) -> dict:
    w = change.workshop
    _get(Strategy, p.strategy_id, change, "strategy")
    mine = _my_votes(change)
    cast = sum(mine.values())
    row = db.session.get(Vote, (change.by.id, p.strategy_id))
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast)}
    if row.count <= 1:
        db.session.delete(row)
    else:
        row.count -= 1
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1)}


def _action_links(change: Change, fields: dict) -> None:
    if fields.get("strategy_id") is not None:
        _get(Strategy, fields["strategy_id"], change, "strategy")
    if fields.get("owner_actor_id") is not None:
        _get(Actor, fields["owner_actor_id"], change, "actor")


def action_add(change: Change, p) -> dict:
    fields = {"title": p.title, "strategy_id": p.strategy_id, "owner_actor_id": p.owner_actor_id,
              "due": p.due, "status": p.status}
    _action_links(change, fields)
    action = Action(workshop_id=change.workshop.id, **fields)
    db.session.add(action)
    db.session.flush()
    data = store.action_json(action)
    change.record("action.added", {"action": data})
    return {"action": data}


def action_update(change: Change, p) -> dict:
    action = _get(Action, p.id, change, "action")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("title", ""), fields.get("status", "")):
        raise RuleError("invalid", "title and status cannot be null.")
    _action_links(change, fields)
    if _apply(action, fields):
        change.record("action.updated", {"action": store.action_json(action)})
    return {"action": store.action_json(action)}


def phase_set(change: Change, p) -> dict:
    w = change.workshop
    if w.phase == p.phase:
        return {}
    w.phase = p.phase
    if p.phase == "closed":
        w.closed_at = store.utc_now()
    change.record("phase.changed", {"phase": p.phase})
    return {}


def results_show(change: Change, p) -> dict:
    w = change.workshop
    if w.results_visible == p.visible:
        return {}
    w.results_visible = p.visible
    data = {"workshop": store.workshop_json(w)}
    if p.visible:
        counts = store.tallies(w.id)
        ids = db.session.scalars(
            select(Strategy.id).where(Strategy.workshop_id == w.id).order_by(Strategy.id))
        data["tallies"] = [{"strategy_id": i, "votes": counts.get(i, 0)} for i in ids]
        w.sent_tallies = {str(t["strategy_id"]): t["votes"] for t in data["tallies"]}
    change.record("workshop.updated", data)
    return {}


def workshop_lock(change: Change, p) -> dict:
    w = change.workshop
    if w.locked != p.locked:
        w.locked = p.locked
        change.record("workshop.updated", {"workshop": store.workshop_json(w)})
    return {}


def workshop_settings(change: Change, p) -> dict:
    w = change.workshop
    fields = p.given()
    if None in fields.values():
        raise RuleError("invalid", "Settings cannot be null.")
    rules.VoteSettings(fields.get("votes_per_participant", w.votes_per_participant),
                       fields.get("max_votes_per_strategy", w.max_votes_per_strategy)).checked()
    if _apply(w, fields):
        change.record("workshop.updated", {"workshop": store.workshop_json(w)})
    return {"workshop": store.workshop_json(w)}


def timer_set(change: Change, p) -> dict:
    """A countdown everyone sees; 0 clears it. The end time is absolute, so late joiners agree."""
    w = change.workshop
    if p.seconds == 0 and w.timer_ends_at is None:
        return {}
    w.timer_seconds = p.seconds or None
    w.timer_ends_at = store.utc_now() + timedelta(seconds=p.seconds) if p.seconds else None
    timer = store.timer_json(w)
    change.record("timer.changed", timer)
    return {"timer": timer}


def goals_set(change: Change, p) -> dict:
    w = change.workshop
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
    person = _get(Participant, p.id, change, "participant")
    if person.facilitator:
        raise RuleError("invalid", "The facilitator cannot be removed.")
    if person.removed:
        return {}
    person.removed = True
    person.token_hash = store.new_token()[1]
    db.session.execute(delete(Connection).where(Connection.participant_id == person.id))
    if p.content:
        db.session.execute(delete(Vote).where(Vote.participant_id == person.id))
        db.session.execute(delete(Rating).where(Rating.participant_id == person.id))
        change.aggregates.update({"votes", "ratings"})
    change.record("participant.removed", {"id": person.id})
    return {}


OPERATIONS = {
    "actor:add": actor_add,
    "actor:update": actor_update,
    "actor:remove": actor_remove,
    "ownership:set": ownership_set,
    "stage:set": stage_set,
    "rating:set": rating_set,
    "strategy:add": strategy_add,
    "strategy:remove": strategy_remove,
    "vote:cast": vote_cast,
    "vote:retract": vote_retract,
    "action:add": action_add,
    "action:update": action_update,
    "phase:set": phase_set,
    "results:show": results_show,
    "workshop:lock": workshop_lock,
    "workshop:settings": workshop_settings,
    "timer:set": timer_set,
    "goals:set": goals_set,
    "participant:remove": participant_remove,
}
