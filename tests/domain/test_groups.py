"""Per-group results leave out every group too small to keep its members anonymous."""

from workshop.domain.groups import MIN_GROUP, results


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
