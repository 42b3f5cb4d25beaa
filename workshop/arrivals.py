"""Who arrives: what a join and a connect look up, each in one statement built once (SQLAlchemy
memoizes a statement's cache key on the object, so they pay for executing it, not for building
it), read as plain rows that no commit expires."""

from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, func, select

from .extensions import db
from .models import Participant, Workshop
from .reads import authenticate
from .tokens import hash_token, moved_token, normalize_code


class Person(NamedTuple):
    """Who connects, read once as plain values: a commit expires no attribute of it, so nothing
    is read again later (`Participant` has the same attributes)."""

    id: int
    workshop_id: int
    name: str | None
    role: str | None
    facilitator: bool
    group: str | None


_PEOPLE, _WORKSHOPS = Participant.__table__.c, Workshop.__table__.c
# A `Person`'s columns, in its order.
PERSON = (_PEOPLE.id, _PEOPLE.workshop_id, _PEOPLE.name, _PEOPLE.role, _PEOPLE.facilitator,
           _PEOPLE.stakeholder_group)
_CONNECTING = (select(*PERSON).join(Workshop.__table__, _WORKSHOPS.id == _PEOPLE.workshop_id)
               .where(_PEOPLE.token_hash == bindparam("token_hash"), _WORKSHOPS.code == bindparam("code"),
                      _PEOPLE.removed.is_(False)))
_JOINING = select(
    _WORKSHOPS.id, _WORKSHOPS.code, _WORKSHOPS.phase, _WORKSHOPS.joins_open, _WORKSHOPS.anonymous,
    select(func.count()).where(_PEOPLE.workshop_id == _WORKSHOPS.id, _PEOPLE.facilitator.is_(False),
                               _PEOPLE.removed.is_(False)).scalar_subquery().label("count"),
).where(_WORKSHOPS.code == bindparam("code"))


def joining(code: str):
    """What a join checks, in one statement: the workshop's id, code, phase, `joins_open` and
    `anonymous`, and how many participants it has (`count`); None for an unknown code."""
    return db.session.execute(_JOINING, {"code": normalize_code(code)}).first()


def person_of(p: Participant) -> Person:
    return Person(p.id, p.workshop_id, p.name, p.role, p.facilitator, p.group)


def connecting(code: str, token: str) -> Person | None:
    """`authenticate` for a connect, in one statement: the participant (or facilitator) holding
    `token` in the workshop with this code; the event's token as in `authenticate`."""
    found = db.session.execute(_CONNECTING, {"token_hash": hash_token(token),
                                             "code": normalize_code(code)}).first()
    if found is not None:
        return Person(*found)
    person = authenticate(code, token)
    return person_of(person) if person is not None else None


def moved(code: str, token: str, participant: dict) -> dict:
    """The `moved` message: the group someone is now in, who they are and their token there."""
    return {"code": code, "token": token, "participant": participant, "url": f"/join/{code}"}


def followed(code: str, token: str) -> dict | None:
    """Where the holder of an old token went, for a phone that was offline when the organiser
    moved them: the `moved` message their live connection got then, following later moves to
    where they are now; None for any other token, a facilitator's removal included. This grants
    nothing the old token did not grant before the move (connected at that moment, its holder
    got exactly this message), and the old token still opens nothing else."""
    person = db.session.scalar(
        select(Participant).join(Workshop, Workshop.id == Participant.workshop_id)
        .where(Participant.token_hash == hash_token(token), Workshop.code == normalize_code(code)))
    if person is None or person.moved_to is None:
        return None
    while person.moved_to is not None:
        token = moved_token(person.token_hash, current_app.config["SECRET_KEY"])
        person = db.session.get(Participant, person.moved_to)
        if person is None or person.token_hash != hash_token(token):
            return None  # their personal data was deleted since
    if person.removed:
        return None
    there = db.session.get(Workshop, person.workshop_id).code
    return moved(there, token, {"id": person.id, "name": person.name, "role": person.role})
