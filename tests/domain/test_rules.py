"""Who may do what, vote budgets and vote settings: `workshop.domain.rules` on plain values."""

import itertools

import pytest

from workshop.domain import rules
from workshop.domain.rules import RuleError, VoteSettings
from workshop.domain.vocab import PHASES

FACILITATOR_ONLY = {"strategy:remove", "phase:set", "results:show", "workshop:lock", "workshop:settings"}
NEUTRAL = {"vote:cast", "vote:retract", "rating:set"}
CONTROLS_WHEN_CLOSED = {"phase:set", "results:show", "workshop:lock", "workshop:settings"}
CONTRACT_EVENTS = sorted(FACILITATOR_ONLY | NEUTRAL | {
    "actor:add", "actor:update", "actor:remove", "ownership:set", "stage:set", "strategy:add",
    "action:add", "action:update", "sync"})


def expected(event: str, facilitator: bool, phase: str, locked: bool) -> str | None:
    """The contract's answer, written out independently of the implementation."""
    if event == "sync":
        return None
    if event in FACILITATOR_ONLY and not facilitator:
        return "forbidden"
    if event in NEUTRAL and facilitator:
        return "forbidden"
    if phase == "closed" and event not in CONTROLS_WHEN_CLOSED:
        return "closed"
    if locked and not facilitator:
        return "closed"
    return None


def outcome(event: str, facilitator: bool, phase: str, locked: bool) -> str | None:
    try:
        rules.authorize(event, facilitator=facilitator, phase=phase, locked=locked)
    except RuleError as error:
        return error.code
    return None


@pytest.mark.parametrize("event", CONTRACT_EVENTS)
def test_authorize_answers_every_event_for_every_person_and_workshop_state(event):
    for facilitator, phase, locked in itertools.product((True, False), ("actors", "closed"), (False, True)):
        assert outcome(event, facilitator, phase, locked) == expected(event, facilitator, phase, locked), (
            event, facilitator, phase, locked)


def test_phases_other_than_closed_restrict_nothing():
    for phase in PHASES[:-1]:
        assert outcome("actor:add", False, phase, False) is None
        assert outcome("vote:cast", False, phase, False) is None


def test_facilitator_may_edit_content_while_locked_but_participants_may_not():
    assert outcome("actor:add", True, "actors", True) is None
    assert outcome("actor:add", False, "actors", True) == "closed"
    assert outcome("workshop:lock", True, "actors", True) is None


def test_facilitator_only_beats_closed_so_participants_learn_they_may_never_do_it():
    assert outcome("phase:set", False, "closed", True) == "forbidden"
    assert outcome("vote:cast", True, "closed", False) == "forbidden"


def test_votes_left_never_goes_below_zero():
    assert rules.votes_left(5, 0) == 5
    assert rules.votes_left(5, 3) == 2
    assert rules.votes_left(5, 5) == 0
    assert rules.votes_left(2, 5) == 0


def test_a_vote_within_budget_and_per_strategy_maximum_passes():
    rules.check_vote(budget=5, max_per_strategy=3, cast=4, on_strategy=2)


@pytest.mark.parametrize("cast, on_strategy", [(5, 0), (6, 1), (5, 3)])
def test_a_vote_beyond_the_budget_is_invalid(cast, on_strategy):
    with pytest.raises(RuleError) as refused:
        rules.check_vote(budget=5, max_per_strategy=3, cast=cast, on_strategy=on_strategy)
    assert refused.value.code == "invalid"


def test_a_vote_beyond_the_per_strategy_maximum_is_invalid():
    with pytest.raises(RuleError) as refused:
        rules.check_vote(budget=5, max_per_strategy=3, cast=3, on_strategy=3)
    assert refused.value.code == "invalid"
    assert "3" in refused.value.message


def test_vote_settings_default_to_five_votes_and_at_most_three_on_one_strategy():
    assert VoteSettings.create(None, None) == VoteSettings(5, 3)


@pytest.mark.parametrize("budget, per", [(1, 1), (2, 2), (3, 3), (10, 3), (20, 3)])
def test_default_per_strategy_maximum_is_min_of_three_and_budget(budget, per):
    assert VoteSettings.create(budget, None) == VoteSettings(budget, per)


@pytest.mark.parametrize("budget, per", [(1, 1), (20, 20), (20, 1), (7, 7)])
def test_vote_settings_within_bounds_are_kept(budget, per):
    assert VoteSettings.create(budget, per) == VoteSettings(budget, per)


@pytest.mark.parametrize("budget, per", [(0, None), (21, None), (5, 6), (5, 0), (-1, 1), (21, 21)])
def test_vote_settings_out_of_bounds_are_invalid(budget, per):
    with pytest.raises(RuleError) as refused:
        VoteSettings.create(budget, per)
    assert refused.value.code == "invalid"


def test_rule_error_carries_the_contract_error_shape():
    assert RuleError("closed", "The workshop is closed.").as_dict() == {
        "code": "closed", "message": "The workshop is closed."}


@pytest.mark.parametrize("event, facilitator, phase, locked, code", [
    ("card:add", False, "actors", False, "invalid"),
    ("card:vote", False, "info", False, "invalid"),
    ("card:vote", True, "question", False, "forbidden"),
    ("card:add", False, "closed", False, "closed"),
    ("card:add", False, "question", True, "closed"),
    ("card:add", True, "question", True, None),
    ("card:unvote", False, "actions", False, None),
    ("theme:add", False, "actions", False, None),
    ("insight:add", False, "question", False, "forbidden"),
    ("step:set", True, "closed", False, None),
    ("agenda:set", True, "closed", False, None),
    ("template:save", True, "closed", False, None),
    ("determinants:set", True, "closed", False, "closed"),
    ("review:set", False, "review", False, "forbidden"),
    ("review:focus", False, "review", False, "forbidden"),
    ("review:set", True, "review", True, None),
    ("review:focus", True, "closed", False, "closed"),
])
def test_question_step_events_follow_the_step_and_the_usual_rules(event, facilitator, phase, locked, code):
    assert outcome(event, facilitator, phase, locked) == code
