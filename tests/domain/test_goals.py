"""Scaling goals: partial updates, progress per measure, and steps on the level and embedding scales."""

import pytest

from workshop.domain import goals


def test_a_partial_change_keeps_what_it_does_not_mention():
    current = goals.merge({}, {"locations": {"now": 12, "goal": 40}, "note": "Landelijk in vijf jaar"})
    updated = goals.merge(current, {"locations": {"now": 15}, "level": {"goal": "national"}})
    assert updated["locations"] == {"now": 15, "goal": 40}
    assert updated["level"] == {"now": None, "goal": "national"}
    assert updated["note"] == "Landelijk in vijf jaar"
    assert updated["participants"] == {"now": None, "goal": None}


def test_an_unknown_measure_is_refused():
    with pytest.raises(KeyError):
        goals.merge({}, {"budget": {"now": 1}})


def test_normalize_fills_in_an_empty_or_older_record():
    assert goals.normalize(None) == goals.empty()
    assert goals.normalize({"locations": {"now": 3}})["locations"] == {"now": 3, "goal": None}
    assert not goals.is_set({})
    assert goals.is_set({"quality": "Effect aangetoond"})


@pytest.mark.parametrize(("measure", "now", "goal", "reached"), [
    ("locations", 40, 40, True), ("locations", 39, 40, False), ("providers", None, 10, None),
    ("level", "national", "regional", True), ("level", "local", "regional", False),
    ("embedding", "partly", "yes", False), ("embedding", "yes", "yes", True),
])
def test_reached_reads_counts_and_scales(measure, now, goal, reached):
    assert goals.reached(measure, now, goal) is reached


def test_rows_show_progress_since_the_earlier_workshop():
    before = {"locations": {"now": 12, "goal": 40}, "level": {"now": "local", "goal": "national"},
              "embedding": {"now": "yes"}}
    now = {"locations": {"now": 20, "goal": 40}, "level": {"now": "regional", "goal": "national"},
           "embedding": {"now": "partly", "goal": "yes"}}
    rows = {r["measure"]: r for r in goals.rows(now, before)}
    assert rows["locations"] == {"measure": "locations", "now": 20, "goal": 40, "reached": False,
                                 "before": 12, "change": 8}
    assert rows["level"]["change"] == 1
    assert rows["embedding"]["change"] == -1
    assert rows["participants"]["change"] is None
    assert [r["measure"] for r in goals.rows(now)] == list(goals.MEASURES)
    assert "before" not in goals.rows(now)[0]
