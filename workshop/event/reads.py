"""Reading events: who is the organiser, the organiser's overview, the groups' summaries."""

import threading
from collections import OrderedDict

from flask import Flask, current_app, session
from sqlalchemy import func, select

from .. import downloads, limits
from ..accounts import logins
from ..accounts.access import iso
from ..domain import agenda as agendas
from ..domain import assignment
from ..domain import events as rules
from ..extensions import db
from ..models import Card, CardVote, Connection, Event, Participant, Step, Vote, Workshop
from ..summaries import Kept, kept
from ..tokens import bearer, hash_token, normalize_code


def event_by_code(code: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.code == normalize_code(code)))


def groups_of(event: Event) -> list[Workshop]:
    return list(
        db.session.scalars(select(Workshop).where(Workshop.event_id == event.id).order_by(Workshop.id))
    )


def is_organiser(event: Event, header: str) -> bool:
    """A bearer token that is the event's; without a header, this browser's cookie session (it
    exchanged the token before) or the logged-in account that created the event."""
    if header:
        token = bearer(header)
        return token is not None and hash_token(token) == event.token_hash
    if event.id in session.get("events", ()):
        return True
    account = logins.current()
    return account is not None and event.owner_id == account.user.id


def organised(code: str, header: str) -> Event:
    """The event with this code, for its organiser only; a wrong code or token counts as a failed
    lookup (limits.lookup), like a workshop's."""

    def find() -> Event | None:
        event = event_by_code(code)
        return event if event is not None and is_organiser(event, header) else None

    found = limits.lookup(find)
    rules.authorize(found is not None)
    return found


def event_json(event: Event) -> dict:
    return {
        "code": event.code,
        "title": event.title,
        "description": event.description,
        "language": event.language,
        "slides": event.slides,
        "assignment": event.assignment,
        "created_at": iso(event.created_at),
        "plenary_at": iso(event.plenary_at),
    }


def overview(event: Event) -> dict:
    """`GET /api/events/{code}`: per group its step, people, cards and votes, in a few grouped
    queries whatever the number of groups (the organiser's page polls it)."""
    groups = groups_of(event)
    ids = [w.id for w in groups]
    cap = current_app.config["MAX_PARTICIPANTS"]

    def per_workshop(counted, column, *where) -> dict[int, int]:
        """`counted` (a count or sum) per workshop of `column`'s table."""
        owner = column.table.c.workshop_id
        return {
            i: int(n)
            for i, n in db.session.execute(
                select(owner, counted).where(owner.in_(ids), *where).group_by(owner)
            )
        }

    def distinct(column, *where):
        return per_workshop(func.count(func.distinct(column)), column, *where)

    def total(column):
        return per_workshop(func.coalesce(func.sum(column), 0), column)

    listed = {}  # workshop id -> its participants, in the order they joined (the organiser moves them)
    connected = set(
        db.session.scalars(
            select(Connection.participant_id)
            .join(Participant, Participant.id == Connection.participant_id)
            .where(Participant.workshop_id.in_(ids))
        )
    )
    rows = select(Participant.id, Participant.workshop_id, Participant.name, Participant.role).where(
        Participant.workshop_id.in_(ids), Participant.facilitator.is_(False), Participant.removed.is_(False)
    )
    for p in db.session.execute(rows.order_by(Participant.id)):
        listed.setdefault(p.workshop_id, []).append(
            {"id": p.id, "name": p.name, "role": p.role, "online": p.id in connected}
        )
    people = {i: len(found) for i, found in listed.items()}
    # Participants connected now; the group's facilitator (console, organiser) is not counted.
    online = {i: sum(p["online"] for p in found) for i, found in listed.items()}
    cards = distinct(Card.id)
    card_votes, votes = total(CardVote.count), total(Vote.count)
    steps = {}
    for st in db.session.scalars(
        select(Step)
        .where(Step.workshop_id.in_(ids), Step.position.is_not(None))
        .order_by(Step.workshop_id, Step.position)
    ):
        steps.setdefault(st.workshop_id, []).append(st)
    result = []
    for w in groups:
        agenda = steps.get(w.id, [])
        at = next((n for n, st in enumerate(agenda) if st.id == w.step_id), 0)
        current = agenda[at] if agenda else None
        number, of = agendas.position([st.kind for st in agenda], at)
        result.append(
            {
                "code": w.code,
                "title": w.title,
                "intervention": w.intervention,
                "phase": w.phase,
                "participants": people.get(w.id, 0),
                "online": online.get(w.id, 0),
                "refusal": assignment.reason(
                    assignment.Group(w.id, w.event_id, w.phase, w.joins_open, people.get(w.id, 0)), cap
                ),
                "people": listed.get(w.id, []),
                "cards": cards.get(w.id, 0),
                "votes": card_votes.get(w.id, 0) + votes.get(w.id, 0),
                "step": {
                    "id": current.id,
                    "kind": current.kind,
                    "number": number,
                    "of": of,
                    "title": agendas.title(
                        agendas.step(current.id, current.kind, current.title, None), w.language
                    ),
                }
                if current
                else None,
            }
        )
    return {"event": event_json(event), "groups": result}


