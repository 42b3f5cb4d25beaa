"""Presence: who came or went since the last message, at most once per interval per
workshop. Not part of the `seq` stream; an anonymous participant sees their own name."""

from sqlalchemy import select

from .. import reads, shapes
from ..domain import redaction
from ..extensions import db
from ..models import Participant, Workshop
from . import fanout


def messages(w: Workshop, ids: set[int]) -> list[fanout.Emit]:
    online = reads.online_ids(w.id)
    people = db.session.scalars(select(Participant).where(
        Participant.id.in_(ids), Participant.facilitator.is_(False)).order_by(Participant.id)).all()
    hidden = [p.id for p in people if redaction.is_anonymous(p.anonymous, w.anonymous)]
    facts = redaction.facts(anonymous=hidden)
    message = {"online": len(online - {w.facilitator_id}),
               "changed": [shapes.participant_json(p, p.id in online) for p in people]}
    return fanout.copies("presence", w, lambda viewer: redaction.presence(viewer, message, facts),
                         redaction.personal(facts))
