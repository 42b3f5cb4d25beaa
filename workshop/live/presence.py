"""Presence: who came or went since the last message, at most once per interval per
workshop. Not part of the `seq` stream; an anonymous participant sees their own name."""

from collections.abc import Collection

from sqlalchemy import bindparam, select

from .. import shapes
from ..domain import redaction
from ..extensions import db
from ..models import Participant, Workshop
from . import fanout

_W, _P = Workshop.__table__.c, Participant.__table__.c
# Built once (their cache keys are memoized); plain rows: a message names dozens of people
# while a room joins, and none of them is changed.
WORKSHOP = select(_W.id, _W.created_at, _W.anonymous, _W.facilitator_id).where(_W.id == bindparam("workshop"))
_PEOPLE = (select(_P.id, _P.name, _P.role, _P.anonymous)
           .where(_P.id.in_(bindparam("ids", expanding=True)), _P.facilitator.is_(False))
           .order_by(_P.id))


def messages(w, ids: set[int], online: Collection[int]) -> list[fanout.Emit]:
    """`w`: a `WORKSHOP` row; `online`: the ids of everyone online in it (the facilitator too)."""
    people = db.session.execute(_PEOPLE, {"ids": sorted(ids)}).all()
    hidden = [p.id for p in people if redaction.is_anonymous(p.anonymous, w.anonymous)]
    facts = redaction.facts(anonymous=hidden)
    message = {"online": len(online) - (w.facilitator_id in online),
               "changed": [shapes.participant_json(p, p.id in online) for p in people]}
    return fanout.copies("presence", w, lambda viewer: redaction.presence(viewer, message, facts),
                         redaction.personal(facts))