def as_groups(event: Event) -> list[assignment.Group]:
    """The event's groups as `domain.assignment` sees them, in the event's order, in one statement."""
    people = (
        select(func.count())
        .where(
            Participant.workshop_id == Workshop.id,
            Participant.facilitator.is_(False),
            Participant.removed.is_(False),
        )
        .scalar_subquery()
    )
    return [
        assignment.Group(*row)
        for row in db.session.execute(
            select(Workshop.id, Workshop.event_id, Workshop.phase, Workshop.joins_open, people)
            .where(Workshop.event_id == event.id)
            .order_by(Workshop.id)
        )
    ]


def summaries(event: Event) -> list[Kept]:
    """Every group's summary.json as its facilitator reads it, in the event's order: kept while
    the group did not change (`workshop.summaries`), so an unchanged event costs a few grouped
    statements and a changed one only its changed groups."""
    return kept().many(groups_of(event))


class Comparisons:
    """The plenary's comparison per event, kept while no group changed as far as one grouped
    statement tells: a room display polls it. A group changes its `last_seq` with every change
    (coalesced votes and scores within their interval), and joins change its number of people;
    both are part of the key. When it changed, only the changed groups' summaries are made
    again (`summaries`)."""

    def __init__(self, size: int = 64):
        self.size = size
        self._kept: OrderedDict[int, tuple[tuple, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, event: Event) -> dict:
        groups = groups_of(event)
        people = dict(
            db.session.execute(
                select(Participant.workshop_id, func.count())
                .where(
                    Participant.workshop_id.in_([w.id for w in groups]),
                    Participant.facilitator.is_(False),
                    Participant.removed.is_(False),
                )
                .group_by(Participant.workshop_id)
            ).all()
        )
        key = tuple((w.id, w.last_seq, people.get(w.id, 0)) for w in groups)
        with self._lock:
            found = self._kept.get(event.id)
            if found is not None and found[0] == key:
                self._kept.move_to_end(event.id)
                return found[1]
        made = kept().comparison(kept().many(groups))
        with self._lock:
            self._kept[event.id] = (key, made)
            self._kept.move_to_end(event.id)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
        return made


def init_app(app: Flask) -> None:
    app.extensions["comparisons"] = Comparisons()


def comparison(event: Event) -> dict:
    """The plenary's comparison across the groups (`Comparisons`)."""
    return current_app.extensions["comparisons"].get(event)


def summary(event: Event) -> tuple[dict, str]:
    """`summary.json` of the event, `{"event", "groups": [summary.json of each]}`, with its digest
    (`downloads.event_digest`)."""
    groups = summaries(event)
    own = event_json(event)
    return {"event": own, "groups": [g.summary for g in groups]}, downloads.event_digest(
        own, [g.digest for g in groups]
    )


def facilitator_of(w: Workshop) -> Participant:
    return db.session.get(Participant, w.facilitator_id)
