"""Reading workshops from the database: who is asking, `state`, `sync`, summaries.

Every copy is made for one viewer (`domain.redaction`): the facilitator, or one
participant.
"""

from sqlalchemy import bindparam, func, literal_column, select

from . import held, shapes
from .database import execute
from .domain import aggregates, catalog, groups, redaction, rules
from .domain import determinants as determinant_lists
from .domain import summary as summaries
from .domain.redaction import Viewer
from .domain.vocab import AREAS, DETERMINANTS
from .extensions import db
from .models import (
    Action,
    Actor,
    Card,
    CardVote,
    Connection,
    Event,
    Insight,
    LogEntry,
    Ownership,
    Participant,
    Rating,
    ReviewItem,
    Stage,
    Strategy,
    Theme,
    Vote,
    Workshop,
    utcnow,
)
from .tokens import hash_token, normalize_code


def workshop_by_code(code: str) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.code == normalize_code(code)))


def authenticate(code: str, token: str) -> Participant | None:
    """The participant (or facilitator) holding `token` in the workshop with this code; the
    event's token counts as the facilitator of each of its groups. A removed person's token
    counts nowhere (a moved person's keeps its hash, for `arrivals.followed` only)."""
    person = db.session.scalar(select(Participant).where(
        Participant.token_hash == hash_token(token), Participant.removed.is_(False)))
    if person is None:
        return db.session.scalar(
            select(Participant).join(Workshop, Participant.id == Workshop.facilitator_id)
            .join(Event, Event.id == Workshop.event_id)
            .where(Workshop.code == normalize_code(code), Event.token_hash == hash_token(token)))
    workshop = db.session.get(Workshop, person.workshop_id)
    return person if workshop and workshop.code == normalize_code(code) else None


def viewer_of(person: Participant) -> Viewer:
    return redaction.viewer(person.id, person.facilitator)


def votes_facts(w: Workshop) -> dict | None:
    """What copies depend on in this workshop now: whether vote counts are hidden."""
    return redaction.facts(votes_hidden=not w.results_visible)


# --- aggregates --------------------------------------------------------------------------
# Read with every change of votes and scores: built once, on the tables' columns, so each call
# neither builds a statement nor generates its cache key, and no ORM entity is set up.

_VOTE, _RATING, _CARD_VOTE = Vote.__table__.c, Rating.__table__.c, CardVote.__table__.c
_STRATEGY = Strategy.__table__.c
_TALLIES = (select(_VOTE.strategy_id, func.sum(_VOTE.count))
            .where(_VOTE.workshop_id == bindparam("workshop")).group_by(_VOTE.strategy_id))
_VOTES_CAST = select(_VOTE.strategy_id, _VOTE.count).where(_VOTE.participant_id == bindparam("person"))
# Each strategy's votes summed from the vote index on (workshop, strategy, count): a lookup
# per strategy that reads no vote row. Joined on `vote.strategy_id` alone (no index of its
# own) SQLite scanned every vote of every workshop once per strategy; grouped first, it sorted
# the workshop's votes and indexed the groups again for every read.
_STRATEGY_VOTES = select(_STRATEGY.id, _STRATEGY.title, func.coalesce(
    select(func.sum(_VOTE.count)).where(_VOTE.workshop_id == bindparam("workshop"),
                                        _VOTE.strategy_id == _STRATEGY.id).scalar_subquery(), 0)
).where(_STRATEGY.workshop_id == bindparam("workshop")).order_by(_STRATEGY.id)
# Each determinant's histogram, one row per determinant (how many gave 1, 2, … 5), counted
# from the rating index on (workshop, determinant, score) in its order.
_SCORES = (select(_RATING.determinant,
                  *(func.count().filter(_RATING.score == score).label(f"s{score}") for score in range(1, 6)))
           .where(_RATING.workshop_id == bindparam("workshop")).group_by(_RATING.determinant))
