"""One schema per socket event (and the connect auth), made of the field types in
`validation.py`; `EVENTS` maps each event name to its schema."""

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .domain import goals, review
from .validation import (
    MAX_STEPS,
    ActorCategory,
    Area,
    Budget,
    CardText,
    Code,
    Day,
    Determinant,
    Id,
    LongText,
    Name,
    Op,
    Percent,
    Phase,
    Role,
    Schema,
    ShortText,
    StageName,
    Status,
    StepId,
    StepKind,
    StrategyCategory,
    Text,
    _blank_is_none,
    _clean,
    _length,
)


class Event(Schema):
    op: Op | None = None


class ActorAdd(Event):
    name: Name
    category: ActorCategory
    influence: Percent = None  # both left out: the server picks a free spot
    interest: Percent = None
    note: LongText = None


class ActorUpdate(Event):
    id: Id
    name: Name = None
    category: ActorCategory = None
    influence: Percent = None
    interest: Percent = None
    note: LongText = None


class ById(Event):
    id: Id


class OwnershipSet(Event):
    actor_id: Id
    area: Area
    role: Role | None


class StageSet(Event):
    area: Area
    stage: StageName | None


class RatingSet(Event):
    determinant: Determinant
    score: Annotated[int, Field(ge=1, le=5)]
    comment: LongText = None


class StrategyAdd(Event):
    title: Name
    category: StrategyCategory
    description: LongText = None


class VoteOn(Event):
    strategy_id: Id


class ActionAdd(Event):
    title: Name
    strategy_id: Id | None = None
    owner_actor_id: Id | None = None
    due: Day | None = None
    status: Status = "open"


class ActionUpdate(Event):
    id: Id
    title: Name = None
    status: Status = None
    strategy_id: Id | None = None
    owner_actor_id: Id | None = None
    due: Day | None = None


class Sync(Event):
    since: Annotated[int, Field(ge=0)]


class PhaseSet(Event):
    phase: Phase


class ResultsShow(Event):
    visible: bool


class Lock(Event):
    locked: bool


class TimerSet(Event):
    seconds: Annotated[int, Field(ge=0, le=7200)]


class CountGoal(Schema):
    now: Annotated[int, Field(ge=0, le=10**9)] | None = None
    goal: Annotated[int, Field(ge=0, le=10**9)] | None = None


class LevelGoal(Schema):
    now: Literal[goals.LEVELS] | None = None
    goal: Literal[goals.LEVELS] | None = None


class EmbeddingGoal(Schema):
    now: Literal[goals.EMBEDDING] | None = None
    goal: Literal[goals.EMBEDDING] | None = None


class GoalsSet(Event):
    """Any of the measures (each {now?, goal?}) and notes; what is left out stays as it is."""

    participants: CountGoal = None
    providers: CountGoal = None
    locations: CountGoal = None
    level: LevelGoal = None
    embedding: EmbeddingGoal = None
    quality: LongText = None
    note: LongText = None


class Settings(Event):
    title: Name = None
    intervention: Name = None
    description: LongText = None
    votes_per_participant: Budget = None
    max_votes_per_strategy: Budget = None
    participants_can_download: bool = None
    anonymous: bool = None
    joins_open: bool = None


class ParticipantRemove(Event):
    """Remove a participant; `content` also removes their votes and scores."""

    id: Id
    content: bool = False


class ParticipantMove(Event):
    """Not a client event: the organiser's move (`POST /api/events/{code}/moves`), performed in the
    source group like `participant:remove`; `to` is the target group's id, `event` the event's and
    `cap` the participants a group takes (`MAX_PARTICIPANTS`)."""

    id: Id
    to: Id
    event: Id
    cap: Id


EVENTS: dict[str, type[Event]] = {
    "actor:add": ActorAdd,
    "actor:update": ActorUpdate,
    "actor:remove": ById,
    "ownership:set": OwnershipSet,
    "stage:set": StageSet,
    "rating:set": RatingSet,
    "strategy:add": StrategyAdd,
    "strategy:remove": ById,
    "vote:cast": VoteOn,
    "vote:retract": VoteOn,
    "action:add": ActionAdd,
    "action:update": ActionUpdate,
    "sync": Sync,
    "phase:set": PhaseSet,
    "results:show": ResultsShow,
    "workshop:lock": Lock,
    "workshop:settings": Settings,
    "timer:set": TimerSet,
    "goals:set": GoalsSet,
    "participant:remove": ParticipantRemove,
}


class Auth(Schema):
    code: Code
    token: Annotated[str, Field(min_length=1, max_length=200)]


class BrowserAuth(Schema):
    """Connect auth of a browser whose cookie session knows the person (no token)."""

    code: Code



# --- the agenda, question steps, editing and a workshop's own content (PROTOCOL v1.1) --------


class AgendaStep(Schema):
    """A step of `agenda:set`: with `id` an existing step (omitted wording is kept), without a new one."""

    id: StepId = None
    kind: StepKind = None
    title: ShortText = None
    prompt: LongText = None


class AgendaSet(Event):
    agenda: Annotated[list[AgendaStep], Field(min_length=2, max_length=MAX_STEPS)]


class StepSet(Event):
    step: StepId


class CardAdd(Event):
    text: CardText
    anonymous: bool = False


class CardUpdate(Event):
    id: Id
    text: CardText = None
    theme_id: Id | None = None


class ThemeAdd(Event):
    step: StepId
    title: Name


class ThemeUpdate(Event):
    id: Id
    title: Name


class InsightAdd(Event):
    step: StepId
    text: Text


class InsightUpdate(Event):
    id: Id
    text: Text


class StrategyUpdate(Event):
    id: Id
    title: Name = None
    category: StrategyCategory = None
    description: LongText = None


class RatingClear(Event):
    determinant: Determinant


class DeterminantEntry(Schema):
    """One determinant of `determinants:set`: with `key` an existing one, without a new one."""

    key: Determinant = None
    label: ShortText = None
    help: LongText = None


class DeterminantsSet(Event):
    determinants: Annotated[list[DeterminantEntry], Field(min_length=1, max_length=20)]


class TemplateSave(Event):
    name: Name


Outcome = Literal[review.OUTCOMES]
Note = Annotated[str | None, AfterValidator(lambda v: _clean(v) if v else v),
                 AfterValidator(lambda v: _length(0, review.NOTE_MAX)(v) if v else v),
                 AfterValidator(_blank_is_none)]


class ReviewFocus(Event):
    id: Id | None


class ReviewSet(Event):
    id: Id
    outcome: Outcome | None = None
    note: Note = None
    owner_actor_id: Id | None = None
    due: Day | None = None


EVENTS.update({
    "agenda:set": AgendaSet,
    "step:set": StepSet,
    "card:add": CardAdd,
    "card:update": CardUpdate,
    "card:remove": ById,
    "card:vote": ById,
    "card:unvote": ById,
    "theme:add": ThemeAdd,
    "theme:update": ThemeUpdate,
    "theme:remove": ById,
    "insight:add": InsightAdd,
    "insight:update": InsightUpdate,
    "insight:remove": ById,
    "strategy:update": StrategyUpdate,
    "action:remove": ById,
    "rating:clear": RatingClear,
    "determinants:set": DeterminantsSet,
    "template:save": TemplateSave,
    "review:focus": ReviewFocus,
    "review:set": ReviewSet,
})
