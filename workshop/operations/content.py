"""What the content events do: actors, ownership, stages, strategies and actions."""

from sqlalchemy import bindparam, delete, select, update

from .. import held, reads, shapes
from ..domain import cards as card_rules
from ..domain import placement
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Action, Actor, Ownership, Stage, Strategy, Vote
from . import aggregates, review
from .change import Change, apply, get, in_workshop, insert_row

_ACTORS = Actor.__table__.c
# Built once, in Core (plain tuples): a flood of `actor:add` reads every position each time.
_POSITIONS = select(_ACTORS.influence, _ACTORS.interest).where(_ACTORS.workshop_id == bindparam("workshop"))


def actor_add(change: Change, p) -> dict:
    influence, interest = p.influence, p.interest
    if influence is None or interest is None:
        taken = db.session.execute(_POSITIONS, {"workshop": change.workshop.id})
        spot = placement.free_spot([tuple(row) for row in taken])
        influence = spot[0] if influence is None else influence
        interest = spot[1] if interest is None else interest
    actor = insert_row(Actor, {"workshop_id": change.workshop.id, "name": p.name, "category": p.category,
                               "influence": influence, "interest": interest, "note": p.note})
    return change.added("actor", actor, shapes.actor_json)


def actor_update(change: Change, p) -> dict:
    actor = in_workshop(Actor, p.id, change, "actor")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("name", ""), fields.get("category", ""),
                fields.get("influence", 0), fields.get("interest", 0)):
        raise RuleError("invalid", "name, category, influence and interest cannot be null.")
    if apply(actor, fields):
        change.record("actor.updated", {"actor": shapes.actor_json(actor)})
    return {"actor": shapes.actor_json(actor)}


def actor_remove(change: Change, p) -> dict:
    actor = get(Actor, p.id, change, "actor")
    db.session.execute(delete(Ownership).where(Ownership.actor_id == actor.id))
    db.session.execute(update(Action).where(Action.owner_actor_id == actor.id).values(owner_actor_id=None))
    db.session.delete(actor)
    change.record("actor.removed", {"id": p.id})
    return {}


def ownership_set(change: Change, p) -> dict:
    in_workshop(Actor, p.actor_id, change, "actor")
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


def strategy_add(change: Change, p) -> dict:
    strategy = Strategy(workshop_id=change.workshop.id, title=p.title, category=p.category,
                        description=p.description, origin="participant", added_by=change.by.id)
    db.session.add(strategy)
    db.session.flush()
    data = shapes.strategy_json(strategy, 0)
    change.record("strategy.added", {"strategy": _shared(data)})
    change.aggregates.add("votes")  # every rank is sent again, the new strategy's too
    return {"strategy": data}


def _shared(strategy: dict) -> dict:
    """Broadcast copies leave out `my_votes`: it is personal."""
    return {k: v for k, v in strategy.items() if k != "my_votes"}


def strategy_update(change: Change, p) -> dict:
    """The facilitator edits the catalogue; a participant the strategy they added."""
    strategy = get(Strategy, p.id, change, "strategy")
    card_rules.check_strategy_edit(facilitator=change.by.facilitator,
                                   participant_added=strategy.origin == "participant",
                                   me=change.by.id, added_by=strategy.added_by)
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("title", ""), fields.get("category", "")):
        raise RuleError("invalid", "title and category cannot be null.")
    votes = reads.tallies(change.workshop.id).get(strategy.id, 0)
    if apply(strategy, fields):
        change.record("strategy.updated", {"strategy": _shared(shapes.strategy_json(strategy, votes))})
        aggregates.carried(change.workshop.id, "votes", {strategy.id: votes})
        if "title" in fields:
            change.aggregates.add("votes")  # ties are ranked by title
    else:  # the count as the editor holds it (`held`)
        votes = held.votes(held.sent(change.workshop.id), [strategy], {strategy.id: votes})[0][strategy.id]
    mine = db.session.get(Vote, (change.by.id, strategy.id))
    return {"strategy": shapes.strategy_json(strategy, votes, mine.count if mine else 0)}


def strategy_remove(change: Change, p) -> dict:
    strategy = get(Strategy, p.id, change, "strategy")
    db.session.execute(delete(Vote).where(Vote.strategy_id == strategy.id))
    db.session.execute(update(Action).where(Action.strategy_id == strategy.id).values(strategy_id=None))
    db.session.delete(strategy)
    change.record("strategy.removed", {"id": p.id})
    change.aggregates.add("votes")  # its votes are refunded: other ranks may move up
    return {}


def _action_links(change: Change, fields: dict) -> None:
    if fields.get("strategy_id") is not None:
        in_workshop(Strategy, fields["strategy_id"], change, "strategy")
    if fields.get("owner_actor_id") is not None:
        in_workshop(Actor, fields["owner_actor_id"], change, "actor")


def action_add(change: Change, p) -> dict:
    fields = {"title": p.title, "strategy_id": p.strategy_id, "owner_actor_id": p.owner_actor_id,
              "due": p.due, "status": p.status}
    _action_links(change, fields)
    action = Action(workshop_id=change.workshop.id, **fields)
    return change.added("action", action, shapes.action_json)


def action_update(change: Change, p) -> dict:
    action = get(Action, p.id, change, "action")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("title", ""), fields.get("status", "")):
        raise RuleError("invalid", "title and status cannot be null.")
    _action_links(change, fields)
    if apply(action, fields):
        change.record("action.updated", {"action": shapes.action_json(action)})
    return {"action": shapes.action_json(action)}


def action_remove(change: Change, p) -> dict:
    action = get(Action, p.id, change, "action")
    review.unlink(change, p.id)  # first: the delete would clear the link before it is found
    db.session.delete(action)
    change.record("action.removed", {"id": p.id})
    return {}
