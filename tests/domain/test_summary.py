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


FOCUS = [{"id": "s1", "kind": "lobby", "title": None, "prompt": None},
         {"id": "s2", "kind": "info", "title": "Take-aways", "prompt": "Opschalen kost tijd."},
         {"id": "s3", "kind": "question", "title": None, "prompt": "Context gebonden?"},
         {"id": "s4", "kind": "actions", "title": None, "prompt": None},
         {"id": "s5", "kind": "closed", "title": None, "prompt": None}]


def test_an_older_workshop_without_agenda_reads_as_the_scaling_agenda():
    s = build()
    assert [step["kind"] for step in s["agenda"]] == [
        "lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"]
    assert s["questions"] == [] and s["slides"] == []


def test_summary_follows_the_agenda_with_questions_and_slides():
    left_out = {"id": "s6", "kind": "question", "title": "Oud", "prompt": None}
    s = build(workshop={**WORKSHOP, "agenda": FOCUS}, steps=[*FOCUS, left_out],
              cards=[{"id": 1, "step": "s3", "text": "Lokale partijen", "theme_id": 1, "votes": 2},
                     {"id": 2, "step": "s6", "text": "Eerder", "theme_id": None, "votes": 0}],
              themes=[{"id": 1, "step": "s3", "title": "Netwerk"}],
              insights=[{"id": 1, "step": "s3", "text": "Context bepaalt de aanpak."}])
    assert s["agenda"] == FOCUS
    assert [(q["step"], q["on_agenda"]) for q in s["questions"]] == [("s3", True), ("s6", False)]
    assert s["questions"][0]["themes"] == [
        {"id": 1, "title": "Netwerk", "votes": 2,
         "cards": [{"id": 1, "text": "Lokale partijen", "votes": 2}]}]
    assert s["questions"][0]["insights"] == ["Context bepaalt de aanpak."]
    assert s["questions"][1]["unthemed"] == [{"id": 2, "text": "Eerder", "votes": 0}]
    assert s["slides"] == [{"step": "s2", "title": "Take-aways", "text": "Opschalen kost tijd.",
                            "on_agenda": True}]
    assert {"workshop", "participants", "actors", "ownership", "determinants", "strategies", "actions",
            "compared_to"} <= set(s)


def test_a_custom_determinant_list_is_summarised_with_its_labels():
    stored = [{"key": "driver", "label": None, "help": None, "shown": True},
              {"key": "draagvlak", "label": "Draagvlak", "help": None, "shown": True},
              {"key": "funding", "label": None, "help": None, "shown": False}]
    s = build(determinant_list=stored,
              ratings=[{"key": "draagvlak", "score": 4, "comment": "Breed"},
                       {"key": "funding", "score": 1, "comment": None}])
    assert [(d["key"], d["label"], d["count"]) for d in s["determinants"]] == [
        ("driver", "Dedicated driver", 0), ("draagvlak", "Draagvlak", 1)]
    assert s["determinants"][1]["comments"] == ["Breed"]


def test_follow_up_compares_only_the_step_kinds_both_agendas_have():
    before = build()
    now = build(workshop={**WORKSHOP, "agenda": FOCUS}, steps=FOCUS, before=before)
    compared = now["compared_to"]
    assert compared["kinds"] == ["lobby", "actions", "closed"]
    assert compared["determinants"] == [] and compared["gaps_closed"] == [] and compared["gaps_new"] == []
    assert compared["actions_done"] == 1
