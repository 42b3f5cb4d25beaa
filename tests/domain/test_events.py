"""The rules of events as plain Python: how many groups, who is the organiser, where the plenary
step is, and the comparison the plenary display and the report share."""

import pytest

from workshop.domain import events
from workshop.domain.rules import RuleError


@pytest.mark.parametrize("count", [1, 4, 12])
def test_one_to_twelve_groups(count):
    events.check_groups(count)


@pytest.mark.parametrize("count", [0, 13, 100])
def test_fewer_or_more_groups_are_invalid(count):
    with pytest.raises(RuleError) as refused:
        events.check_groups(count)
    assert refused.value.code == "invalid"


def test_at_most_twenty_slides():
    events.check_slides(20)
    with pytest.raises(RuleError):
        events.check_slides(21)


def test_only_the_organiser_may():
    events.authorize(True)
    with pytest.raises(RuleError) as refused:
        events.authorize(False)
    assert refused.value.code == "unauthorized"


def step(id_, kind):
    return {"id": id_, "kind": kind, "title": None, "prompt": None}


def test_the_plenary_step_is_the_one_before_the_end():
    agenda = [step("s1", "lobby"), step("s2", "question"), step("s9", "info"), step("s3", "closed")]
    assert events.plenary_step(agenda)["id"] == "s9"
    # An agenda of a lobby and its end only: the end.
    assert events.plenary_step([step("s1", "lobby"), step("s2", "closed")])["id"] == "s2"


def summary(code, title, themes=(), insights=(), determinants=(), strategies=(), people=3):
    return {"workshop": {"code": code, "title": title, "intervention": "I"},
            "participants": {"count": people},
            "questions": [{"step": "s2", "title": "Vraag", "prompt": "Wie?", "on_agenda": True,
                           "themes": list(themes), "unthemed": [], "insights": list(insights)},
                          {"step": "s7", "title": "Oud", "prompt": None, "on_agenda": False,
                           "themes": [{"title": "Weg", "votes": 9, "cards": []}], "unthemed": [],
                           "insights": ["niet meer op de agenda"]}],
            "determinants": list(determinants), "strategies": list(strategies)}


def theme(title, votes, *cards):
    return {"title": title, "votes": votes, "cards": [{"text": c, "votes": 1} for c in cards]}


def test_the_comparison_puts_the_groups_side_by_side():
    one = summary("AAAAAAAA", "Eigenaarschap",
                  themes=[theme("Geld", 1, "Subsidie"), theme("Aanjager", 4, "Tijd", "Mandaat", "Rol"),
                          theme("Beleid", 2), theme("Rest", 0)],
                  insights=["a", "b", "c", "d"],
                  determinants=[{"key": "funding", "label": "Financiering", "count": 3, "mean": 2.0},
                                {"key": "timing", "label": "Timing", "count": 0, "mean": None}],
                  strategies=[{"title": "Lobby", "votes": 5}, {"title": "Niets", "votes": 0}])
    two = summary("BBBBBBBB", "Complexiteit",
                  determinants=[{"key": "funding", "label": "Financiering", "count": 2, "mean": 4.5},
                                {"key": "timing", "label": "Timing", "count": 2, "mean": 3.0}])
    compared = events.comparison([one, two])
    first, second = compared["groups"]
    assert [t["title"] for t in first["themes"]] == ["Aanjager", "Beleid", "Geld"]  # most votes, top three
    assert first["themes"][0] == {"title": "Aanjager", "votes": 4, "question": "Vraag",
                                  "cards": ["Tijd", "Mandaat"]}
    assert first["insights"] == ["a", "b", "c"]  # only questions on the agenda
    assert first["strategies"] == [{"title": "Lobby", "votes": 5}]  # strategies nobody voted for are left out
    assert first["questions"] == [{"title": "Vraag", "prompt": "Wie?"}]
    assert second["themes"] == [] and second["participants"] == 3
    # A row per determinant any group scored; None where a group did not.
    assert compared["determinants"] == [
        {"key": "funding", "label": "Financiering", "means": [2.0, 4.5]},
        {"key": "timing", "label": "Timing", "means": [None, 3.0]}]


def test_the_cards_that_mattered_are_those_with_votes():
    one = summary("AAAAAAAA", "X", themes=[{"title": "T", "votes": 3, "cards": [
        {"text": "Veel", "votes": 3}, {"text": "Geen", "votes": 0}]}])
    assert events.comparison([one])["groups"][0]["cards"] == [{"text": "Veel", "votes": 3}]
