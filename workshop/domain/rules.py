"""Who may do what, and when; vote budgets; workshop settings. No Flask, no database."""

from dataclasses import dataclass

MAX_VOTES = 20

FACILITATOR_ONLY = frozenset(
    {"strategy:remove", "phase:set", "results:show", "workshop:lock", "workshop:settings", "goals:set",
     "timer:set", "participant:remove", "participant:move", "agenda:set", "step:set", "insight:add",
     "insight:update", "insight:remove", "determinants:set", "template:save", "review:focus", "review:set"})
# The facilitator stays neutral: no votes, no scores.
PARTICIPANT_ONLY = frozenset({"vote:cast", "vote:retract", "rating:set", "rating:clear", "card:vote",
                              "card:unvote"})
# Controls that still work once the workshop is closed (phase:set and step:set reopen it);
# saving a template changes nothing in the workshop.
OPEN_WHEN_CLOSED = frozenset({"phase:set", "step:set", "agenda:set", "results:show", "workshop:lock",
                              "workshop:settings", "participant:remove", "participant:move", "template:save"})
# Answers to the question of the current step: only while that step is a question.
DURING_QUESTION = frozenset({"card:add", "card:vote"})
READS = frozenset({"sync"})


class RuleError(Exception):
    """A refused change, with the contract's error code (invalid, forbidden, closed, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


def authorize(event: str, *, facilitator: bool, phase: str, locked: bool) -> None:
    """Raise RuleError unless this person may send this event in this workshop state."""
    if event in READS:
        return
    if event in FACILITATOR_ONLY and not facilitator:
        raise RuleError("forbidden", "Only the facilitator can do this.")
    if event in PARTICIPANT_ONLY and facilitator:
        raise RuleError("forbidden", "The facilitator does not vote or score.")
    if phase == "closed" and event not in OPEN_WHEN_CLOSED:
        raise RuleError("closed", "The workshop is closed.")
    if locked and not facilitator:
        raise RuleError("closed", "The workshop is locked by the facilitator.")
    if event in DURING_QUESTION and phase != "question":
        raise RuleError("invalid", "Cards are added and voted on during a question step.")


def votes_left(budget: int, cast: int) -> int:
    """Lowering a budget never deletes cast votes, so this never goes below zero."""
    return max(0, budget - cast)


def check_vote(*, budget: int, max_per_strategy: int, cast: int, on_strategy: int,
               item: str = "strategy") -> None:
    """One more vote fits the budget (for cards: per question step) and the cap on one `item`."""
    if cast >= budget:
        raise RuleError("invalid", "You have no votes left.")
    if on_strategy >= max_per_strategy:
        raise RuleError("invalid", f"At most {max_per_strategy} votes on one {item}.")


@dataclass(frozen=True)
class VoteSettings:
    votes_per_participant: int = 5
    max_votes_per_strategy: int = 3

    @classmethod
    def create(cls, votes_per_participant: int | None, max_votes_per_strategy: int | None):
        """Defaults of the contract: 5 votes, at most min(3, budget) on one strategy."""
        budget = 5 if votes_per_participant is None else votes_per_participant
        per = min(3, budget) if max_votes_per_strategy is None else max_votes_per_strategy
        return cls(budget, per).checked()

    def checked(self) -> "VoteSettings":
        if not 1 <= self.max_votes_per_strategy <= self.votes_per_participant <= MAX_VOTES:
            raise RuleError(
                "invalid",
                "Votes must satisfy 1 ≤ max_votes_per_strategy ≤ votes_per_participant ≤ 20.")
        return self
