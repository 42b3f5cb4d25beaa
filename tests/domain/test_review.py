"""The action review's rules, as plain functions."""

from types import SimpleNamespace as Row

import pytest

from workshop.domain import review
from workshop.domain.rules import RuleError


@pytest.mark.parametrize(("outcome", "status", "after"), [
    (None, "open", "open"), (None, "doing", "doing"), ("done", "open", "done"), ("doing", "open", "doing"),
    ("dropped", "doing", None), ("carried_over", "doing", "open")])
def test_the_outcome_decides_what_the_follow_ups_action_becomes(outcome, status, after):
    assert review.follow_up_status(outcome, status) == after


def test_a_new_owner_or_due_date_goes_only_with_carrying_over():
    review.check_set("carried_over", {"outcome", "owner_actor_id", "due"})
    review.check_set("done", {"outcome", "note"})
    for outcome in (None, "done", "doing", "dropped"):
        with pytest.raises(RuleError) as refused:
            review.check_set(outcome, {"due"})
        assert refused.value.code == "invalid"


def test_the_summary_section_says_where_each_action_went():
    items = [
        {"title": "A", "owner": "GGD", "due": "2026-01-01", "status": "open", "outcome": "done",
         "note": "Klaar", "action_id": 1},
        {"title": "B", "owner": None, "due": None, "status": "doing", "outcome": "carried_over", "note": None,
         "action_id": 2},
        {"title": "C", "owner": None, "due": None, "status": "open", "outcome": "dropped", "note": None,
         "action_id": None},
        {"title": "D", "owner": None, "due": None, "status": "open", "outcome": None, "note": None,
         "action_id": 9}]
    actions = [{"id": 1, "owner": "GGD", "due": "2026-01-01"},
               {"id": 2, "owner": "Gemeente", "due": "2027-06-01"}]
    section = review.section(items, actions)
    assert section["counts"] == {"done": 1, "doing": 0, "dropped": 1, "carried_over": 1, "open": 1}
    assert [(r["title"], r["new_owner"], r["new_due"]) for r in section["items"]] == [
        ("A", "GGD", "2026-01-01"), ("B", "Gemeente", "2027-06-01"), ("C", None, None), ("D", None, None)]


def test_a_follow_up_carries_over_and_reviews_the_actions_not_done_in_their_order():
    actions = [Row(id=3, title="C", status="doing", due=None),
               Row(id=1, title="A", status="open", due="2027-01-01"),
               Row(id=2, title="B", status="done", due=None)]
    carried = review.carried_over(actions)
    assert [a.id for a in carried] == [1, 3]
    assert review.item(carried[0], "GGD", 7) == {"title": "A", "owner": "GGD", "due": "2027-01-01",
                                                 "status": "open", "action_id": 7}