# The scores with a comment, by person, from the rating index of those alone (its condition
# written out, as a bound value would not match it): a few rows however many people scored.
_COMMENTS = (select(_RATING.determinant, _RATING.comment)
             .where(_RATING.workshop_id == bindparam("workshop"), _RATING.comment.is_not(None),
                    _RATING.comment != literal_column("''"))
             .order_by(_RATING.workshop_id, _RATING.participant_id))
_CARD_TALLIES = (select(_CARD_VOTE.card_id, func.sum(_CARD_VOTE.count))
                 .where(_CARD_VOTE.workshop_id == bindparam("workshop")).group_by(_CARD_VOTE.card_id))
_CARD_VOTES_IN_STEP = select(_CARD_VOTE.card_id, _CARD_VOTE.count).where(
    _CARD_VOTE.participant_id == bindparam("person"), _CARD_VOTE.step_id == bindparam("step"))


def tallies(workshop_id: int) -> dict[int, int]:
    rows = execute(_TALLIES, {"workshop": workshop_id})
    return {strategy_id: int(total) for strategy_id, total in rows}


def votes_cast(participant_id: int) -> dict[int, int]:
    return dict(execute(_VOTES_CAST, {"person": participant_id}).all())


def strategy_votes(workshop_id: int) -> list[dict]:
    """Every strategy of the workshop with its total votes: what ranks are made from (one
    statement: it is read with every change of votes)."""
    return [{"id": i, "title": title, "votes": int(votes)}
            for i, title, votes in execute(_STRATEGY_VOTES, {"workshop": workshop_id})]


def determinant_aggregates(workshop_id: int, keys=None) -> list[dict]:
    """Aggregates of the determinants `keys` (the workshop's list; by default the built-in five);
    scores of determinants taken off the list are left out."""
    rows = execute(_SCORES, {"workshop": workshop_id})
    histograms = {key: [int(n) for n in counts] for key, *counts in rows}
    return [aggregates.counted(key, histograms.get(key) or [0, 0, 0, 0, 0])
            for key in (DETERMINANTS if keys is None else keys)]


def determinant_comments(workshop_id: int) -> dict[str, list[str]]:
    """Every determinant's comments, in the order people first scored."""
    found: dict[str, list[str]] = {}
    for key, comment in execute(_COMMENTS, {"workshop": workshop_id}):
        found.setdefault(key, []).append(comment)
    return found


def determinant_entries(w: Workshop) -> list[dict]:
    """The aggregates of the workshop's determinants, in the order of its list."""
    return determinant_aggregates(w.id, determinant_lists.keys(w.determinants))


def card_tallies(workshop_id: int) -> dict[int, int]:
    rows = execute(_CARD_TALLIES, {"workshop": workshop_id})
    return {card_id: int(total) for card_id, total in rows}


def card_tallies_of(card_id: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(CardVote.count), 0))
                                 .where(CardVote.card_id == card_id)))


def card_votes_cast(participant_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(CardVote.card_id, CardVote.count).where(CardVote.participant_id == participant_id))
    return dict(rows.all())


def card_votes_in_step(participant_id: int, step_id: str) -> dict[int, int]:
    return dict(execute(_CARD_VOTES_IN_STEP, {"person": participant_id, "step": step_id}).all())


def card_votes_left(w: Workshop, me: Participant) -> dict[str, int]:
    """Per question step (on the agenda or not): what is left of this person's card-vote budget."""
    questions = [st.id for st in w.steps if st.kind == "question"]
    if me.facilitator:
        return {step: 0 for step in questions}
    cast = dict(db.session.execute(
        select(CardVote.step_id, func.sum(CardVote.count)).where(CardVote.participant_id == me.id)
        .group_by(CardVote.step_id)).all())
    return {step: rules.votes_left(w.votes_per_participant, int(cast.get(step, 0))) for step in questions}


