"""Every client event of the contract: its ack, its broadcast, and every refusal it can get."""

import pytest

from tests.helpers import events, wait_for


def ack(sio, event: str, payload=None):
    return sio.emit(event, {} if payload is None else payload, callback=True)


def state_of(workshops, created) -> dict:
    """The facilitator's view of the workshop once pending aggregates went out (a fresh `state`)."""
    assert wait_for(workshops.app.extensions["live"].idle)
    sio = workshops.connect(created["code"], created["facilitator_token"])
    sio.disconnect()
    return {k: v for k, v in sio.state.items() if k not in ("participants", "me")}


def refused(answer: dict, code: str) -> bool:
    return answer["ok"] is False and answer["error"]["code"] == code and answer["error"]["message"]


# --- acks and broadcasts of every event ----------------------------------------------------


def test_actor_add_acks_the_actor_and_everyone_gets_actor_added(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    answer = ack(
        anna,
        "actor:add",
        {
            "name": "  GGD  Hollands Noorden ",
            "category": "provider",
            "influence": 70,
            "interest": 90,
            "note": "Voert uit",
        },
    )
    actor = answer["actor"]
    assert answer == {
        "ok": True,
        "actor": {
            "id": actor["id"],
            "name": "GGD Hollands Noorden",
            "category": "provider",
            "influence": 70,
            "interest": 90,
            "note": "Voert uit",
        },
    }
    for sio in (fac, anna, bram):
        assert events(sio) == [
            {"seq": 1, "type": "actor.added", "data": {"actor": actor}, "by": anna.state["me"]["id"]}
        ]


def test_actor_add_without_a_position_starts_in_the_middle_then_where_there_is_room(workshops):
    _, fac, _ = workshops.room(participants=0)
    actor = ack(fac, "actor:add", {"name": "Gemeente", "category": "policy"})["actor"]
    assert (actor["influence"], actor["interest"], actor["note"]) == (50, 50, None)
    placed = [ack(fac, "actor:add", {"name": f"Actor {n}", "category": "other"})["actor"] for n in range(4)]
    spots = {(a["influence"], a["interest"]) for a in [actor, *placed]}
    assert len(spots) == 5, "no actor lands on another"
    given = ack(fac, "actor:add", {"name": "Zorgverzekeraar", "category": "funder",
                                   "influence": 50, "interest": 50})
    assert (given["actor"]["influence"], given["actor"]["interest"]) == (50, 50), "a given position is kept"


def test_actor_update_changes_only_the_given_fields(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    actor = ack(anna, "actor:add", {"name": "ZonMw", "category": "funder", "note": "fonds"})["actor"]
    events(anna)
    answer = ack(fac, "actor:update", {"id": actor["id"], "influence": 95, "note": ""})
    assert answer == {"ok": True, "actor": {**actor, "influence": 95, "note": None}}
    assert events(anna) == [
        {"seq": 2, "type": "actor.updated", "data": {"actor": answer["actor"]}, "by": fac.state["me"]["id"]}
    ]


def test_actor_remove_takes_its_ownership_and_action_owner_with_it(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    actor = ack(anna, "actor:add", {"name": "VWS", "category": "policy"})["actor"]
    ack(anna, "ownership:set", {"actor_id": actor["id"], "area": "supply", "role": "driver"})
    action = ack(anna, "action:add", {"title": "Bellen", "owner_actor_id": actor["id"]})["action"]
    events(anna)
    assert ack(anna, "actor:remove", {"id": actor["id"]}) == {"ok": True}
    assert events(anna) == [
        {"seq": 4, "type": "actor.removed", "data": {"id": actor["id"]}, "by": anna.state["me"]["id"]}
    ]
    after = state_of(workshops, created)
    assert after["actors"] == [] and after["ownership"] == []
    assert after["actions"] == [{**action, "owner_actor_id": None}]


def test_ownership_set_assigns_changes_and_clears_a_role(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    actor = ack(fac, "actor:add", {"name": "Bestuur", "category": "management"})["actor"]
    events(anna)
    for role in ("driver", "accountable", None):
        answer = ack(anna, "ownership:set", {"actor_id": actor["id"], "area": "use", "role": role})
        assert answer == {"ok": True}
        (event,) = events(anna)
        assert event["type"] == "ownership.changed"
        assert event["data"] == {"actor_id": actor["id"], "area": "use", "role": role}
        expected = [] if role is None else [{"actor_id": actor["id"], "area": "use", "role": role}]
        assert state_of(workshops, created)["ownership"] == expected


def test_several_actors_may_share_a_role_but_an_actor_has_one_role_per_area(workshops):
    created, fac, _ = workshops.room(participants=0)
    a = ack(fac, "actor:add", {"name": "A", "category": "other"})["actor"]["id"]
    b = ack(fac, "actor:add", {"name": "B", "category": "other"})["actor"]["id"]
    ack(fac, "ownership:set", {"actor_id": a, "area": "intervention", "role": "driver"})
    ack(fac, "ownership:set", {"actor_id": b, "area": "intervention", "role": "driver"})
    ack(fac, "ownership:set", {"actor_id": a, "area": "intervention", "role": "contributor"})
    assert state_of(workshops, created)["ownership"] == [
        {"actor_id": a, "area": "intervention", "role": "contributor"},
        {"actor_id": b, "area": "intervention", "role": "driver"},
    ]


def test_stage_set_records_the_stage_of_an_area(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    assert anna.state["stages"] == {"intervention": None, "supply": None, "use": None}
    assert ack(anna, "stage:set", {"area": "supply", "stage": "can"}) == {"ok": True}
    assert [e["data"] for e in events(fac)] == [{"area": "supply", "stage": "can"}]
    assert state_of(workshops, created)["stages"] == {"intervention": None, "supply": "can", "use": None}


def test_strategy_add_acks_the_strategy_as_a_participant_sees_it(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    answer = ack(
        anna,
        "strategy:add",
        {
            "title": "Wethouder uitnodigen",
            "category": "dissemination",
            "description": "Op de volgende bijeenkomst",
        },
    )
    strategy = answer["strategy"]
    assert answer == {
        "ok": True,
        "strategy": {
            "id": strategy["id"],
            "title": "Wethouder uitnodigen",
            "category": "dissemination",
            "description": "Op de volgende bijeenkomst",
            "origin": "participant",
            "catalog_key": None,  # typed, so shown as typed in every language
            "votes": None,
            "my_votes": 0,
        },
    }
    # Broadcast copies leave out `my_votes`: it is personal (PROTOCOL v1.1).
    shared = {k: v for k, v in strategy.items() if k != "my_votes"}
    assert events(bram)[0]["data"] == {"strategy": shared}
    assert events(fac)[0]["data"] == {"strategy": {**shared, "votes": 0}}


def test_strategy_remove_refunds_votes_and_unlinks_actions(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    strategy = anna.state["strategies"][0]["id"]
    ack(anna, "vote:cast", {"strategy_id": strategy})
    ack(anna, "vote:cast", {"strategy_id": strategy})
    action = ack(fac, "action:add", {"title": "Doen", "strategy_id": strategy})["action"]
    assert wait_for(workshops.app.extensions["live"].idle)  # the votes' aggregate went out
    events(anna)
    assert ack(fac, "strategy:remove", {"id": strategy}) == {"ok": True}
    assert wait_for(workshops.app.extensions["live"].idle)  # the fresh ranks went out too
    assert [(e["type"], e["data"]) for e in events(anna)] == [("strategy.removed", {"id": strategy}),
                                                              ("votes.changed", {"tallies": []})]
    after = workshops.connect(created["code"], workshops.join(created["code"], "Kijker")["token"]).state
    assert strategy not in [s["id"] for s in after["strategies"]]
    assert after["actions"] == [{**action, "strategy_id": None}]
    assert ack(anna, "vote:retract", {"strategy_id": strategy})["error"]["code"] == "not_found"
    assert ack(anna, "sync", {"since": 10**6})["state"]["me"]["votes_left"] == 5


def test_vote_cast_and_retract_ack_votes_left_and_my_votes(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    strategy = anna.state["strategies"][3]["id"]
    vote = {"strategy_id": strategy}
    assert ack(anna, "vote:cast", vote) == {"ok": True, "votes_left": 4, "my_votes": 1}
    assert ack(anna, "vote:cast", vote) == {"ok": True, "votes_left": 3, "my_votes": 2}
    assert ack(anna, "vote:retract", vote) == {"ok": True, "votes_left": 4, "my_votes": 1}
    assert ack(anna, "vote:retract", vote) == {"ok": True, "votes_left": 5, "my_votes": 0}


def test_retracting_a_vote_never_cast_is_ok_and_silent(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    assert ack(anna, "vote:retract", {"strategy_id": anna.state["strategies"][0]["id"]}) == {
        "ok": True,
        "votes_left": 5,
        "my_votes": 0,
    }
    assert events(fac) == []


def test_vote_beyond_the_budget_or_the_per_strategy_maximum_is_invalid(workshops):
    _, _, (anna, *_) = workshops.room(participants=1, votes_per_participant=4, max_votes_per_strategy=2)
    first, second, third = (s["id"] for s in anna.state["strategies"][:3])
    assert ack(anna, "vote:cast", {"strategy_id": first})["ok"]
    assert ack(anna, "vote:cast", {"strategy_id": first})["ok"]
    assert refused(ack(anna, "vote:cast", {"strategy_id": first}), "invalid")
    assert ack(anna, "vote:cast", {"strategy_id": second})["votes_left"] == 1
    assert ack(anna, "vote:cast", {"strategy_id": third})["votes_left"] == 0
    assert refused(ack(anna, "vote:cast", {"strategy_id": third}), "invalid")
    assert ack(anna, "sync", {"since": 10**6})["state"]["me"]["votes_left"] == 0


def test_rating_set_replaces_the_score_and_keeps_or_clears_the_comment(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    first = {"determinant": "funding", "score": 2, "comment": "Alleen projectgeld"}
    assert ack(anna, "rating:set", first) == {"ok": True, "my_score": 2, "comment": "Alleen projectgeld"}
    assert ack(anna, "rating:set", {"determinant": "funding", "score": 4}) == {
        "ok": True, "my_score": 4, "comment": "Alleen projectgeld"}
    assert wait_for(workshops.app.extensions["live"].idle)  # `state` has the scores as last sent
    funding = ack(anna, "sync", {"since": 10**6})["state"]["determinants"][1]
    assert funding == {"key": "funding", "count": 1, "mean": 4.0, "histogram": [0, 0, 0, 1, 0], "my_score": 4}
    fac.disconnect()
    assert workshops.client.get(
        f"/api/workshops/{created['code']}/summary.json",
        headers={"Authorization": f"Bearer {created['facilitator_token']}"},
    ).json["determinants"][1]["comments"] == ["Alleen projectgeld"]
    assert ack(anna, "rating:set", {"determinant": "funding", "score": 4, "comment": ""})["comment"] is None
    assert (
        workshops.client.get(
            f"/api/workshops/{created['code']}/summary.json",
            headers={"Authorization": f"Bearer {created['facilitator_token']}"},
        ).json["determinants"][1]["comments"]
        == []
    )


def test_action_add_and_update(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    actor = ack(fac, "actor:add", {"name": "GGD", "category": "provider"})["actor"]["id"]
    strategy = fac.state["strategies"][0]["id"]
    events(anna), events(fac)
    answer = ack(
        anna,
        "action:add",
        {
            "title": "Subsidie aanvragen",
            "strategy_id": strategy,
            "owner_actor_id": actor,
            "due": "2027-03-31",
        },
    )
    action = answer["action"]
    assert answer == {
        "ok": True,
        "action": {
            "id": action["id"],
            "title": "Subsidie aanvragen",
            "strategy_id": strategy,
            "owner_actor_id": actor,
            "due": "2027-03-31",
            "status": "open",
        },
    }
    assert events(fac)[0] == {
        "seq": 2,
        "type": "action.added",
        "data": {"action": action},
        "by": anna.state["me"]["id"],
    }
    updated = ack(fac, "action:update", {"id": action["id"], "status": "doing", "due": None})
    assert updated == {"ok": True, "action": {**action, "status": "doing", "due": None}}
    assert events(anna)[-1]["data"] == {"action": updated["action"]}
    assert (
        ack(fac, "action:update", {"id": action["id"], "owner_actor_id": None})["action"]["owner_actor_id"]
        is None
    )


def test_phase_set_broadcasts_the_phase_and_may_step_back(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    assert ack(fac, "phase:set", {"phase": "strategies"}) == {"ok": True}
    assert ack(fac, "phase:set", {"phase": "actors"}) == {"ok": True}
    assert [(e["type"], e["data"]) for e in events(anna)] == [
        # v1.1: phase.changed also names the step of the agenda it moved to.
        ("phase.changed", {"phase": "strategies", "step": "s5"}),
        ("phase.changed", {"phase": "actors", "step": "s2"}),
    ]


def test_workshop_lock_broadcasts_the_workshop(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    assert ack(fac, "workshop:lock", {"locked": True}) == {"ok": True}
    (event,) = events(anna)
    assert event["type"] == "workshop.updated" and event["data"]["workshop"]["locked"] is True


def test_workshop_settings_acks_the_workshop(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    answer = ack(
        fac,
        "workshop:settings",
        {"votes_per_participant": 8, "max_votes_per_strategy": 4, "participants_can_download": True},
    )
    assert answer["ok"] is True
    assert answer["workshop"]["settings"] == {
        "votes_per_participant": 8,
        "max_votes_per_strategy": 4,
        "participants_can_download": True,
        "anonymous": False,
        "joins_open": True,
    }
    assert events(anna)[0]["data"] == {"workshop": answer["workshop"]}
    assert ack(anna, "vote:cast", {"strategy_id": anna.state["strategies"][0]["id"]})["votes_left"] == 7


@pytest.mark.parametrize(
    "settings",
    [
        {"votes_per_participant": 2},  # below the current per-strategy maximum of 3
        {"max_votes_per_strategy": 6},
        {"votes_per_participant": 21},
        {"votes_per_participant": 0},
        {"max_votes_per_strategy": 0},
        {"anonymous": None},
    ],
)
def test_workshop_settings_out_of_bounds_are_invalid_and_change_nothing(workshops, settings):
    created, fac, _ = workshops.room(participants=0)
    before = state_of(workshops, created)
    assert refused(ack(fac, "workshop:settings", settings), "invalid")
    assert state_of(workshops, created) == before


def test_empty_settings_change_nothing(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    answer = ack(fac, "workshop:settings", {})
    assert answer == {"ok": True, "workshop": fac.state["workshop"]}
    assert events(anna) == []


# --- no-op changes --------------------------------------------------------------------------


def test_changes_that_change_nothing_are_acked_and_not_broadcast(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    actor = ack(fac, "actor:add", {"name": "GGD", "category": "provider"})["actor"]
    action = ack(fac, "action:add", {"title": "Bellen"})["action"]
    ack(fac, "stage:set", {"area": "use", "stage": "want"})
    ack(fac, "ownership:set", {"actor_id": actor["id"], "area": "use", "role": "driver"})
    events(anna), events(fac)
    seq = ack(anna, "sync", {"since": 10**6})["state"]["seq"]
    for sio, event, payload in [
        (anna, "actor:update", {"id": actor["id"], "name": "GGD", "influence": 50}),
        (anna, "action:update", {"id": action["id"], "status": "open"}),
        (anna, "stage:set", {"area": "use", "stage": "want"}),
        (anna, "ownership:set", {"actor_id": actor["id"], "area": "use", "role": "driver"}),
        (anna, "ownership:set", {"actor_id": actor["id"], "area": "supply", "role": None}),
        (fac, "phase:set", {"phase": "lobby"}),
        (fac, "results:show", {"visible": False}),
        (fac, "workshop:lock", {"locked": False}),
        (fac, "workshop:settings", {"votes_per_participant": 5}),
    ]:
        assert ack(sio, event, payload)["ok"] is True, event
    assert events(anna) == [] and events(fac) == []
    assert ack(anna, "sync", {"since": 10**6})["state"]["seq"] == seq


# --- refusals -------------------------------------------------------------------------------

FACILITATOR_ONLY = [
    ("strategy:remove", {"id": 1}),
    ("phase:set", {"phase": "actors"}),
    ("results:show", {"visible": True}),
    ("workshop:lock", {"locked": True}),
    ("workshop:settings", {"anonymous": True}),
]


@pytest.mark.parametrize("event, payload", FACILITATOR_ONLY)
def test_facilitator_only_events_are_forbidden_to_participants(workshops, event, payload):
    created, fac, (anna, *_) = workshops.room(participants=1)
    before = state_of(workshops, created)
    assert refused(ack(anna, event, payload), "forbidden")
    assert state_of(workshops, created) == before
    assert events(fac) == []


@pytest.mark.parametrize(
    "event, payload",
    [
        ("vote:cast", {"strategy_id": 1}),
        ("vote:retract", {"strategy_id": 1}),
        ("rating:set", {"determinant": "time", "score": 3}),
    ],
)
def test_the_facilitator_stays_neutral(workshops, event, payload):
    created, fac, _ = workshops.room(participants=0)
    before = state_of(workshops, created)
    assert refused(ack(fac, event, payload), "forbidden")
    assert state_of(workshops, created) == before


PARTICIPANT_CHANGES = [
    ("actor:add", {"name": "X", "category": "other"}),
    ("actor:update", {"id": 1, "name": "Y"}),
    ("actor:remove", {"id": 1}),
    ("ownership:set", {"actor_id": 1, "area": "use", "role": "driver"}),
    ("stage:set", {"area": "use", "stage": "do"}),
    ("rating:set", {"determinant": "time", "score": 3}),
    ("strategy:add", {"title": "Z", "category": "monitoring"}),
    ("vote:cast", {"strategy_id": 1}),
    ("vote:retract", {"strategy_id": 1}),
    ("action:add", {"title": "A"}),
    ("action:update", {"id": 1, "status": "done"}),
]


def prepared(workshops):
    """A workshop with an actor, an action and one vote by Anna, so every change has a target."""
    created, fac, (anna, *_) = workshops.room(participants=1)
    ack(fac, "actor:add", {"name": "A", "category": "other"})
    ack(fac, "action:add", {"title": "B"})
    ack(anna, "vote:cast", {"strategy_id": 1})
    state_of(workshops, created)
    events(fac), events(anna)
    return created, fac, anna


@pytest.mark.parametrize("event, payload", PARTICIPANT_CHANGES)
def test_participants_changes_get_closed_while_locked_and_the_facilitator_may_still_edit(
    workshops, event, payload
):
    created, fac, anna = prepared(workshops)
    ack(fac, "workshop:lock", {"locked": True})
    before = state_of(workshops, created)
    assert refused(ack(anna, event, payload), "closed")
    assert state_of(workshops, created) == before
    if event not in ("vote:cast", "vote:retract", "rating:set"):
        assert ack(fac, event, payload)["ok"] is True


@pytest.mark.parametrize("event, payload", PARTICIPANT_CHANGES)
def test_content_is_read_only_for_everyone_once_closed(workshops, event, payload):
    created, fac, anna = prepared(workshops)
    ack(fac, "phase:set", {"phase": "closed"})
    before = state_of(workshops, created)
    assert refused(ack(anna, event, payload), "closed")
    if event not in ("vote:cast", "vote:retract", "rating:set"):
        assert refused(ack(fac, event, payload), "closed")
    assert refused(ack(fac, "strategy:remove", {"id": 2}), "closed")
    assert state_of(workshops, created) == before
    assert ack(anna, "sync", {"since": 0})["ok"] is True


def test_controls_still_work_once_closed_and_another_phase_reopens(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    ack(fac, "phase:set", {"phase": "closed"})
    assert ack(fac, "results:show", {"visible": True}) == {"ok": True}
    assert ack(fac, "workshop:lock", {"locked": True}) == {"ok": True}
    assert ack(fac, "workshop:settings", {"anonymous": True})["ok"] is True
    assert ack(fac, "phase:set", {"phase": "actions"}) == {"ok": True}
    ack(fac, "workshop:lock", {"locked": False})
    assert ack(anna, "actor:add", {"name": "Weer open", "category": "other"})["ok"] is True


WRONG_PAYLOADS = [
    ("actor:add", {"name": "X", "category": "alien"}),
    ("actor:add", {"name": "", "category": "other"}),
    ("actor:add", {"name": "   ", "category": "other"}),
    ("actor:add", {"name": "x" * 121, "category": "other"}),
    ("actor:add", {"name": "X", "category": "other", "note": "n" * 2001}),
    ("actor:add", {"name": "X", "category": "other", "influence": 101}),
    ("actor:add", {"name": "X", "category": "other", "influence": -1}),
    ("actor:add", {"name": "X", "category": "other", "influence": 50.0}),
    ("actor:add", {"name": "X", "category": "other", "interest": "50"}),
    ("actor:add", {"name": "X", "category": "other", "interest": True}),
    ("actor:add", {"name": 12, "category": "other"}),
    ("actor:add", {"name": "half \ud800 a pair", "category": "other"}),
    ("strategy:add", {"title": "T", "category": "monitoring", "description": "\udc00"}),
    ("actor:add", {"name": "X", "category": "other", "colour": "red"}),
    ("actor:add", {"category": "other"}),
    ("actor:update", {"id": "1", "name": "Y"}),
    ("actor:update", {"id": 1.0, "name": "Y"}),
    ("actor:update", {"id": True, "name": "Y"}),
    ("actor:update", {"id": 1, "name": None}),
    ("actor:update", {"id": 1, "category": None}),
    ("actor:remove", {}),
    ("ownership:set", {"actor_id": 1, "area": "use"}),
    ("ownership:set", {"actor_id": 1, "area": "elsewhere", "role": "driver"}),
    ("ownership:set", {"actor_id": 1, "area": "use", "role": "owner"}),
    ("stage:set", {"area": "use", "stage": "done"}),
    ("rating:set", {"determinant": "time", "score": 6}),
    ("rating:set", {"determinant": "time", "score": 0}),
    ("rating:set", {"determinant": "time", "score": 3.5}),
    ("rating:set", {"determinant": "time", "score": "3"}),
    ("rating:set", {"determinant": "weather", "score": 3}),
    ("rating:set", {"determinant": "time", "score": 3, "comment": "c" * 2001}),
    ("rating:set", {"determinant": "time", "score": 3, "comment": "\ud83d"}),
    ("strategy:add", {"title": "T", "category": "marketing"}),
    ("strategy:add", {"title": "T" * 121, "category": "monitoring"}),
    ("vote:cast", {"strategy_id": "1"}),
    ("vote:cast", {"strategy_id": 1.5}),
    ("vote:cast", {"strategy_id": False}),
    ("vote:cast", {"strategy_id": 0}),
    ("vote:cast", {"strategy_id": 1, "weight": 2}),
    ("action:add", {"title": "A", "due": "31-12-2027"}),
    ("action:add", {"title": "A", "due": "2027-02-30"}),
    ("action:add", {"title": "A", "status": "blocked"}),
    ("action:update", {"id": 1, "status": None}),
    ("action:update", {"id": 1, "title": None}),
    ("sync", {"since": -1}),
    ("sync", {"since": "0"}),
    ("sync", {"since": 0.0}),
    ("sync", {}),
    ("phase:set", {"phase": "finished"}),
    ("results:show", {"visible": "yes"}),
    ("results:show", {"visible": 1}),
    ("workshop:lock", {"locked": None}),
    ("workshop:settings", {"votes_per_participant": 5.0}),
    ("workshop:settings", {"colour": "red"}),
    ("actor:add", {"name": "X", "category": "other", "op": ""}),
    ("actor:add", {"name": "X", "category": "other", "op": "o" * 121}),
    ("actor:add", {"name": "X", "category": "other", "op": 7}),
]


@pytest.mark.parametrize("event, payload", WRONG_PAYLOADS)
def test_wrong_payloads_are_invalid_and_change_nothing(workshops, event, payload):
    created, fac, anna = prepared(workshops)
    sender = fac if event in ("phase:set", "results:show", "workshop:lock", "workshop:settings") else anna
    before = state_of(workshops, created)
    assert refused(ack(sender, event, payload), "invalid")
    assert state_of(workshops, created) == before
    assert events(anna) == [] or all(e["type"] == "votes.changed" for e in events(anna))
    assert ack(anna, "stage:set", {"area": "use", "stage": "do"}) == {"ok": True}


@pytest.mark.parametrize("payload", [None, [], "actor", 42, True, [{"name": "X", "category": "other"}]])
def test_non_object_payloads_are_invalid(workshops, payload):
    _, fac, (anna, *_) = workshops.room(participants=1)
    assert refused(anna.emit("actor:add", payload, callback=True), "invalid")
    assert refused(anna.emit("sync", payload, callback=True), "invalid")
    assert ack(anna, "actor:add", {"name": "Nog steeds", "category": "other"})["ok"] is True


def test_missing_or_extra_arguments_are_invalid(workshops):
    _, _, (anna, *_) = workshops.room(participants=1)
    assert refused(anna.emit("actor:add", callback=True), "invalid")
    assert refused(
        anna.emit("actor:add", {"name": "X", "category": "other"}, {"x": 1}, callback=True), "invalid"
    )


@pytest.mark.parametrize(
    "event, field",
    [
        ("actor:update", "id"),
        ("actor:remove", "id"),
        ("ownership:set", "actor_id"),
        ("strategy:remove", "id"),
        ("vote:cast", "strategy_id"),
        ("vote:retract", "strategy_id"),
        ("action:update", "id"),
        ("action:add", "strategy_id"),
        ("action:add", "owner_actor_id"),
        ("action:update", "strategy_id"),
        ("action:update", "owner_actor_id"),
    ],
)
def test_unknown_ids_and_ids_of_another_workshop_are_not_found(workshops, event, field):
    other, other_fac, (other_anna, *_) = workshops.room(participants=1)
    foreign = {
        "id": ack(other_fac, "actor:add", {"name": "Elders", "category": "other"})["actor"]["id"],
        "strategy_id": other_fac.state["strategies"][-1]["id"],
        "action_id": ack(other_fac, "action:add", {"title": "Elders"})["action"]["id"],
    }
    created, fac, anna = prepared(workshops)
    ack(fac, "action:add", {"title": "Hier"})
    own_action = fac.emit("sync", {"since": 0}, callback=True)["events"][-1]["data"]["action"]["id"]
    base = {
        "actor:update": {"name": "Y"},
        "actor:remove": {},
        "ownership:set": {"area": "use", "role": "driver"},
        "strategy:remove": {},
        "vote:cast": {},
        "vote:retract": {},
        "action:update": {"status": "done"},
        "action:add": {"title": "Nieuw"},
    }[event]
    if event == "action:update" and field != "id":
        base = {"id": own_action}
    kind = (
        "action_id"
        if event == "action:update" and field == "id"
        else ("id" if field in ("owner_actor_id", "actor_id") or event.startswith("actor") else "strategy_id")
    )
    sender = fac if event == "strategy:remove" else anna
    before = state_of(workshops, created)
    for wrong in (foreign[kind], 10**9):
        assert refused(ack(sender, event, {**base, field: wrong}), "not_found"), (event, field, wrong)
    assert state_of(workshops, created) == before
    assert other_anna.emit("sync", {"since": 0}, callback=True)["ok"]


def test_an_unknown_event_is_ignored_and_the_server_keeps_serving(workshops):
    _, _, (anna, *_) = workshops.room(participants=1)
    anna.emit("no:such:event", {"x": 1}, callback=True)
    assert ack(anna, "actor:add", {"name": "Nog steeds", "category": "other"})["ok"] is True


# --- operation ids --------------------------------------------------------------------------


def test_a_resent_operation_gets_the_original_ack_and_is_applied_once(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    payload = {"name": "GGD", "category": "provider", "op": "c1-0001"}
    first = ack(anna, "actor:add", payload)
    assert ack(anna, "actor:add", payload) == first
    assert len(events(bram)) == 1
    vote = {"strategy_id": 1, "op": "c1-0002"}
    assert ack(anna, "vote:cast", vote) == ack(anna, "vote:cast", vote) == {
        "ok": True, "votes_left": 4, "my_votes": 1}
    assert state_of(workshops, created)["strategies"][0]["votes"] == 1
    assert len(state_of(workshops, created)["actors"]) == 1


def test_operation_ids_belong_to_one_person(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    payload = {"name": "GGD", "category": "provider", "op": "same"}
    assert ack(anna, "actor:add", payload)["actor"]["id"] != ack(bram, "actor:add", payload)["actor"]["id"]


def test_a_refused_operation_may_be_retried_with_the_same_id(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    ack(fac, "workshop:lock", {"locked": True})
    payload = {"name": "GGD", "category": "provider", "op": "retry"}
    assert refused(ack(anna, "actor:add", payload), "closed")
    ack(fac, "workshop:lock", {"locked": False})
    assert ack(anna, "actor:add", payload)["ok"] is True


def test_a_vote_whose_ack_was_lost_in_a_disconnect_is_counted_once_and_the_numbers_agree(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    token = workshops.join(created["code"], "Anna op de fiets")["token"]
    phone = workshops.connect(created["code"], token)
    strategy = phone.state["strategies"][2]["id"]
    vote = {"strategy_id": strategy, "op": "phone-0007"}
    phone.emit("vote:cast", vote)  # applied, but the ack never arrives: the connection drops
    phone.disconnect()
    again = workshops.connect(created["code"], token)
    mine = next(s for s in again.state["strategies"] if s["id"] == strategy)
    resent = ack(again, "vote:cast", vote)
    assert resent == {"ok": True, "votes_left": again.state["me"]["votes_left"], "my_votes": mine["my_votes"]}
    assert (resent["votes_left"], resent["my_votes"]) == (4, 1)
    counted = next(s for s in state_of(workshops, created)["strategies"] if s["id"] == strategy)
    assert counted["votes"] == 1
