"""The JSON shapes of the contract, made from rows: the full copy, as the facilitator sees it.

What a participant may not see is taken out afterwards, in one place
(`domain.redaction`).
"""

from .domain import agenda as agendas
from .domain import catalog, goals
from .domain import determinants as determinant_lists
from .models import Action, Actor, LogEntry, Participant, ReviewItem, Step, Strategy, Template, Workshop


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
        "agenda": agenda_json(w),
        "step": w.step_id,
        "off_agenda": [step_json(st) for st in steps_off_agenda(w)],
        "determinants": determinant_lists.listed(w.determinants),
        "determinants_off_list": determinant_lists.off_list(w.determinants),
    }


def step_json(st: Step) -> dict:
    return agendas.step(st.id, st.kind, st.title, st.prompt)


def agenda_json(w: Workshop) -> list[dict]:
    """The steps on the agenda, in order (`Workshop.steps` holds every step)."""
    return [step_json(st) for st in sorted((st for st in w.steps if st.position is not None),
                                           key=lambda st: st.position)]


def steps_off_agenda(w: Workshop) -> list[Step]:
    """Steps taken off the agenda, oldest first: their content stays and they can come back."""
    return sorted((st for st in w.steps if st.position is None), key=lambda st: agendas.number_of(st.id))


def all_steps_json(w: Workshop) -> list[dict]:
    return agenda_json(w) + [step_json(st) for st in steps_off_agenda(w)]


def card_json(c, votes: int, my_votes: int | None = None) -> dict:
    """A card (a row or an object); `my_votes` only in personal copies (state, acks)."""
    data = {"id": c.id, "step": c.step_id, "text": c.text, "author_id": c.author_id,
            "theme_id": c.theme_id, "votes": votes}
    if my_votes is not None:
        data["my_votes"] = my_votes
    return data


def theme_json(t) -> dict:
    return {"id": t.id, "step": t.step_id, "title": t.title}


def insight_json(i) -> dict:
    return {"id": i.id, "step": i.step_id, "text": i.text}


def template_json(t: Template) -> dict:
    return {"id": t.id, "name": t.name, "language": t.language,
            "created_at": t.created_at.isoformat(timespec="seconds") + "Z", **t.content}


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
            "origin": s.origin, "catalog_key": catalog.key_of(s.title, s.description),
            "votes": votes, "my_votes": my_votes}


def action_json(a: Action) -> dict:
    return {"id": a.id, "title": a.title, "strategy_id": a.strategy_id,
            "owner_actor_id": a.owner_actor_id,
            "due": a.due.isoformat() if a.due else None, "status": a.status}


def review_item_json(i: ReviewItem) -> dict:
    return {"id": i.id, "title": i.title, "owner": i.owner, "due": i.due.isoformat() if i.due else None,
            "status": i.status, "outcome": i.outcome, "note": i.note, "action_id": i.action_id}


def event_json(e: LogEntry) -> dict:
    return {"seq": e.seq, "type": e.type, "data": e.data, "by": e.by}
