"""Determinant aggregates, ownership gaps, ranking and diffs: `workshop.domain.aggregates`."""

from workshop.domain import aggregates


def test_determinant_counts_means_and_histogram():
    assert aggregates.determinant("funding", [1, 2, 2, 5]) == {
        "key": "funding", "count": 4, "mean": 2.5, "histogram": [1, 2, 0, 0, 1]}


def test_mean_is_null_while_nobody_scored():
    assert aggregates.determinant("time", []) == {"key": "time", "count": 0, "mean": None,
                                                  "histogram": [0, 0, 0, 0, 0]}


def test_mean_is_rounded_to_two_decimals():
    assert aggregates.determinant("driver", [1, 1, 2])["mean"] == 1.33


def test_a_histogram_counted_elsewhere_gives_what_the_scores_give():
    scores = [1, 2, 2, 5, 4, 4, 4]
    histogram = [scores.count(score) for score in range(1, 6)]
    assert aggregates.counted("timing", histogram) == aggregates.determinant("timing", scores)
    assert aggregates.counted("time", [0, 0, 0, 0, 0]) == aggregates.determinant("time", [])


def test_every_determinant_is_listed_in_the_contract_order():
    result = aggregates.determinants([("timing", 4), ("driver", 2), ("timing", 2)])
    assert [d["key"] for d in result] == ["driver", "funding", "added_value", "timing", "time"]
    assert result[0]["count"] == 1 and result[3] == {
        "key": "timing", "count": 2, "mean": 3.0, "histogram": [0, 1, 0, 1, 0]}
    assert result[1]["mean"] is None


def test_every_area_without_driver_or_accountable_is_a_gap():
    assert aggregates.ownership_gaps([]) == [
        {"area": "intervention", "missing": ["driver", "accountable"]},
        {"area": "supply", "missing": ["driver", "accountable"]},
        {"area": "use", "missing": ["driver", "accountable"]},
    ]


def test_complete_areas_are_left_out_and_contributors_fill_no_gap():
    gaps = aggregates.ownership_gaps([
        ("intervention", "driver"), ("intervention", "accountable"),
        ("supply", "driver"), ("supply", "contributor"),
        ("use", "accountable"), ("use", "accountable"),
    ])
    assert gaps == [{"area": "supply", "missing": ["accountable"]}, {"area": "use", "missing": ["driver"]}]


def test_ranking_shares_ranks_on_ties_ordered_by_title_then_id():
    strategies = [
        {"id": 4, "title": "zeta", "votes": 3},
        {"id": 2, "title": "Beta", "votes": 3},
        {"id": 1, "title": "alpha", "votes": 5},
        {"id": 3, "title": "beta", "votes": 3},
        {"id": 5, "title": "Gamma", "votes": 0},
    ]
    ranked = aggregates.ranked(strategies)
    assert [(s["id"], s["rank"]) for s in ranked] == [(1, 1), (2, 2), (3, 2), (4, 2), (5, 5)]


def test_ranking_follows_1_2_2_4():
    ranked = aggregates.ranked([{"id": i, "title": t, "votes": v}
                                for i, t, v in [(1, "d", 1), (2, "c", 2), (3, "b", 2), (4, "a", 3)]])
    assert [(s["title"], s["rank"]) for s in ranked] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_changed_lists_only_entries_that_differ():
    assert aggregates.changed({"1": 2, "2": 0}, {"1": 2, "2": 1, "3": 0}, default=0) == {"2": 1}
    assert aggregates.changed({}, {"1": 0}, default=0) == {}
    assert aggregates.changed({}, {"1": 0}) == {"1": 0}


def test_the_weakest_determinants_are_all_those_tied_for_the_lowest_mean():
    scored = aggregates.determinants([("driver", 4), ("funding", 2), ("time", 3), ("time", 1), ("timing", 5)])
    assert aggregates.weakest(scored) == ["funding", "time"]
    assert aggregates.weakest(aggregates.determinants([("timing", 5), ("driver", 2)])) == ["driver"]


def test_nothing_is_weakest_while_nobody_scored():
    assert aggregates.weakest(aggregates.determinants([])) == []
