"""The timeline from plain summaries: the chain of follow-ups, the figures per workshop, gaps opened
and closed, and each action's status across the workshops."""

from workshop.domain import timeline


def summary(code, created, follow_up_of=None, *, means=None, gaps=None, stages=None, actions=()):
    means = means or {}
    return {
        "workshop": {"code": code, "title": f"Workshop {code}", "intervention": "Beweegkuur",
                     "phase": "closed", "created_at": created, "closed_at": None,
                     "follow_up_of": follow_up_of},
        "participants": {"count": 3},
        "determinants": [{"key": k, "mean": means.get(k), "count": 3 if k in means else 0, "label": k}
                         for k in ("driver", "funding", "added_value", "timing", "time")],
        "ownership": {"gaps": gaps or [],
                      "stages": stages or {"intervention": None, "supply": None, "use": None}},
        "actions": [{"title": title, "status": status, "due": None, "owner": None}
                    for title, status in actions],
        "goals": {"measures": [], "quality": None, "note": None},
    }


def test_the_family_of_a_workshop_reaches_back_to_the_first_and_forward_to_every_follow_up():
    parents = {"A": None, "B": "A", "C": "B", "D": "B", "X": None}
    children = lambda codes: [c for c, p in parents.items() if p in codes]  # noqa: E731
    assert sorted(timeline.family("C", parents.get, children)) == ["A", "B", "C", "D"]
    assert timeline.family("X", parents.get, children) == ["X"]


def test_a_loop_in_the_links_does_not_hang():
    parents = {"A": "B", "B": "A"}
    children = lambda codes: [c for c, p in parents.items() if p in codes]  # noqa: E731
    assert sorted(timeline.family("A", parents.get, children)) == ["A", "B"]


def test_workshops_come_oldest_first_with_the_contract_figures():
    built = timeline.build([
        summary("BBBB2222", "2025-03-01T10:00:00Z", "AAAA2222", means={"driver": 4.5},
                actions=[("Bellen", "done"), ("Mailen", "doing")]),
        summary("AAAA2222", "2024-03-01T10:00:00Z", means={"driver": 3.0},
                actions=[("Bellen", "open"), ("Mailen", "open"), ("Flyer", "done")]),
    ])
    first, second = built["workshops"]
    assert [first["code"], second["code"]] == ["AAAA2222", "BBBB2222"]
    assert set(first) >= {"code", "title", "created_at", "closed_at", "determinants", "gaps", "stages",
                          "actions"}
    assert first["determinants"][0] == {"key": "driver", "mean": 3.0, "count": 3}
    assert first["actions"] == {"open": 2, "doing": 0, "done": 1}
    assert second["actions"] == {"open": 0, "doing": 1, "done": 1}


def test_gaps_closed_and_opened_are_counted_against_the_workshop_followed_up():
    built = timeline.build([
        summary("AAAA2222", "2024-01-01T00:00:00Z",
                gaps=[{"area": "supply", "missing": ["driver", "accountable"]}]),
        summary("BBBB2222", "2025-01-01T00:00:00Z", "AAAA2222",
                gaps=[{"area": "supply", "missing": ["accountable"]},
                      {"area": "use", "missing": ["driver"]}]),
    ])
    first, second = built["workshops"]
    assert first["gaps_closed"] == [] and first["gaps_opened"] == []
    assert second["gaps_closed"] == [{"area": "supply", "role": "driver"}]
    assert second["gaps_opened"] == [{"area": "use", "role": "driver"}]


def test_an_action_is_followed_by_its_title_across_workshops():
    built = timeline.build([
        summary("AAAA2222", "2024-01-01T00:00:00Z",
                actions=[("Trainers opleiden", "open"), ("Flyer", "done")]),
        summary("BBBB2222", "2025-01-01T00:00:00Z", "AAAA2222", actions=[("trainers  Opleiden", "doing")]),
        summary("CCCC2222", "2026-01-01T00:00:00Z", "BBBB2222",
                actions=[("Trainers opleiden", "done"), ("Platform", "open")]),
    ])
    assert [{k: row[k] for k in ("title", "statuses")} for row in built["action_history"]] == [
        {"title": "Trainers opleiden", "statuses": ["open", "doing", "done"]},
        {"title": "Flyer", "statuses": ["done", None, None]},
        {"title": "Platform", "statuses": [None, None, "open"]},
    ]


def test_the_review_of_each_follow_up_is_in_the_action_history():
    reviewed = summary("BBBB2222", "2025-01-01T00:00:00Z", "AAAA2222", actions=[("Bellen", "done")])
    reviewed["review"] = {"items": [{"title": "Bellen", "outcome": "done", "note": "Gebeld"},
                                    {"title": "Flyer", "outcome": "dropped", "note": None}]}
    built = timeline.build([summary("AAAA2222", "2024-01-01T00:00:00Z",
                                    actions=[("Bellen", "open"), ("Flyer", "open")]), reviewed])
    assert built["action_history"] == [
        {"title": "Bellen", "statuses": ["open", "done"], "outcomes": [None, "done"]},
        {"title": "Flyer", "statuses": ["open", None], "outcomes": [None, "dropped"]},
    ]
    assert built["workshops"][1]["review"][0] == {"title": "Bellen", "outcome": "done", "note": "Gebeld"}


def test_within_one_second_a_follow_up_comes_after_the_workshop_it_follows():
    same = "2026-01-01T10:00:00Z"
    built = timeline.build([summary("AAAA3333", same, "ZZZZ3333"), summary("ZZZZ3333", same, "MMMM3333"),
                            summary("MMMM3333", same)])
    assert [w["code"] for w in built["workshops"]] == ["MMMM3333", "ZZZZ3333", "AAAA3333"]
