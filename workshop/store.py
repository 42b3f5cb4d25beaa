"""Reading and creating workshops in the database, and turning rows into contract JSON.

Every dict that leaves the server in `state`, events, acks and summaries is
made here, once per audience ("facilitator" or "participants").
"""

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import delete, func, select

from .domain import aggregates, goals, groups, rules
from .domain import summary as summaries
from .domain.catalog import catalog
from .domain.vocab import AREAS
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

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 8
FACILITATOR = "facilitator"
PARTICIPANTS = "participants"


def normalize_code(code: str) -> str:
    """Codes are typed as spoken: case, dashes and spaces do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough to make a leaked table useless.
    return hashlib.sha256(token.encode()).hexdigest()


def workshop_by_code(code: str) -> Workshop | None:
    return db.session.scalar(select(Workshop).where(Workshop.code == normalize_code(code)))


def authenticate(code: str, token: str) -> Participant | None:
    """The person this token belongs to, if it belongs to the workshop with this code."""
    person = db.session.scalar(select(Participant).where(Participant.token_hash == hash_token(token)))
    if person is None:
        return None
    workshop = db.session.get(Workshop, person.workshop_id)
    return person if workshop and workshop.code == normalize_code(code) else None


# --- serialisation -----------------------------------------------------------------------

def workshop_json(w: Workshop) -> dict:
    return {
        "code": w.code, "title": w.title, "intervention": w.intervention,
        "description": w.description, "language": w.language, "phase": w.phase,
        "locked": w.locked, "results_visible": w.results_visible,
        "follow_up_of": w.follow_up_of, "facilitator_id": w.facilitator_id,
        "settings": {
            "votes_per_participant": w.votes_per_participant,
            "max_votes_per_strategy": w.max_votes_per_strategy,
            "participants_can_download": w.participants_can_download,
            "anonymous": w.anonymous,
        },
        "timer": timer_json(w),
        "goals": goals.normalize(w.goals),
    }


def timer_json(w: Workshop) -> dict:
    ends_at = w.timer_ends_at.isoformat(timespec="seconds") + "Z" if w.timer_ends_at else None
    return {"ends_at": ends_at, "seconds": w.timer_seconds if ends_at else 0}


def hidden(p: Participant, audience: str, workshop_anonymous: bool) -> bool:
    """Participants do not see the name and role of someone who chose to be anonymous."""
    return workshop_anonymous or (p.anonymous and audience == PARTICIPANTS)


def participant_json(p: Participant, online: bool, hide_identity: bool = False) -> dict:
    return {"id": p.id, "name": None if hide_identity else p.name,
            "role": None if hide_identity else p.role, "online": online}


def actor_json(a: Actor) -> dict:
    return {"id": a.id, "name": a.name, "category": a.category, "influence": a.influence,
            "interest": a.interest, "note": a.note}


def strategy_json(s: Strategy, votes: int | None, my_votes: int = 0) -> dict:
    return {"id": s.id, "title": s.title, "category": s.category, "description": s.description,
            "origin": s.origin, "votes": votes, "my_votes": my_votes}


def action_json(a: Action) -> dict:
    return {"id": a.id, "title": a.title, "strategy_id": a.strategy_id,
            "owner_actor_id": a.owner_actor_id,
            "due": a.due.isoformat() if a.due else None, "status": a.status}


def audience_of(person: Participant) -> str:
    return FACILITATOR if person.facilitator else PARTICIPANTS


def votes_for(w: Workshop, audience: str, votes: int) -> int | None:
    """Vote counts are hidden from participants until the facilitator shows results."""
    return votes if audience == FACILITATOR or w.results_visible else None


# --- reading -----------------------------------------------------------------------------

def tallies(workshop_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.strategy_id, func.sum(Vote.count)).where(Vote.workshop_id == workshop_id)
        .group_by(Vote.strategy_id))
    return {strategy_id: int(total) for strategy_id, total in rows}


def votes_cast(participant_id: int) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.strategy_id, Vote.count).where(Vote.participant_id == participant_id))
    return dict(rows.all())


def determinant_aggregates(workshop_id: int) -> list[dict]:
    # Counted in SQL: at most 25 rows, however many people scored.
    rows = db.session.execute(
        select(Rating.determinant, Rating.score, func.count()).where(Rating.workshop_id == workshop_id)
        .group_by(Rating.determinant, Rating.score))
    return aggregates.determinants((key, score) for key, score, n in rows for _ in range(n))


def rows(model, *where, order_by):
    """Plain rows with the model's attributes, not ORM objects: `state` reads hundreds at once
    and changes none, and building identity-mapped objects was most of its time."""
    columns = [getattr(model, a.key) for a in model.__mapper__.column_attrs]
    return db.session.execute(select(*columns).where(*where).order_by(*order_by)).all()


def stages(workshop_id: int) -> dict[str, str | None]:
    found = dict(db.session.execute(
        select(Stage.area, Stage.stage).where(Stage.workshop_id == workshop_id)).all())
    return {area: found.get(area) for area in AREAS}


def online_ids(workshop_id: int) -> set[int]:
    return set(db.session.scalars(
        select(Connection.participant_id).where(Connection.workshop_id == workshop_id).distinct()))


def shared_state(w: Workshop) -> dict:
    """The part of `state` that is the same for everyone and changes only with a recorded event,
    so with `seq`: actors, ownership, stages, strategies (plain rows, votes added per person)
    and actions."""
    return {
        "actors": [actor_json(a) for a in rows(Actor, Actor.workshop_id == w.id, order_by=[Actor.id])],
        "ownership": [{"actor_id": o.actor_id, "area": o.area, "role": o.role}
                      for o in rows(Ownership, Ownership.workshop_id == w.id,
                                    order_by=[Ownership.actor_id, Ownership.area])],
        "stages": stages(w.id),
        "strategies": rows(Strategy, Strategy.workshop_id == w.id, order_by=[Strategy.id]),
        "actions": [action_json(a) for a in rows(Action, Action.workshop_id == w.id, order_by=[Action.id])],
    }


def snapshot(w: Workshop, me: Participant, shared: dict | None = None) -> dict:
    """The `state` a client gets on connect (and from `sync` when events will not do);
    `shared` is `shared_state(w)` read in the same transaction as `w`, if already made."""
    shared = shared if shared is not None else shared_state(w)
    audience = audience_of(me)
    hide = w.anonymous and audience == PARTICIPANTS
    online = online_ids(w.id)
    # Only the columns shown: this list is read on every connect, N rows for N people.
    people = db.session.execute(
        select(Participant.id, Participant.name, Participant.role, Participant.anonymous)
        .where(Participant.workshop_id == w.id, Participant.facilitator.is_(False))
        .order_by(Participant.id)).all()
    counts = tallies(w.id)
    mine = votes_cast(me.id)
    my_scores = dict(db.session.execute(
        select(Rating.determinant, Rating.score).where(Rating.participant_id == me.id)).all())
    determinants = [{**d, "my_score": my_scores.get(d["key"])} for d in determinant_aggregates(w.id)]
    return {
        "seq": w.last_seq,
        "workshop": workshop_json(w),
        "me": {"id": me.id, "name": me.name, "role": me.role, "facilitator": me.facilitator,
               "group": me.group,
               "votes_left": 0 if me.facilitator
               else rules.votes_left(w.votes_per_participant, sum(mine.values()))},
        "participants": [participant_json(p, p.id in online, hidden(p, audience, hide) and p.id != me.id)
                         for p in people],
        "actors": shared["actors"],
        "ownership": shared["ownership"],
        "stages": shared["stages"],
        "determinants": determinants,
        "strategies": [strategy_json(s, votes_for(w, audience, counts.get(s.id, 0)), mine.get(s.id, 0))
                       for s in shared["strategies"]],
        "actions": shared["actions"],
    }


def events_since(w: Workshop, audience: str, since: int) -> list[dict]:
    rows = db.session.scalars(
        select(Event).where(Event.workshop_id == w.id, Event.seq > since).order_by(Event.seq))
    return [event_json(e, audience) for e in rows]


def event_json(e: Event, audience: str) -> dict:
    data = e.participant_data if audience == PARTICIPANTS and e.participant_data is not None else e.data
    return {"seq": e.seq, "type": e.type, "data": data, "by": e.by}


# --- creating ----------------------------------------------------------------------------

def unique_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Workshop.id).where(Workshop.code == code)) is None:
            return code


def create_workshop(fields: dict, earlier: Workshop | None) -> tuple[Workshop, str]:
    """A new workshop with its facilitator; returns it with the facilitator's token."""
    settings = rules.VoteSettings.create(fields["votes_per_participant"], fields["max_votes_per_strategy"])
    w = Workshop(
        code=unique_code(), title=fields["title"], intervention=fields["intervention"],
        description=fields["description"], language=fields["language"],
        votes_per_participant=settings.votes_per_participant,
        max_votes_per_strategy=settings.max_votes_per_strategy,
        results_visible=not fields["results_hidden"],
        participants_can_download=fields["participants_can_download"],
        anonymous=fields["anonymous"], follow_up_of=earlier.code if earlier else None,
        sent_tallies={}, sent_ratings={}, goals=dict(earlier.goals) if earlier else {})
    db.session.add(w)
    db.session.flush()
    token, token_hash = new_token()
    facilitator = Participant(workshop_id=w.id, name=fields["facilitator_name"], facilitator=True,
                              token_hash=token_hash)
    db.session.add(facilitator)
    db.session.flush()
    w.facilitator_id = facilitator.id
    if earlier:
        carry_over(earlier, w)
    else:
        db.session.add_all(Strategy(workshop_id=w.id, **s) for s in catalog(w.language))
    return w, token


