"""The bodies of the HTTP routes: creating a workshop (with its agenda), an event and a participant;
an event's settings and the organiser's moves."""

from typing import Annotated, Literal

from pydantic import Field

from .domain.assignment import MODES
from .validation import (
    MAX_STEPS,
    ActorCategory,
    Budget,
    Code,
    Id,
    Language,
    LongText,
    Name,
    Schema,
    ShortText,
    StepKind,
)


class NewStep(Schema):
    """A step of an agenda sent with `POST /api/workshops`; "" wording means the default."""

    kind: StepKind
    title: ShortText = None
    prompt: LongText = None


class CreateWorkshop(Schema):
    title: Name
    intervention: Name
    description: LongText = None
    language: Language = "nl"
    votes_per_participant: Budget | None = None
    max_votes_per_strategy: Budget | None = None
    results_hidden: bool = True
    follow_up_of: Code | None = None
    participants_can_download: bool = False
    anonymous: bool = False
    facilitator_name: ShortText = None
    # A built-in agenda ("scaling", "focus_group", "follow_up") or a saved template's id.
    template: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    agenda: Annotated[list[NewStep], Field(min_length=2, max_length=MAX_STEPS)] | None = None


class Join(Schema):
    name: Name
    role: ShortText = None
    group: ActorCategory | None = None
    # Hide my name and role from the other participants (the facilitator still sees them).
    anonymous: bool = False


class EventSlide(Schema):
    title: Name
    text: LongText = None


class EventGroup(Schema):
    """One group of `POST /api/events`: an ordinary workshop, from a template or an agenda."""

    title: Name
    intervention: Name
    template: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    agenda: Annotated[list[NewStep], Field(min_length=2, max_length=MAX_STEPS)] | None = None
    facilitator_name: ShortText = None


class CreateEvent(Schema):
    title: Name
    language: Language = "nl"
    description: LongText = None
    slides: list[EventSlide] = []
    # Counted by domain.events (1..12), so the error names the rule.
    groups: Annotated[list[EventGroup], Field(max_length=100)]
    # How the event's link places people (domain.assignment).
    assignment: Literal[MODES] = "choose"


class EventSettings(Schema):
    """`PATCH /api/events/{code}`: what the organiser may change later."""

    assignment: Literal[MODES]


class Move(Schema):
    """`POST /api/events/{code}/moves`: this participant (of any group of the event) to the group
    with this code."""

    participant: Id
    to: Code
