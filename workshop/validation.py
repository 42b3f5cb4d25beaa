"""The one way input is validated: the field types every schema is made of, the strict base
schema, and `parse`, which turns a payload into a schema instance or a RuleError.

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

from .domain import vocab
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

MAX_STEPS = 40
CARD_MAX = 500
# The server makes step ids (at most 16 characters); a longer one is simply on no agenda (not_found).
StepId = Annotated[str, Field(min_length=1, max_length=NAME_MAX)]
StepKind = Literal[vocab.STEP_KINDS]
CardText = Annotated[str, AfterValidator(_clean), AfterValidator(_length(1, CARD_MAX))]
Text = Annotated[str, AfterValidator(_clean), AfterValidator(_length(1, TEXT_MAX))]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def given(self) -> dict[str, Any]:
        """Only the fields the client sent (an omitted field means 'leave as it is')."""
        return {name: getattr(self, name) for name in self.model_fields_set if name != "op"}


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
