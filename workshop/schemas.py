"""One schema per socket event and HTTP body: handlers only ever see valid, clean data.

Types are strict (integers are JSON integers, booleans are booleans), unknown
fields are refused, strings are trimmed and stripped of control characters (C0, C1,
bidi overrides). A name or title needs at least one visible character; an optional text
made only of invisible ones counts as empty.
"""

import re
import unicodedata
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from .domain import goals, review, vocab
from .domain.rules import MAX_VOTES, RuleError
from .wire import TOO_DEEP

NAME_MAX = 120
TEXT_MAX = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069]")
# Format characters, combining marks and separators draw nothing on their own; these letters and
# symbols draw nothing either (Hangul fillers, braille blank, Khmer inherent vowels).
BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"})
BLANK_CHARACTERS = frozenset("\u115f\u1160\u17b4\u17b5\u3164\uffa0\u2800")
SURROGATE = re.compile(r"[\ud800-\udfff]")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean(value: str) -> str:
    if SURROGATE.search(value):
        # JSON may escape half a surrogate pair ("\\ud800"); no database can store it.
        raise ValueError("must be valid Unicode text")
    return CONTROL.sub("", value).strip()


def _one_line(value: str) -> str:
    return " ".join(_clean(value).split())


def visible(value: str) -> bool:
    """Whether any character of `value` shows on screen."""
    return any(ch not in BLANK_CHARACTERS and unicodedata.category(ch) not in BLANK_CATEGORIES
               for ch in value)


def _visible(value: str) -> str:
    if not visible(value):
        raise ValueError("must contain a visible character")
    return value


def _blank_is_none(value: str | None) -> str | None:
    return value if value and visible(value) else None


def _length(low: int, high: int):
    def check(value: str) -> str:
        if not low <= len(value) <= high:
            raise ValueError(f"must be {low}–{high} characters")
        return value
    return check


def _day(value: str) -> date:
    if not DAY.match(value):
        raise ValueError("must be a date as YYYY-MM-DD")
    return date.fromisoformat(value)


Name = Annotated[str, AfterValidator(_one_line), AfterValidator(_length(1, NAME_MAX)),
                 AfterValidator(_visible)]
ShortText = Annotated[str | None, AfterValidator(lambda v: _one_line(v) if v else v),
                      AfterValidator(lambda v: _length(0, NAME_MAX)(v) if v else v),
                      AfterValidator(_blank_is_none)]
LongText = Annotated[str | None, AfterValidator(lambda v: _clean(v) if v else v),
                     AfterValidator(lambda v: _length(0, TEXT_MAX)(v) if v else v),
                     AfterValidator(_blank_is_none)]
Id = Annotated[int, Field(ge=1, le=2**53)]
Percent = Annotated[int, Field(ge=0, le=100)]
Day = Annotated[str, AfterValidator(_day)]
Code = Annotated[str, Field(min_length=1, max_length=40)]
Op = Annotated[str, Field(min_length=1, max_length=120)]

Phase = Literal[vocab.STEP_KINDS]
ActorCategory = Literal[vocab.ACTOR_CATEGORIES]
Area = Literal[vocab.AREAS]
Role = Literal[vocab.ROLES]
StageName = Literal[vocab.STAGES]
# The five of the synthesis or a workshop's own (domain.determinants makes their keys).
Determinant = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,32}$")]
StrategyCategory = Literal[vocab.STRATEGY_CATEGORIES]
Status = Literal[vocab.ACTION_STATUSES]
Language = Literal[vocab.LANGUAGES]
Budget = Annotated[int, Field(ge=1, le=MAX_VOTES)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def given(self) -> dict[str, Any]:
        """Only the fields the client sent (an omitted field means 'leave as it is')."""
        return {name: getattr(self, name) for name in self.model_fields_set if name != "op"}


class Event(Schema):
    op: Op | None = None


class ActorAdd(Event):
    name: Name
    category: ActorCategory
    influence: Percent = 50
    interest: Percent = 50
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
    agenda: "Annotated[list[NewStep], Field(min_length=2, max_length=MAX_STEPS)] | None" = None


class Join(Schema):
    name: Name
    role: ShortText = None
    group: ActorCategory | None = None
    # Hide my name and role from the other participants (the facilitator still sees them).
    anonymous: bool = False


class Auth(Schema):
    code: Code
    token: Annotated[str, Field(min_length=1, max_length=200)]


class BrowserAuth(Schema):
    """Connect auth of a browser whose cookie session knows the person (no token)."""

    code: Code


# --- the agenda, question steps, editing and a workshop's own content (PROTOCOL v1.1) --------

MAX_STEPS = 40
CARD_MAX = 500
StepId = Annotated[str, Field(min_length=1, max_length=16)]
StepKind = Literal[vocab.STEP_KINDS]
CardText = Annotated[str, AfterValidator(_clean), AfterValidator(_length(1, CARD_MAX))]
Text = Annotated[str, AfterValidator(_clean), AfterValidator(_length(1, TEXT_MAX))]


class NewStep(Schema):
    """A step of an agenda sent with `POST /api/workshops`; "" wording means the default."""

    kind: StepKind
    title: ShortText = None
    prompt: LongText = None


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
CreateWorkshop.model_rebuild()


def parse(schema: type[Schema], payload: Any) -> Schema:
    """The payload as a schema instance, or RuleError('invalid') naming what is wrong."""
    if payload is TOO_DEEP:
        raise RuleError("invalid", "The JSON is nested too deeply.")
    if not isinstance(payload, dict):
        raise RuleError("invalid", "The payload must be a JSON object.")
    try:
        return schema.model_validate(payload)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_url=False)[:5]:
            where = ".".join(str(part) for part in item["loc"]) or "payload"
            problems.append(f"{where}: {item['msg']}")
        raise RuleError("invalid", "; ".join(problems)) from None
