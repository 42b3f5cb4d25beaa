"""What each client event does to a workshop, inside one database transaction.

Each operation gets a `Change` (the locked workshop, who acts, the events to
record) and the validated payload, and returns its ack. A refused change raises
RuleError before anything is committed; a change that changes nothing records
no event.
"""

from datetime import timedelta

from sqlalchemy import delete, select, update

from . import store
from .domain import agenda as agendas
from .domain import cards as card_rules
from .domain import determinants as determinant_lists
from .domain import goals, rules
from .domain.rules import RuleError
from .extensions import db
from .models import (
    Action,
    Actor,
    Card,
    CardVote,
    Event,
    Insight,
    Ownership,
    Participant,
    Rating,
    Stage,
    Step,
    Strategy,
    Theme,
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

    def record(self, type_: str, data: dict, participant_data: dict | None = None, *,
               author_id: int | None = None, author_data: dict | None = None, hide_by: bool = False) -> None:
        """`participant_data`: the participants' copy when it differs; `author_data`: an anonymous
        card's author's own copy; `hide_by`: the other participants do not learn who acted."""
        w = self.workshop
        w.last_seq += 1
        event = Event(workshop_id=w.id, seq=w.last_seq, type=type_, data=data,
                      participant_data=participant_data, by=self.by.id if self.by else None,
                      author_id=author_id, author_data=author_data, hide_by=hide_by)
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


def _on_list(change: Change, key: str) -> None:
    if key not in determinant_lists.keys(change.workshop.determinants):
        raise RuleError("invalid", f"{key!r} is not one of this workshop's determinants.")


def rating_set(change: Change, p) -> dict:
    _on_list(change, p.determinant)
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
                        description=p.description, origin="participant", added_by=change.by.id)
    db.session.add(strategy)
    db.session.flush()
    _record_strategy(change, "strategy.added", strategy, 0)
    return {"strategy": store.strategy_json(strategy, _votes_seen(change, 0))}


def _votes_seen(change: Change, votes: int) -> int | None:
    return store.votes_for(change.workshop, store.audience_of(change.by), votes)


def _record_strategy(change: Change, type_: str, strategy: Strategy, votes: int) -> None:
    """Broadcast copies leave out `my_votes`: it is personal."""
    def copy(audience):
        data = store.strategy_json(strategy, store.votes_for(change.workshop, audience, votes))
        del data["my_votes"]
        return {"strategy": data}
    data, redacted = copy(store.FACILITATOR), copy(store.PARTICIPANTS)
    change.record(type_, data, None if redacted == data else redacted)


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


def _move(change: Change, step: dict) -> dict:
    """Everyone to this step; its kind is the workshop's phase (closing stamps `closed_at`)."""
    w = change.workshop
    if w.step_id == step["id"]:
        return {}
    w.step_id, w.phase = step["id"], step["kind"]
    if step["kind"] == "closed":
        w.closed_at = store.utc_now()
    change.record("phase.changed", {"phase": step["kind"], "step": step["id"]})
    return {}


def phase_set(change: Change, p) -> dict:
    """v1's phases on the agenda: the first step of that kind; nothing if already in one."""
    w = change.workshop
    step = agendas.first_of(p.phase, store.agenda_json(w))
    if w.phase == p.phase:
        return {}
    return _move(change, step)


def step_set(change: Change, p) -> dict:
    return _move(change, agendas.find(p.step, store.agenda_json(change.workshop)))


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
        card_counts = store.card_tallies(w.id)
        card_ids = db.session.scalars(select(Card.id).where(Card.workshop_id == w.id).order_by(Card.id))
        data["card_tallies"] = [{"card_id": i, "votes": card_counts.get(i, 0)} for i in card_ids]
        w.sent_card_tallies = {str(t["card_id"]): t["votes"] for t in data["card_tallies"]}
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
    if None in (value for key, value in fields.items() if key != "description"):
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


# --- the agenda -------------------------------------------------------------------------------

def _all_steps(w: Workshop) -> list[Step]:
    return db.session.scalars(select(Step).where(Step.workshop_id == w.id)).all()


