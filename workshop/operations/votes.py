"""What votes and scores do. Their acks carry the stored values, which a client sets as they
are (never adds to what it had): a resent operation's ack then still agrees with `state`."""

from .. import reads
from ..domain import determinants as determinant_lists
from ..domain import rules
from ..domain.rules import RuleError
from ..models import Card, CardVote, Rating, Strategy, Vote
from .change import Change, Values, apply, delete_row, in_workshop, insert_row, values


def _my_votes(change: Change, strategy_id: int) -> tuple[int, int, Values | None]:
    """The voter's votes cast in all, those on this strategy, and their row for it (read with
    the others)."""
    in_workshop(Strategy, strategy_id, change, "strategy")
    mine = reads.votes_cast(change.by.id)
    on_strategy = mine.get(strategy_id, 0)
    row = None if strategy_id not in mine else Values(
        Vote, {"participant_id": change.by.id, "strategy_id": strategy_id, "count": on_strategy})
    return sum(mine.values()), on_strategy, row


def vote_cast(change: Change, p) -> dict:
    w = change.workshop
    cast, on_strategy, row = _my_votes(change, p.strategy_id)
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=on_strategy)
    if row is None:
        insert_row(Vote, {"participant_id": change.by.id, "strategy_id": p.strategy_id, "workshop_id": w.id,
                          "count": 1})
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
    row = values(Rating, change.by.id, p.determinant)
    fields = {"score": p.score}
    if "comment" in p.model_fields_set:
        fields["comment"] = p.comment
    if row is None:
        row = insert_row(Rating, {"participant_id": change.by.id, "determinant": p.determinant,
                                  "workshop_id": change.workshop.id, "score": p.score,
                                  "comment": fields.get("comment")})
        change.aggregates.add("ratings")
    elif apply(row, fields):
        change.aggregates.add("ratings")
    return {"my_score": row.score, "comment": row.comment}


def rating_clear(change: Change, p) -> dict:
    """Take back one's own score; the acknowledgement says it is gone."""
    _on_list(change, p.determinant)
    row = values(Rating, change.by.id, p.determinant)
    if row is not None:
        delete_row(row)
        change.aggregates.add("ratings")
    return {"my_score": None, "comment": None}


def _my_card_votes(change: Change, card: Values) -> tuple[int, int, Values | None]:
    """The voter's dots in the card's step, those on this card, and their row for it (read with
    the others: a card's votes are counted in its step)."""
    mine = reads.card_votes_in_step(change.by.id, card.step_id)
    on_card = mine.get(card.id, 0)
    row = None if card.id not in mine else Values(
        CardVote, {"participant_id": change.by.id, "card_id": card.id, "count": on_card})
    return sum(mine.values()), on_card, row


def card_vote(change: Change, p) -> dict:
    """A dot on a card of the current question: a budget per question step, a cap per card."""
    w = change.workshop
    card = in_workshop(Card, p.id, change, "card")
    if card.step_id != w.step_id:
        raise RuleError("invalid", "Vote on the cards of the current question.")
    cast, on_card, row = _my_card_votes(change, card)
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=on_card, item="card")
    if row is None:
        insert_row(CardVote, {"participant_id": change.by.id, "card_id": card.id, "workshop_id": w.id,
                              "step_id": card.step_id, "count": 1})
    else:
        apply(row, {"count": row.count + 1})
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1), "my_votes": on_card + 1}


def card_unvote(change: Change, p) -> dict:
    """Take a dot back, in any step."""
    w = change.workshop
    card = in_workshop(Card, p.id, change, "card")
    cast, on_card, row = _my_card_votes(change, card)
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast), "my_votes": 0}
    if row.count <= 1:
        delete_row(row)
    else:
        apply(row, {"count": row.count - 1})
    change.aggregates.add("card_votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1), "my_votes": on_card - 1}