def card_facts(w: Workshop, card) -> dict | None:
    """What the copies of a card depend on: hidden votes, and an author hidden from the other
    participants when the card or the workshop is anonymous."""
    hidden = card.author_id is not None and (card.anonymous or w.anonymous)
    return redaction.facts(votes_hidden=not w.results_visible, anonymous=[card.author_id] if hidden else ())


# --- state -------------------------------------------------------------------------------

def rows(model, *where, order_by):
    """Plain rows with the model's attributes, not ORM objects: `state` reads hundreds at once
    and changes none, and building identity-mapped objects was most of its time."""
    columns = [getattr(model, a.key) for a in model.__mapper__.column_attrs]
    return db.session.execute(select(*columns).where(*where).order_by(*order_by)).all()


def stages(workshop_id: int) -> dict[str, str | None]:
    found = dict(db.session.execute(
        select(Stage.area, Stage.stage).where(Stage.workshop_id == workshop_id)).all())
    return {area: found.get(area) for area in AREAS}


_CONNECTIONS = Connection.__table__.c
_ONLINE = (select(_CONNECTIONS.participant_id).where(_CONNECTIONS.workshop_id == bindparam("workshop"))
           .distinct())


def online_ids(workshop_id: int) -> set[int]:
    return set(db.session.scalars(_ONLINE, {"workshop": workshop_id}))


def connection_ids(participant_id: int) -> list[str]:
    """The Socket.IO connections (sids, on any server process) of one participant."""
    return list(db.session.scalars(select(Connection.sid).where(Connection.participant_id == participant_id)))


def shared_state(w: Workshop) -> dict:
    """The part of `state` that is the same for everyone and changes only with a recorded event,
    so with `seq`: actors, ownership, stages, strategies (plain rows, votes added per person)
    and actions."""
    return {
        "actors": [shapes.actor_json(a) for a in rows(Actor, Actor.workshop_id == w.id, order_by=[Actor.id])],
        "ownership": [{"actor_id": o.actor_id, "area": o.area, "role": o.role}
                      for o in rows(Ownership, Ownership.workshop_id == w.id,
                                    order_by=[Ownership.actor_id, Ownership.area])],
        "stages": stages(w.id),
        "strategies": rows(Strategy, Strategy.workshop_id == w.id, order_by=[Strategy.id]),
        "actions": [shapes.action_json(a)
                    for a in rows(Action, Action.workshop_id == w.id, order_by=[Action.id])],
        "cards": rows(Card, Card.workshop_id == w.id, order_by=[Card.id]),
        "themes": [shapes.theme_json(t) for t in rows(Theme, Theme.workshop_id == w.id, order_by=[Theme.id])],
        "insights": [shapes.insight_json(i)
                     for i in rows(Insight, Insight.workshop_id == w.id, order_by=[Insight.id])],
        "review_items": review_items(w.id),
    }


def earlier_of(w: Workshop) -> dict | None:
    """For a follow-up's console: the earlier workshop, its determinant means and ownership gaps
    (to compare with now, live) and what was carried over from it."""
    e = workshop_by_code(w.follow_up_of) if w.follow_up_of else None
    if e is None:
        return None

    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model)
                                 .where(model.workshop_id == e.id, *where))

    return {
        "code": e.code, "title": e.title,
        "determinants": [{"key": d["key"], "mean": d["mean"]} for d in determinant_entries(e)],
        "gaps": aggregates.ownership_gaps(db.session.execute(
            select(Ownership.area, Ownership.role).where(Ownership.workshop_id == e.id)).all()),
        "carried": {"actors": count(Actor), "strategies": count(Strategy),
                    "actions": count(Action, Action.status != "done")},
    }


def review_items(workshop_id: int) -> list[dict]:
    return [shapes.review_item_json(i)
            for i in rows(ReviewItem, ReviewItem.workshop_id == workshop_id, order_by=[ReviewItem.id])]


