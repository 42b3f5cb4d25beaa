"""Who goes to which group of an event, as plain Python: which groups take people, where the
event's link places a newcomer, and which moves the organiser may make."""

import pytest

from workshop.domain.assignment import REASONS, Group, check_move, emptiest, reason, refusal
from workshop.domain.rules import RuleError

CAP = 10


def group(id, people=0, phase="lobby", joins_open=True, event_id=1):
    return Group(id=id, event_id=event_id, phase=phase, joins_open=joins_open, people=people)


def test_a_group_takes_people_while_open_and_below_the_cap():
    assert refusal(group(1, people=CAP - 1), CAP) is None


@pytest.mark.parametrize(
    "taken", [group(1, phase="closed"), group(1, joins_open=False), group(1, people=CAP)]
)
def test_a_closed_or_full_group_takes_nobody(taken):
    assert refusal(taken, CAP).code == "closed"


@pytest.mark.parametrize(
    "taken, why",
    [
        (group(1, phase="closed", joins_open=False, people=CAP), "closed"),
        (group(1, joins_open=False, people=CAP), "joins_closed"),
        (group(1, people=CAP), "full"),
        (group(1, people=CAP - 1), None),
    ],
)
def test_the_reason_a_group_takes_nobody_is_the_first_that_holds(taken, why):
    assert reason(taken, CAP) == why
    assert (refusal(taken, CAP) is None) if why is None else refusal(taken, CAP).message == REASONS[why]


def test_a_newcomer_goes_to_the_group_with_the_fewest_people():
    assert emptiest([group(1, 3), group(2, 1), group(3, 2)], CAP).id == 2


def test_of_equally_empty_groups_the_first():
    assert emptiest([group(1, 2), group(2, 1), group(3, 1)], CAP).id == 2


def test_closed_and_full_groups_are_passed_over():
    groups = [group(1, 0, phase="closed"), group(2, 0, joins_open=False), group(3, CAP), group(4, 5)]
    assert emptiest(groups, CAP).id == 4


def test_nowhere_to_go_when_no_group_takes_people():
    assert emptiest([group(1, phase="closed"), group(2, CAP)], CAP) is None
    assert emptiest([], CAP) is None


def test_a_move_within_the_event_to_an_open_group():
    check_move(1, group(1, 4), group(2, 3), CAP)


@pytest.mark.parametrize(
    "target, code",
    [
        (group(2, phase="closed"), "closed"),
        (group(2, joins_open=False), "closed"),
        (group(2, people=CAP), "closed"),
        (group(2, event_id=7), "invalid"),
        (group(1), "invalid"),  # the group they are in
    ],
)
def test_a_move_to_a_closed_full_foreign_or_the_same_group_is_refused(target, code):
    with pytest.raises(RuleError) as refused:
        check_move(1, group(1, 4), target, CAP)
    assert refused.value.code == code


def test_a_move_out_of_another_events_group_is_refused():
    with pytest.raises(RuleError) as refused:
        check_move(1, group(1, event_id=7), group(2), CAP)
    assert refused.value.code == "invalid"
