"""goals:set: the facilitator records where the intervention stands and where it should go."""

import pytest

from tests.helpers import events


def test_the_facilitator_sets_goals_and_everyone_gets_goals_changed(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    assert fac.state["workshop"]["goals"]["locations"] == {"now": None, "goal": None}
    answer = fac.emit("goals:set", {"locations": {"now": 12, "goal": 40}, "embedding": {"now": "partly"},
                                    "quality": "Effect aangetoond in twee regio's"}, callback=True)
    assert answer["ok"]
    goals = answer["goals"]
    assert goals["locations"] == {"now": 12, "goal": 40}
    assert goals["embedding"] == {"now": "partly", "goal": None}
    for sio in (fac, anna):
        assert events(sio) == [{"seq": 1, "type": "goals.changed", "data": {"goals": goals},
                                "by": fac.state["me"]["id"]}]
    again = workshops.connect(created["code"], created["facilitator_token"])
    assert again.state["workshop"]["goals"] == goals


def test_setting_the_same_goals_again_is_not_broadcast(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    fac.emit("goals:set", {"providers": {"goal": 100}}, callback=True)
    events(anna)
    assert fac.emit("goals:set", {"providers": {"goal": 100}}, callback=True)["ok"]
    assert events(anna) == []


@pytest.mark.parametrize("payload", [
    {"level": {"now": "global"}}, {"locations": {"now": "12"}}, {"locations": {"now": -1}},
    {"locations": None}, {"budget": {"now": 1}}, {"embedding": {"now": "yes", "when": "2027"}},
    {"locations": {"now": 1.5}},
])
def test_invalid_goals_are_refused(workshops, payload):
    _, fac, _ = workshops.room(participants=0)
    answer = fac.emit("goals:set", payload, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid"


def test_participants_cannot_set_goals(workshops):
    _, _, (anna, *_) = workshops.room(participants=1)
    answer = anna.emit("goals:set", {"locations": {"now": 1}}, callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "forbidden"
