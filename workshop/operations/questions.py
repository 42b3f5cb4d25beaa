"""What the events of a question step do: cards, themes and insights (card votes: `votes`)."""

from sqlalchemy import delete, update

from .. import held, reads, shapes
from ..domain import cards as card_rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Card, CardVote, Insight, Step, Theme, utcnow
from . import aggregates
from .change import Change, apply, get, in_workshop


def question_step(change: Change, step_id: str) -> Step:
    step = db.session.get(Step, (change.workshop.id, step_id))
    if step is None:
        raise RuleError("not_found", f"No step {step_id!r} in this workshop.")
    if step.kind != "question":
        raise RuleError("invalid", f"Step {step_id!r} is not a question.")
    return step


def _hide_author(change: Change, card: Card) -> None:
    """An anonymous card (or any card of an anonymous workshop) names its author to no other
    participant, in its events and in the ack of whoever acts on it."""
    if card.author_id is not None and (card.anonymous or change.workshop.anonymous):
        change.anonymous.add(card.author_id)


def _record(change: Change, type_: str, card: Card, votes: int) -> None:
    """Broadcast copies leave out `my_votes`: it is personal."""
    change.record(type_, {"card": shapes.card_json(card, votes)})


def _ack(change: Change, card: Card, votes: int, mine: int) -> dict:
    return {"card": shapes.card_json(card, votes, mine)}


def card_add(change: Change, p) -> dict:
    w = change.workshop
    card = Card(workshop_id=w.id, step_id=w.step_id, text=p.text, author_id=change.by.id,
                anonymous=p.anonymous, created_at=utcnow())
    db.session.add(card)
    db.session.flush()
    _hide_author(change, card)
    _record(change, "card.added", card, 0)
    return _ack(change, card, 0, 0)


def card_update(change: Change, p) -> dict:
    card = get(Card, p.id, change, "card")
    _hide_author(change, card)
    fields = {k: v for k, v in p.given().items() if k != "id"}
    if "text" in fields and fields["text"] is None:
        raise RuleError("invalid", "A card's text cannot be null.")
    card_rules.check_edit(fields=set(fields), facilitator=change.by.facilitator, me=change.by.id,
                          author_id=card.author_id)
    if fields.get("theme_id") is not None:
        theme = in_workshop(Theme, fields["theme_id"], change, "theme")
        if theme.step_id != card.step_id:
            raise RuleError("invalid", "A card goes into a theme of its own question.")
    votes = reads.card_tallies_of(card.id)
    if apply(card, fields):
        _record(change, "card.updated", card, votes)
        aggregates.carried(change.workshop.id, "card_votes", {card.id: votes})
    else:  # the count as the editor holds it (`held`)
        votes = held.cards(held.sent(change.workshop.id), [card.id], {card.id: votes})[card.id]
    mine = db.session.get(CardVote, (change.by.id, card.id))
    return _ack(change, card, votes, mine.count if mine else 0)


def card_remove(change: Change, p) -> dict:
    """Its votes go with it (refunded to whoever cast them)."""
    card = get(Card, p.id, change, "card")
    card_rules.check_remove(facilitator=change.by.facilitator, me=change.by.id, author_id=card.author_id)
    _hide_author(change, card)
    db.session.execute(delete(CardVote).where(CardVote.card_id == card.id))
    db.session.delete(card)
    change.record("card.removed", {"id": p.id})
    return {}


def theme_add(change: Change, p) -> dict:
    step = question_step(change, p.step)
    theme = Theme(workshop_id=change.workshop.id, step_id=step.id, title=p.title)
    return change.added("theme", theme, shapes.theme_json)


def theme_update(change: Change, p) -> dict:
    theme = get(Theme, p.id, change, "theme")
    if apply(theme, {"title": p.title}):
        change.record("theme.updated", {"theme": shapes.theme_json(theme)})
    return {"theme": shapes.theme_json(theme)}


def theme_remove(change: Change, p) -> dict:
    """Its cards stay, unthemed (implied by `theme.removed`)."""
    theme = get(Theme, p.id, change, "theme")
    db.session.execute(update(Card).where(Card.theme_id == theme.id).values(theme_id=None))
    db.session.delete(theme)
    change.record("theme.removed", {"id": p.id})
    return {}


def insight_add(change: Change, p) -> dict:
    step = question_step(change, p.step)
    insight = Insight(workshop_id=change.workshop.id, step_id=step.id, text=p.text, created_at=utcnow())
    return change.added("insight", insight, shapes.insight_json)


def insight_update(change: Change, p) -> dict:
    """The facilitator rewords an insight while the group refines it: everyone sees it change."""
    insight = get(Insight, p.id, change, "insight")
    if apply(insight, {"text": p.text}):
        change.record("insight.updated", {"insight": shapes.insight_json(insight)})
    return {"insight": shapes.insight_json(insight)}


def insight_remove(change: Change, p) -> dict:
    insight = get(Insight, p.id, change, "insight")
    db.session.delete(insight)
    change.record("insight.removed", {"id": p.id})
    return {}
