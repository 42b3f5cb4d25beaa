"""Creating an event: its groups are ordinary workshops (`create.create_workshop`), each with a
plenary slide before its end, so "move everyone to the plenary" is one step in every group."""

from sqlalchemy import select

from ..bodies import CreateEvent, CreateWorkshop
from ..domain import agenda as agendas
from ..domain import events as rules
from ..extensions import db
from ..i18n import translate
from ..models import Event, Step, Workshop
from ..tokens import new_code, new_token
from ..validation import parse
from .create import create_workshop


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
