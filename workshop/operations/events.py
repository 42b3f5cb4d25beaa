"""Creating an event: its groups are ordinary workshops (`create.create_workshop`), each with a
plenary slide before its end, so "move everyone to the plenary" is one step in every group.
Moving a person between its groups (`participant_move`)."""

from sqlalchemy import func, select

from ..bodies import CreateEvent, CreateWorkshop
from ..domain import agenda as agendas
from ..domain import assignment
from ..domain import events as rules
from ..domain.rules import RuleError
from ..extensions import db
from ..i18n import translate
from ..models import Event, Participant, Step, Workshop
from ..reads import connection_ids
from ..schemas import ParticipantRemove
from ..tokens import new_code, new_token
from ..validation import parse
from .change import Change, get
from .control import participant_remove
from .create import add_participant, create_workshop


def unique_code() -> str:
    """Event codes never equal a workshop's code, so a code typed anywhere means one thing."""
    while True:
        code = new_code()
        taken = db.session.scalar(select(Workshop.id).where(Workshop.code == code)) or \
            db.session.scalar(select(Event.id).where(Event.code == code))
        if taken is None:
            return code


def create_event(fields: CreateEvent, owner_id: int | None) -> tuple[Event, str, list[tuple[Workshop, str]]]:
    """The event with its token, and every group with its facilitator's token, in the order given."""
    rules.check_groups(len(fields.groups))
    rules.check_slides(len(fields.slides))
    token, token_hash = new_token()
    event = Event(code=unique_code(), title=fields.title, description=fields.description,
                  language=fields.language, token_hash=token_hash, owner_id=owner_id,
                  assignment=fields.assignment,
                  slides=[{"title": s.title, "text": s.text or ""} for s in fields.slides])
    db.session.add(event)
    db.session.flush()
    groups = []
    for group in fields.groups:
        # Each group is validated as the workshop it becomes: one place for a workshop's defaults.
        values = parse(CreateWorkshop, {**group.model_dump(exclude_none=True), "language": fields.language})
        w, group_token = create_workshop(values.model_dump(), None)
        w.event_id = event.id
        add_plenary_slide(w, event)
        groups.append((w, group_token))
    db.session.flush()
    return event, token, groups


def add_plenary_slide(w: Workshop, event: Event) -> None:
    """An info step just before `closed` that sends the group's screens to the room's display."""
    steps = list(db.session.scalars(select(Step).where(Step.workshop_id == w.id)))
    end = next(st for st in steps if st.kind == "closed" and st.position is not None)
    language = event.language
    db.session.add(Step(workshop_id=w.id, id=agendas.next_id({st.id for st in steps}), kind="info",
                        title=translate(language, "event.plenary.step"),
                        prompt=translate(language, "event.plenary.prompt", title=event.title),
                        position=end.position))
    end.position += 1


def as_group(w: Workshop) -> assignment.Group:
    """A group as `domain.assignment` sees it, its people counted now (in the move's transaction)."""
    people = db.session.scalar(select(func.count()).where(
        Participant.workshop_id == w.id, Participant.facilitator.is_(False), Participant.removed.is_(False)))
    return assignment.Group(w.id, w.event_id, w.phase, w.joins_open, people)


def participant_move(change: Change, p) -> dict:
    """The organiser moves someone to another group of the event (`p.to`): there a new participant
    with their name, role, stakeholder group and anonymity; here removed as `participant:remove`
    does (token replaced, connections forgotten), what they added stays. One transaction, with the
    source group held: its connects wait, so `connections` (the sids the caller tells where to go
    and then closes) are all the person has."""
    person = get(Participant, p.id, change, "participant")
    if person.facilitator or person.removed:
        raise RuleError("invalid", "Only a participant of the group can be moved.")
    target = db.session.get(Workshop, p.to)
    if target is None:
        raise RuleError("not_found", "No such group.")
    assignment.check_move(p.event, as_group(change.stored()), as_group(target), p.cap)
    added, token = add_participant(target, person.name, person.role, person.group, person.anonymous)
    connections = connection_ids(person.id)
    participant_remove(change, ParticipantRemove(id=person.id))
    return {"participant": {"id": added.id, "name": added.name, "role": added.role}, "token": token,
            "code": target.code, "connections": connections}