def agenda_set(change: Change, p) -> dict:
    """Replace the agenda: kept steps keep their id and content, left-out ones stay stored."""
    w = change.workshop
    rows = {st.id: st for st in _all_steps(w)}
    before = store.agenda_json(w)
    requested = [item.given() for item in p.agenda]
    steps, order = agendas.merge([store.step_json(st) for st in rows.values()], [st["id"] for st in before],
                                 requested, w.step_id)
    positions = {step_id: n for n, step_id in enumerate(order)}
    changed = False
    for st in steps:
        row = rows.get(st["id"])
        if row is None:
            row = Step(workshop_id=w.id, id=st["id"], kind=st["kind"])
            db.session.add(row)
            changed = True
        changed |= _apply(row, {"title": st["title"], "prompt": st["prompt"],
                                "position": positions.get(st["id"])})
    db.session.flush()
    db.session.expire(w, ["steps"])
    agenda = store.agenda_json(w)
    if changed:
        off = [store.step_json(st) for st in store.steps_off_agenda(w)]
        change.record("agenda.changed", {"agenda": agenda, "off_agenda": off})
    return {"agenda": agenda}


# --- question steps: cards, themes, card votes, insights ---------------------------------------

def _question_step(change: Change, step_id: str) -> Step:
    step = db.session.get(Step, (change.workshop.id, step_id))
    if step is None:
        raise RuleError("not_found", f"No step {step_id!r} in this workshop.")
    if step.kind != "question":
        raise RuleError("invalid", f"Step {step_id!r} is not a question.")
    return step


def _record_card(change: Change, type_: str, card: Card, votes: int) -> None:
    """Three copies: the facilitator's, the author's (their id shown) and everyone else's (an
    anonymous card's author hidden, also as `by` of what the author does to it)."""
    w = change.workshop
    full = {"card": store.card_json(card, votes, author_shown=True)}
    seen = store.votes_for(w, store.PARTICIPANTS, votes)
    others = {"card": store.card_json(card, seen, author_shown=store.author_shown(w, card, None))}
    own = {"card": store.card_json(card, seen, author_shown=True)}
    hidden = others != own
    by_author = change.by is not None and change.by.id == card.author_id
    change.record(type_, full, None if others == full else others,
                  author_id=card.author_id if hidden and card.author_id else None,
                  author_data=own if hidden and card.author_id else None,
                  hide_by=hidden and by_author)


def _card_for(change: Change, card: Card, votes: int, mine: int) -> dict:
    """The card as the person acting sees it, with their own votes on it."""
    return store.card_json(card, _votes_seen(change, votes),
                           author_shown=store.author_shown(change.workshop, card, change.by), my_votes=mine)


def card_add(change: Change, p) -> dict:
    w = change.workshop
    card = Card(workshop_id=w.id, step_id=w.step_id, text=p.text, author_id=change.by.id,
                anonymous=p.anonymous, created_at=store.utc_now())
    db.session.add(card)
    db.session.flush()
    _record_card(change, "card.added", card, 0)
    return {"card": _card_for(change, card, 0, 0)}


def card_update(change: Change, p) -> dict:
    card = _get(Card, p.id, change, "card")
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if "text" in fields and fields["text"] is None:
        raise RuleError("invalid", "A card's text cannot be null.")
    card_rules.check_edit(fields=set(fields), facilitator=change.by.facilitator, me=change.by.id,
                          author_id=card.author_id)
    if fields.get("theme_id") is not None:
        theme = _get(Theme, fields["theme_id"], change, "theme")
        if theme.step_id != card.step_id:
            raise RuleError("invalid", "A card goes into a theme of its own question.")
    votes = store.card_tallies_of(card.id)
    if _apply(card, fields):
        _record_card(change, "card.updated", card, votes)
    mine = db.session.get(CardVote, (change.by.id, card.id))
    return {"card": _card_for(change, card, votes, mine.count if mine else 0)}


def card_remove(change: Change, p) -> dict:
    card = _get(Card, p.id, change, "card")
    card_rules.check_remove(facilitator=change.by.facilitator, me=change.by.id, author_id=card.author_id)
    hidden = store.author_shown(change.workshop, card, None) is False
    db.session.execute(delete(CardVote).where(CardVote.card_id == card.id))
    db.session.delete(card)
    change.record("card.removed", {"id": p.id}, hide_by=hidden and change.by.id == card.author_id)
    return {}


def card_vote(change: Change, p) -> dict:
    w, me = change.workshop, change.by
    card = _get(Card, p.id, change, "card")
    if card.step_id != w.step_id:
        raise RuleError("invalid", "Vote on the cards of the current question.")
    mine = store.card_votes_in_step(me.id, card.step_id)
    cast = sum(mine.values())
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=mine.get(card.id, 0), item="card")
    row = db.session.get(CardVote, (me.id, card.id))
    if row is None:
        db.session.add(CardVote(participant_id=me.id, card_id=card.id, workshop_id=w.id,
                                step_id=card.step_id, count=1))
    else:
        row.count += 1
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1)}


