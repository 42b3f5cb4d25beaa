"""What votes and scores do. Their acks carry the stored values, which a client sets as they
are (never adds to what it had): a resent operation's ack then still agrees with `state`."""

from .. import reads
from ..domain import rules
from ..extensions import db
from ..models import Rating, Strategy, Vote
from .change import Change, apply, get


def vote_cast(change: Change, p) -> dict:
    w = change.workshop
    get(Strategy, p.strategy_id, change, "strategy")
    mine = reads.votes_cast(change.by.id)
    cast, on_strategy = sum(mine.values()), mine.get(p.strategy_id, 0)
    rules.check_vote(budget=w.votes_per_participant, max_per_strategy=w.max_votes_per_strategy,
                     cast=cast, on_strategy=on_strategy)
    row = db.session.get(Vote, (change.by.id, p.strategy_id))
    if row is None:
        db.session.add(Vote(participant_id=change.by.id, strategy_id=p.strategy_id,
                            workshop_id=w.id, count=1))
    else:
        row.count += 1
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast + 1), "my_votes": on_strategy + 1}


def vote_retract(change: Change, p) -> dict:
    w = change.workshop
    get(Strategy, p.strategy_id, change, "strategy")
    mine = reads.votes_cast(change.by.id)
    cast, on_strategy = sum(mine.values()), mine.get(p.strategy_id, 0)
    row = db.session.get(Vote, (change.by.id, p.strategy_id))
    if row is None:
        return {"votes_left": rules.votes_left(w.votes_per_participant, cast), "my_votes": 0}
    if row.count <= 1:
        db.session.delete(row)
    else:
        row.count -= 1
    change.aggregates.add("votes")
    return {"votes_left": rules.votes_left(w.votes_per_participant, cast - 1), "my_votes": on_strategy - 1}


def rating_set(change: Change, p) -> dict:
    row = db.session.get(Rating, (change.by.id, p.determinant))
    fields = {"score": p.score}
    if "comment" in p.model_fields_set:
        fields["comment"] = p.comment
    if row is None:
        row = Rating(participant_id=change.by.id, determinant=p.determinant,
                     workshop_id=change.workshop.id, **{"comment": None, **fields})
        db.session.add(row)
        change.aggregates.add("ratings")
    elif apply(row, fields):
        change.aggregates.add("ratings")
    return {"my_score": row.score, "comment": row.comment}
