"""Per-group results leave out every group too small to keep its members anonymous."""

from workshop.domain.groups import MIN_GROUP, TOP_VOTES, results, top, top_strategies


def test_only_groups_of_at_least_three_are_shown():
    members = [(1, "provider"), (2, "provider"), (3, "provider"), (4, "policy"), (5, "policy"), (6, None)]
    votes = [(1, 10, 2), (2, 10, 1), (3, 11, 1), (4, 10, 3), (6, 10, 1)]
    ratings = [(1, "funding", 2), (2, "funding", 3), (3, "funding", 5), (4, "funding", 1)]
    shown = results(members, votes, ratings)
    assert MIN_GROUP == 3
    assert [g["group"] for g in shown] == ["provider"]
    provider = shown[0]
    assert provider["participants"] == 3
    assert provider["votes"] == [{"strategy_id": 10, "votes": 3}, {"strategy_id": 11, "votes": 1}]
    funding = next(d for d in provider["determinants"] if d["key"] == "funding")
    assert funding == {"key": "funding", "count": 3, "mean": 3.33}


def test_a_groups_top_strategies_follow_the_ranking_and_keep_ties_with_the_last():
    titles = ["Scholing", "bekostiging", "Ambassadeurs", "Data", "Coalitie"]
    strategies = [{"id": i, "title": title} for i, title in enumerate(titles, start=1)]
    votes = [{"strategy_id": 1, "votes": 5}, {"strategy_id": 2, "votes": 2}, {"strategy_id": 3, "votes": 2},
             {"strategy_id": 4, "votes": 2}, {"strategy_id": 5, "votes": 0}]
    assert TOP_VOTES == 3
    # Ties in title order, case aside, as the ranking orders them; all three tied with the third stay.
    assert [v["strategy_id"] for v in top(votes, strategies)] == [1, 3, 2, 4]
    assert top(votes[:2], strategies) == [{"strategy_id": 1, "votes": 5}, {"strategy_id": 2, "votes": 2}]
    assert top([{"strategy_id": 5, "votes": 0}], strategies) == []


def test_results_carry_each_groups_top_strategies():
    members = [(1, "provider"), (2, "provider"), (3, "provider")]
    titles = [{"id": 10, "title": "A"}, {"id": 11, "title": "B"}]
    shown = results(members, [(1, 10, 1), (2, 11, 2)], [], titles)
    assert shown[0]["top"] == [{"strategy_id": 11, "votes": 2}, {"strategy_id": 10, "votes": 1}]


def test_the_workshops_top_strategies_keep_ties_with_the_third_as_a_groups_do():
    strategies = [{"id": 1, "title": "Lobby", "votes": 5}, {"id": 2, "title": "Coalitie", "votes": 3},
                  {"id": 3, "title": "Training", "votes": 2}, {"id": 4, "title": "Advocacy", "votes": 2},
                  {"id": 5, "title": "Pilot", "votes": 1}, {"id": 6, "title": "Media", "votes": 0}]
    assert [s["id"] for s in top_strategies(strategies)] == [1, 2, 4, 3]
    assert top_strategies([{"id": 7, "title": "Stil", "votes": None}]) == []
