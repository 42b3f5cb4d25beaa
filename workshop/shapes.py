"""The JSON shapes of the contract, made from rows: the full copy, as the facilitator sees it.

What a participant may not see is taken out afterwards, in one place
(`domain.redaction`).
"""

from .domain import goals
from .models import Action, Actor, Event, Participant, Strategy, Workshop


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
            "joins_open": w.joins_open,
        },
        "timer": timer_json(w),
        "goals": goals.normalize(w.goals),
    }


def timer_json(w: Workshop) -> dict:
    ends_at = w.timer_ends_at.isoformat(timespec="seconds") + "Z" if w.timer_ends_at else None
    return {"ends_at": ends_at, "seconds": w.timer_seconds if ends_at else 0}


def participant_json(p: Participant, online: bool) -> dict:
    return {"id": p.id, "name": p.name, "role": p.role, "online": online}


def actor_json(a: Actor) -> dict:
    return {"id": a.id, "name": a.name, "category": a.category, "influence": a.influence,
            "interest": a.interest, "note": a.note}


def strategy_json(s: Strategy, votes: int, my_votes: int = 0) -> dict:
    return {"id": s.id, "title": s.title, "category": s.category, "description": s.description,
            "origin": s.origin, "votes": votes, "my_votes": my_votes}


def action_json(a: Action) -> dict:
    return {"id": a.id, "title": a.title, "strategy_id": a.strategy_id,
            "owner_actor_id": a.owner_actor_id,
            "due": a.due.isoformat() if a.due else None, "status": a.status}


def event_json(e: Event) -> dict:
    return {"seq": e.seq, "type": e.type, "data": e.data, "by": e.by}