def carry_over(earlier: Workshop, w: Workshop) -> None:
    """A follow-up starts from the earlier actors, ownership, stages, strategies and open actions."""
    actor_ids, strategy_ids = {}, {}
    for a in db.session.scalars(select(Actor).where(Actor.workshop_id == earlier.id).order_by(Actor.id)):
        copy = Actor(workshop_id=w.id, name=a.name, category=a.category, influence=a.influence,
                     interest=a.interest, note=a.note)
        db.session.add(copy)
        db.session.flush()
        actor_ids[a.id] = copy.id
    for o in db.session.scalars(select(Ownership).where(Ownership.workshop_id == earlier.id)):
        db.session.add(Ownership(workshop_id=w.id, actor_id=actor_ids[o.actor_id], area=o.area, role=o.role))
    for s in db.session.scalars(select(Stage).where(Stage.workshop_id == earlier.id)):
        db.session.add(Stage(workshop_id=w.id, area=s.area, stage=s.stage))
    for s in db.session.scalars(select(Strategy).where(Strategy.workshop_id == earlier.id)
                                .order_by(Strategy.id)):
        copy = Strategy(workshop_id=w.id, title=s.title, category=s.category,
                        description=s.description, origin=s.origin)
        db.session.add(copy)
        db.session.flush()
        strategy_ids[s.id] = copy.id
    for a in db.session.scalars(select(Action).where(Action.workshop_id == earlier.id,
                                                     Action.status != "done").order_by(Action.id)):
        db.session.add(Action(workshop_id=w.id, title=a.title, status=a.status, due=a.due,
                              strategy_id=strategy_ids.get(a.strategy_id),
                              owner_actor_id=actor_ids.get(a.owner_actor_id)))


