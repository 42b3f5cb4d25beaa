"""summary.json from plain values, and the comparison with an earlier workshop."""

from datetime import datetime

from workshop.domain import summary
from workshop.domain.redaction import FACILITATOR

WORKSHOP = {"code": "ABCD2345", "title": "Beweegkuur", "intervention": "Beweegkuur", "description": None,
            "language": "en", "phase": "closed", "locked": True, "results_visible": True,
            "follow_up_of": None, "facilitator_id": 1,
            "settings": {"votes_per_participant": 5, "max_votes_per_strategy": 3,
                         "participants_can_download": False, "anonymous": False}}
ACTORS = [{"id": 1, "name": "GGD", "category": "provider", "influence": 60, "interest": 80, "note": None},
          {"id": 2, "name": "Gemeente", "category": "policy", "influence": 90, "interest": 40, "note": None}]


def build(**overrides):
    fields = dict(
        viewer=FACILITATOR,
        workshop=WORKSHOP, created_at=datetime(2026, 1, 5, 9, 0), closed_at=datetime(2026, 1, 5, 11, 30),
        participants=[{"name": "Bram", "role": "GGD", "anonymous": False},
                      {"name": "anna", "role": "GGD", "anonymous": False},
                      {"name": "Carla", "role": None, "anonymous": False}],
        actors=ACTORS,
        ownership=[{"actor_id": 1, "area": "intervention", "role": "driver"},
                   {"actor_id": 2, "area": "intervention", "role": "accountable"},
                   {"actor_id": 2, "area": "supply", "role": "driver"}],
        stages={"intervention": "do", "supply": "can", "use": None},
        ratings=[{"key": "funding", "score": 2, "comment": "Alleen projectgeld"},
                 {"key": "funding", "score": 4, "comment": None},
                 {"key": "driver", "score": 5, "comment": ""}],
        strategies=[{"id": 10, "title": "Lobby", "category": "dissemination", "votes": 2},
                    {"id": 11, "title": "Evaluate", "category": "monitoring", "votes": 4},
                    {"id": 12, "title": "Business case", "category": "dissemination", "votes": 2}],
        actions=[{"id": 1, "title": "Call the alderman", "strategy_id": 10, "owner_actor_id": 2,
                  "due": "2026-03-01", "status": "done"}],
        generated_at=datetime(2026, 1, 5, 12, 0))
    fields.update(overrides)
    return summary.build(**fields)


def test_summary_has_the_contract_shape():
    s = build()
    assert {"workshop", "generated_at", "participants", "actors", "ownership", "determinants",
            "strategies", "actions", "compared_to"} <= set(s)
    assert s["workshop"]["created_at"] == "2026-01-05T09:00:00Z"
    assert s["workshop"]["closed_at"] == "2026-01-05T11:30:00Z"
    assert s["workshop"]["code"] == "ABCD2345"
    assert s["generated_at"] == "2026-01-05T12:00:00Z"
    assert s["participants"]["count"] == 3
    assert s["participants"]["by_role"] == {"": 1, "GGD": 2}
    assert s["actors"] == ACTORS
    assert s["compared_to"] is None


def test_ownership_names_actors_lists_stages_and_flags_gaps():
    ownership = build()["ownership"]
    assert [(a["actor"], a["area"], a["role"]) for a in ownership["assignments"]] == [
        ("GGD", "intervention", "driver"), ("Gemeente", "intervention", "accountable"),
        ("Gemeente", "supply", "driver")]
    assert ownership["stages"] == {"intervention": "do", "supply": "can", "use": None}
    assert ownership["gaps"] == [{"area": "supply", "missing": ["accountable"]},
                                 {"area": "use", "missing": ["driver", "accountable"]}]


def test_determinants_carry_label_aggregates_and_non_empty_comments():
    determinants = {d["key"]: d for d in build()["determinants"]}
    assert list(determinants) == ["driver", "funding", "added_value", "timing", "time"]
    assert determinants["funding"] == {"key": "funding", "label": "Funding", "count": 2, "mean": 3.0,
                                       "histogram": [0, 1, 0, 1, 0], "comments": ["Alleen projectgeld"]}
    assert determinants["driver"]["comments"] == []
    assert determinants["time"]["mean"] is None and determinants["time"]["count"] == 0


def test_the_weakest_determinants_are_named_by_key():
    assert build()["weakest"] == ["funding"]


def test_labels_follow_the_workshop_language():
    dutch = build(workshop={**WORKSHOP, "language": "nl"})
    assert dutch["determinants"][1]["label"] == "Financiering"


def test_strategies_are_ranked_by_votes_with_shared_ranks():
    assert [(s["title"], s["votes"], s["rank"]) for s in build()["strategies"]] == [
        ("Evaluate", 4, 1), ("Business case", 2, 2), ("Lobby", 2, 2)]


def test_anonymous_workshops_list_no_names():
    named = build()
    assert named["participants"]["names"] == ["anna", "Bram", "Carla"]
    anonymous = build(workshop={**WORKSHOP, "settings": {**WORKSHOP["settings"], "anonymous": True}})
    assert "names" not in anonymous["participants"]
    assert "anna" not in str(anonymous)


def test_follow_up_compares_scores_gaps_and_actions_done():
    before = build()
    now = build(
        workshop={**WORKSHOP, "code": "EFGH6789", "follow_up_of": "ABCD2345"},
        ownership=[{"actor_id": 1, "area": "intervention", "role": "driver"},
                   {"actor_id": 2, "area": "supply", "role": "driver"},
                   {"actor_id": 2, "area": "supply", "role": "accountable"},
                   {"actor_id": 1, "area": "use", "role": "driver"}],
        ratings=[{"key": "funding", "score": 5, "comment": None}],
        actions=[{"id": 7, "title": "a", "strategy_id": None, "owner_actor_id": None, "due": None,
                  "status": "done"},
                 {"id": 8, "title": "b", "strategy_id": None, "owner_actor_id": None, "due": None,
                  "status": "open"}],
        before=before)
    compared = now["compared_to"]
    assert compared["code"] == "ABCD2345"
    means = {d["key"]: (d["mean_before"], d["mean_now"]) for d in compared["determinants"]}
    assert means == {"driver": (5.0, None), "funding": (3.0, 5.0), "added_value": (None, None),
                     "timing": (None, None), "time": (None, None)}
    assert compared["gaps_closed"] == [{"area": "supply", "role": "accountable"},
                                       {"area": "use", "role": "driver"}]
    assert compared["gaps_new"] == [{"area": "intervention", "role": "accountable"}]
    assert compared["actions_done"] == 1


def test_compare_of_identical_summaries_finds_nothing_changed():
    s = build()
    compared = summary.compare(s, s)
    assert compared["gaps_closed"] == [] and compared["gaps_new"] == []
    assert all(d["mean_before"] == d["mean_now"] for d in compared["determinants"])
