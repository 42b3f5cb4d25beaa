"""What votes and scores do. Their acks carry the stored values, which a client sets as they
are (never adds to what it had): a resent operation's ack then still agrees with `state`."""

from .. import reads
from ..domain import determinants as determinant_lists
from ..domain import rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import Card, CardVote, Rating, Strategy, Vote
from .change import Change, apply, delete_row, find, get, insert_row


def _my_votes(change: Change, strategy_id: int) -> tuple[int, int, Vote | None]:
    """The voter's votes cast in all, those on this strategy, and their row for it."""
    get(Strategy, strategy_id, change, "strategy")
    mine = reads.votes_cast(change.by.id)
    return sum(mine.values()), mine.get(strategy_id, 0), find(Vote, change.by.id, strategy_id)


def vote_cast(change: Change, p) -> dict:
    w = change.workshop
    cast, on_strategy, row = _my_votes(change, p.strategy_id)
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=on_strategy)
    if row is None:
        insert_row(Vote(participant_id=change.by.id, strategy_id=p.strategy_id, workshop_id=w.id, count=1))
    else:
        apply(row, {"count": row.count + 1})
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1), "my_votes": on_strategy + 1}


def vote_retract(change: Change, p) -> dict:
    w = change.workshop
    cast, on_strategy, row = _my_votes(change, p.strategy_id)
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast), "my_votes": 0}
    if row.count <= 1:
        delete_row(row)
    else:
        apply(row, {"count": row.count - 1})
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1), "my_votes": on_strategy - 1}


def _on_list(change: Change, key: str) -> None:
    if key not in determinant_lists.keys(change.workshop.determinants):
        raise RuleError("invalid", f"{key!r} is not one of this workshop's determinants.")


def rating_set(change: Change, p) -> dict:
    _on_list(change, p.determinant)
    row = find(Rating, change.by.id, p.determinant)
    fields = {"score": p.score}
    if "comment" in p.model_fields_set:
        fields["comment"] = p.comment
    if row is None:
        row = Rating(participant_id=change.by.id, determinant=p.determinant,
                     workshop_id=change.workshop.id, **{"comment": None, **fields})
        insert_row(row)
        change.aggregates.add("ratings")
    elif apply(row, fields):
        change.aggregates.add("ratings")
    return {"my_score": row.score, "comment": row.comment}


def rating_clear(change: Change, p) -> dict:
    """Take back one's own score; the acknowledgement says it is gone."""
    _on_list(change, p.determinant)
    row = find(Rating, change.by.id, p.determinant)
    if row is not None:
        delete_row(row)
        change.aggregates.add("ratings")
    return {"my_score": None, "comment": None}


def card_vote(change: Change, p) -> dict:
    """A dot on a card of the current question: a budget per question step, a cap per card."""
    w, me = change.workshop, change.by
    card = get(Card, p.id, change, "card")
    if card.step_id != w.step_id:
        raise RuleError("invalid", "Vote on the cards of the current question.")
    mine = reads.card_votes_in_step(me.id, card.step_id)
    cast, on_card = sum(mine.values()), mine.get(card.id, 0)
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=on_card, item="card")
    row = find(CardVote, me.id, card.id)
    if row is None:
        db.session.add(CardVote(participant_id=me.id, card_id=card.id, workshop_id=w.id,
                                step_id=card.step_id, count=1))
    else:
        row.count += 1
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1), "my_votes": on_card + 1}


def card_unvote(change: Change, p) -> dict:
    """Take a dot back, in any step."""
    w, me = change.workshop, change.by
    card = get(Card, p.id, change, "card")
    mine = reads.card_votes_in_step(me.id, card.step_id)
    cast, on_card = sum(mine.values()), mine.get(card.id, 0)
    row = find(CardVote, me.id, card.id)
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast), "my_votes": 0}
    if row.count <= 1:
        db.session.delete(row)
    else:
        row.count -= 1
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1), "my_votes": on_card - 1}