def card_unvote(change: Change, p) -> dict:
    w, me = change.workshop, change.by
    card = _get(Card, p.id, change, "card")
    cast = sum(store.card_votes_in_step(me.id, card.step_id).values())
    row = db.session.get(CardVote, (me.id, card.id))
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast)}
    if row.count <= 1:
        db.session.delete(row)
    else:
        row.count -= 1
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1)}


def theme_add(change: Change, p) -> dict:
    step = _question_step(change, p.step)
    theme = Theme(workshop_id=change.workshop.id, step_id=step.id, title=p.title)
    db.session.add(theme)
    db.session.flush()
    data = store.theme_json(theme)
    change.record("theme.added", {"theme": data})
    return {"theme": data}


def theme_update(change: Change, p) -> dict:
    theme = _get(Theme, p.id, change, "theme")
    if _apply(theme, {"title": p.title}):
        change.record("theme.updated", {"theme": store.theme_json(theme)})
    return {"theme": store.theme_json(theme)}


def theme_remove(change: Change, p) -> dict:
    """Its cards stay, unthemed (implied by `theme.removed`)."""
    theme = _get(Theme, p.id, change, "theme")
    db.session.execute(update(Card).where(Card.theme_id == theme.id).values(theme_id=None))
    db.session.delete(theme)
    change.record("theme.removed", {"id": p.id})
    return {}


def insight_add(change: Change, p) -> dict:
    step = _question_step(change, p.step)
    insight = Insight(workshop_id=change.workshop.id, step_id=step.id, text=p.text,
                      created_at=store.utc_now())
    db.session.add(insight)
    db.session.flush()
    data = store.insight_json(insight)
    change.record("insight.added", {"insight": data})
    return {"insight": data}


def insight_remove(change: Change, p) -> dict:
    insight = _get(Insight, p.id, change, "insight")
    db.session.delete(insight)
    change.record("insight.removed", {"id": p.id})
    return {}


# --- editing what was entered, and a workshop's own content ------------------------------------

def strategy_update(change: Change, p) -> dict:
    strategy = _get(Strategy, p.id, change, "strategy")
    card_rules.check_strategy_edit(facilitator=change.by.facilitator,
                                   participant_added=strategy.origin == "participant",
                                   me=change.by.id, added_by=strategy.added_by)
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if None in (fields.get("title", ""), fields.get("category", "")):
        raise RuleError("invalid", "title and category cannot be null.")
    votes = store.tallies(change.workshop.id).get(strategy.id, 0)
    if _apply(strategy, fields):
        _record_strategy(change, "strategy.updated", strategy, votes)
    mine = db.session.get(Vote, (change.by.id, strategy.id))
    return {"strategy": store.strategy_json(strategy, _votes_seen(change, votes), mine.count if mine else 0)}


def action_remove(change: Change, p) -> dict:
    action = _get(Action, p.id, change, "action")
    db.session.delete(action)
    change.record("action.removed", {"id": p.id})
    return {}


def rating_clear(change: Change, p) -> dict:
    row = db.session.get(Rating, (change.by.id, p.determinant))
    if row is not None:
        db.session.delete(row)
        change.aggregates.add("ratings")
    return {}


def determinants_set(change: Change, p) -> dict:
    """The workshop's own determinant list; taken-off determinants keep their scores."""
    w = change.workshop
    known, shown = determinant_lists.merge(w.determinants, [item.given() for item in p.determinants])
    stored = determinant_lists.to_store(known, shown)
    data = {"workshop": store.workshop_json(w), "determinants": store.determinant_entries(w)}
    if stored != w.determinants:
        w.determinants = stored
        data = {"workshop": store.workshop_json(w), "determinants": store.determinant_entries(w)}
        change.record("determinants.changed", data)
    return data


def template_save(change: Change, p) -> dict:
    """Saving changes nothing in the workshop: answered, not broadcast."""
    return {"template": store.template_json(store.save_template(change.workshop, p.name))}


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
    "agenda:set": agenda_set,
    "step:set": step_set,
    "card:add": card_add,
    "card:update": card_update,
    "card:remove": card_remove,
    "card:vote": card_vote,
    "card:unvote": card_unvote,
    "theme:add": theme_add,
    "theme:update": theme_update,
    "theme:remove": theme_remove,
    "insight:add": insight_add,
    "insight:remove": insight_remove,
    "strategy:update": strategy_update,
    "action:remove": action_remove,
    "rating:clear": rating_clear,
    "determinants:set": determinants_set,
    "template:save": template_save,
}