def participants(w: Workshop, viewer: Viewer) -> list[dict]:
    """`state`'s participant list as `viewer` sees it (`live.roster` keeps it for connects)."""
    online = online_ids(w.id)
    people = db.session.execute(
        select(Participant.id, Participant.name, Participant.role, Participant.anonymous)
        .where(Participant.workshop_id == w.id, Participant.facilitator.is_(False),
               Participant.removed.is_(False))
        .order_by(Participant.id)).all()
    return [redaction.person(viewer, shapes.participant_json(p, p.id in online),
                             redaction.is_anonymous(p.anonymous, w.anonymous)) for p in people]


def snapshot(w: Workshop, me: Participant, shared: dict | None = None, people=None,
             stale: set | None = None) -> dict:
    """The `state` a client gets on connect (and from `sync` when events will not do);
    `shared` is `shared_state(w)` read in the same transaction as `w`, if already made, and
    `people` the participant list, if already made. The aggregates are as every client holds
    them (`held`); the kinds whose stored values differ go into `stale`, if given."""
    shared = shared if shared is not None else shared_state(w)
    viewer = viewer_of(me)
    facts = votes_facts(w)
    sent = held.sent(w.id)
    counts, ranks = held.votes(sent, shared["strategies"], tallies(w.id), stale)
    mine = votes_cast(me.id)
    my_scores = dict(db.session.execute(
        select(Rating.determinant, Rating.score).where(Rating.participant_id == me.id)).all())
    # Live comments are the facilitator's (redaction.FACILITATOR_ONLY).
    comments = determinant_comments(w.id) if viewer.facilitator else None
    determinants = [{**d, "my_score": my_scores.get(d["key"])}
                    for d in held.determinants(sent, determinant_entries(w), comments, stale)]
    card_counts = held.cards(sent, [c.id for c in shared["cards"]], card_tallies(w.id), stale)
    my_cards = card_votes_cast(me.id)
    return {
        "seq": w.last_seq,
        "workshop": shapes.workshop_json(w),
        "me": {"id": me.id, "name": me.name, "role": me.role, "facilitator": me.facilitator,
               "group": me.group,
               "votes_left": 0 if me.facilitator
               else rules.votes_left(w.votes_per_participant, sum(mine.values())),
               "card_votes_left": card_votes_left(w, me)},
        "participants": people if people is not None else participants(w, viewer),
        "actors": shared["actors"],
        "ownership": shared["ownership"],
        "stages": shared["stages"],
        "determinants": determinants,
        "weakest": aggregates.weakest(determinants),
        "strategies": [redaction.counted(viewer, {**shapes.strategy_json(s, counts.get(s.id, 0),
                                                                         mine.get(s.id, 0)),
                                                  "rank": ranks[s.id]}, facts)
                       for s in shared["strategies"]],
        "actions": shared["actions"],
        "cards": [redaction.content(viewer, {"card": shapes.card_json(c, card_counts.get(c.id, 0),
                                                                      my_cards.get(c.id, 0))},
                                    card_facts(w, c))["card"] for c in shared["cards"]],
        "themes": shared["themes"],
        "insights": shared["insights"],
        **({"earlier": earlier_of(w)} if viewer.facilitator and w.follow_up_of else {}),
        "review": {"items": shared["review_items"], "focus": w.review_focus},
    }


def replay(w: Workshop, me: Participant, since: int, max_events: int) -> dict:
    """`sync`: the events after `since` exactly as this client received them, or `state` when
    `since` is ahead, further behind than `max_events`, or older than the log keeps."""
    if since > w.last_seq or w.last_seq - since > max_events:
        return {"state": snapshot(w, me)}
    events = db.session.scalars(
        select(LogEntry).where(LogEntry.workshop_id == w.id, LogEntry.seq > since)
        .order_by(LogEntry.seq)).all()
    if len(events) != w.last_seq - since:  # the oldest of them were pruned
        return {"state": snapshot(w, me)}
    viewer = viewer_of(me)
    return {"events": [redaction.event(viewer, shapes.event_json(e), e.redaction) for e in events]}