def add_participant(w: Workshop, name: str, role: str | None, group: str | None,
                    anonymous: bool = False) -> tuple[Participant, str]:
    token, token_hash = new_token()
    person = Participant(workshop_id=w.id, name=name, role=role, group=group, anonymous=anonymous,
                         token_hash=token_hash)
    db.session.add(person)
    db.session.flush()
    return person, token


def participant_count(workshop_id: int) -> int:
    return db.session.scalar(select(func.count(Participant.id)).where(
        Participant.workshop_id == workshop_id, Participant.facilitator.is_(False)))


def forget_connections(server_id: str) -> None:
    """Connections a previous run of this server left behind are not online any more."""
    db.session.execute(delete(Connection).where(Connection.server_id == server_id))


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def summary(w: Workshop, with_comparison: bool = True) -> dict:
    """summary.json for a workshop (and, for a follow-up, what changed since the earlier one)."""
    participants = [{"name": None if p.anonymous else p.name, "role": p.role, "group": p.group}
                    for p in db.session.scalars(
        select(Participant).where(Participant.workshop_id == w.id, Participant.facilitator.is_(False))
        .order_by(Participant.id))]
    # Plain columns, not ORM objects: a large workshop has thousands of ratings.
    ratings = [{"key": key, "score": score, "comment": comment}
               for key, score, comment in db.session.execute(
                   select(Rating.determinant, Rating.score, Rating.comment).where(Rating.workshop_id == w.id)
                   .order_by(Rating.participant_id, Rating.determinant))]
    counts = tallies(w.id)
    strategies = [{"id": s.id, "title": s.title, "category": s.category, "description": s.description,
                   "origin": s.origin, "votes": counts.get(s.id, 0)}
                  for s in db.session.scalars(select(Strategy).where(Strategy.workshop_id == w.id))]
    earlier = workshop_by_code(w.follow_up_of) if with_comparison and w.follow_up_of else None
    return summaries.build(
        workshop=workshop_json(w), created_at=w.created_at, closed_at=w.closed_at,
        participants=participants,
        actors=[actor_json(a) for a in db.session.scalars(
            select(Actor).where(Actor.workshop_id == w.id).order_by(Actor.id))],
        ownership=[{"actor_id": o.actor_id, "area": o.area, "role": o.role}
                   for o in db.session.scalars(select(Ownership).where(Ownership.workshop_id == w.id)
                                               .order_by(Ownership.area, Ownership.actor_id))],
        stages=stages(w.id), ratings=ratings, strategies=strategies,
        actions=[action_json(a) for a in db.session.scalars(
            select(Action).where(Action.workshop_id == w.id).order_by(Action.id))],
        generated_at=utc_now(), groups=group_results(w.id),
        facilitator_name=db.session.scalar(
            select(Participant.name).where(Participant.id == w.facilitator_id)),
        before=summary(earlier, with_comparison=False) if earlier else None)


def group_results(workshop_id: int) -> list[dict]:
    """Vote totals and determinant means per stakeholder group of at least three participants."""
    members = db.session.execute(select(Participant.id, Participant.group).where(
        Participant.workshop_id == workshop_id, Participant.facilitator.is_(False))).all()
    votes = db.session.execute(select(Vote.participant_id, Vote.strategy_id, Vote.count)
                               .where(Vote.workshop_id == workshop_id)).all()
    ratings = db.session.execute(select(Rating.participant_id, Rating.determinant, Rating.score)
                                 .where(Rating.workshop_id == workshop_id)).all()
    return groups.results(members, votes, ratings)