# --- summaries ---------------------------------------------------------------------------

def summary(w: Workshop, viewer: Viewer, with_comparison: bool = True) -> dict:
    """summary.json for a workshop as `viewer` may read it (and, for a follow-up, what changed
    since the earlier one)."""
    participants = [{"name": name, "role": role, "group": group,
                     "anonymous": redaction.is_anonymous(anonymous, w.anonymous)}
                    for name, role, group, anonymous in db.session.execute(
        select(Participant.name, Participant.role, Participant.group, Participant.anonymous)
        .where(Participant.workshop_id == w.id, Participant.facilitator.is_(False),
               Participant.removed.is_(False))
        .order_by(Participant.id))]
    # Plain columns, not ORM objects: a large workshop has thousands of ratings.
    ratings = [{"key": key, "score": score, "comment": comment}
               for key, score, comment in db.session.execute(
                   select(Rating.determinant, Rating.score, Rating.comment).where(Rating.workshop_id == w.id)
                   .order_by(Rating.participant_id, Rating.determinant))]
    counts = tallies(w.id)
    strategies = [{"id": s.id, "title": s.title, "category": s.category, "description": s.description,
                   "origin": s.origin, "catalog_key": catalog.key_of(s.title, s.description),
                   "votes": counts.get(s.id, 0)}
                  for s in db.session.scalars(select(Strategy).where(Strategy.workshop_id == w.id))]
    card_counts = card_tallies(w.id)
    cards = [{"id": c.id, "step": c.step_id, "text": c.text, "theme_id": c.theme_id,
              "votes": card_counts.get(c.id, 0)}
             for c in rows(Card, Card.workshop_id == w.id, order_by=[Card.id])]
    earlier = workshop_by_code(w.follow_up_of) if with_comparison and w.follow_up_of else None
    return summaries.build(
        viewer=viewer, workshop=shapes.workshop_json(w), created_at=w.created_at, closed_at=w.closed_at,
        participants=participants,
        actors=[shapes.actor_json(a) for a in db.session.scalars(
            select(Actor).where(Actor.workshop_id == w.id).order_by(Actor.id))],
        ownership=[{"actor_id": o.actor_id, "area": o.area, "role": o.role}
                   for o in db.session.scalars(select(Ownership).where(Ownership.workshop_id == w.id)
                                               .order_by(Ownership.area, Ownership.actor_id))],
        stages=stages(w.id), ratings=ratings, strategies=strategies,
        actions=[shapes.action_json(a) for a in db.session.scalars(
            select(Action).where(Action.workshop_id == w.id).order_by(Action.id))],
        generated_at=utcnow(), groups=group_results(w.id),
        steps=shapes.all_steps_json(w), cards=cards, determinant_list=w.determinants,
        themes=[shapes.theme_json(t) for t in rows(Theme, Theme.workshop_id == w.id, order_by=[Theme.id])],
        insights=[shapes.insight_json(i)
                  for i in rows(Insight, Insight.workshop_id == w.id, order_by=[Insight.id])],
        review_items=review_items(w.id),
        facilitator_name=db.session.scalar(
            select(Participant.name).where(Participant.id == w.facilitator_id)),
        before=summary(earlier, viewer, with_comparison=False) if earlier else None)


def group_results(workshop_id: int) -> list[dict]:
    """Vote totals and determinant means per stakeholder group of at least three participants."""
    members = db.session.execute(select(Participant.id, Participant.group).where(
        Participant.workshop_id == workshop_id, Participant.facilitator.is_(False))).all()
    votes = db.session.execute(select(Vote.participant_id, Vote.strategy_id, Vote.count)
                               .where(Vote.workshop_id == workshop_id)).all()
    ratings = db.session.execute(select(Rating.participant_id, Rating.determinant, Rating.score)
                                 .where(Rating.workshop_id == workshop_id)).all()
    return groups.results(members, votes, ratings, strategy_votes(workshop_id))
