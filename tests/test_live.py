"""Broadcast semantics: seq delivery, hidden results, coalesced aggregates, presence, anonymity, sync."""

import time

import pytest
from flask_socketio import SocketIOTestClient

from tests.helpers import Workshops, events, make_app, settle, wait_for
from workshop.extensions import socketio


def ack(sio, event: str, payload: dict) -> dict:
    return sio.emit(event, payload, callback=True)


def tallies_of(received: list[dict]) -> dict:
    counts = {}
    for e in received:
        if e["type"] == "votes.changed":
            counts.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
    return counts


# --- one seq stream ---------------------------------------------------------------------------


def test_every_client_receives_every_seq_once_in_order(workshops):
    created, fac, people = workshops.room()
    for i, sio in enumerate([fac, *people] * 3):
        ack(sio, "actor:add", {"name": f"Actor {i}", "category": "other"})
    ack(people[0], "vote:cast", {"strategy_id": 1})
    ack(people[1], "rating:set", {"determinant": "time", "score": 2})
    settle(workshops)
    streams = [events(sio) for sio in (fac, *people)]
    for stream in streams:
        assert [e["seq"] for e in stream] == list(range(1, 15))
        assert [e["type"] for e in stream] == [e["type"] for e in streams[0]]
    assert {e["type"] for e in streams[0][12:]} == {"votes.changed", "ratings.changed"}


def test_a_late_joiner_continues_from_its_state(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    ack(anna, "actor:add", {"name": "Eerst", "category": "other"})
    late = workshops.connect(created["code"], workshops.join(created["code"], "Laat")["token"])
    assert late.state["seq"] == 1 and [a["name"] for a in late.state["actors"]] == ["Eerst"]
    ack(anna, "actor:add", {"name": "Daarna", "category": "other"})
    assert [e["seq"] for e in events(late)] == [2]


def test_each_joiner_gets_the_workshop_as_it_is_when_joining(workshops):
    """Joiners at the same `seq` share the part of `state` that only events change: a change
    since reaches the next joiner, and each still gets their own votes."""
    created, fac, _ = workshops.room(participants=0)
    code = created["code"]
    anna_token = workshops.join(code, "Anna")["token"]
    anna = workshops.connect(code, anna_token)
    actor = ack(fac, "actor:add", {"name": "Eerst", "category": "other"})["actor"]
    ack(anna, "vote:cast", {"strategy_id": 1})
    second = workshops.connect(code, workshops.join(code, "Tweede")["token"])
    ack(fac, "actor:update", {"id": actor["id"], "name": "Later"})
    ack(fac, "stage:set", {"area": "use", "stage": "can"})
    third = workshops.connect(code, workshops.join(code, "Derde")["token"])
    anna_again = workshops.connect(code, anna_token)
    assert [a["name"] for a in second.state["actors"]] == ["Eerst"] and second.state["stages"]["use"] is None
    assert [a["name"] for a in third.state["actors"]] == ["Later"] and third.state["stages"]["use"] == "can"
    assert third.state["strategies"][0]["my_votes"] == 0
    assert anna_again.state["strategies"][0]["my_votes"] == 1


def test_by_is_the_actor_and_null_for_aggregates(workshops):
    _, fac, (anna, *_) = workshops.room(participants=1)
    ack(fac, "phase:set", {"phase": "strategies"})
    ack(anna, "vote:cast", {"strategy_id": 1})
    settle(workshops)
    assert [(e["type"], e["by"]) for e in events(fac)] == [
        ("phase.changed", fac.state["me"]["id"]),
        ("votes.changed", None),
    ]


# --- hidden results ---------------------------------------------------------------------------


def test_participants_get_null_votes_everywhere_while_results_are_hidden(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    own = ack(anna, "strategy:add", {"title": "Eigen", "category": "financing"})["strategy"]
    assert own["votes"] is None
    ack(anna, "vote:cast", {"strategy_id": own["id"]})
    ack(bram, "vote:cast", {"strategy_id": own["id"]})
    settle(workshops)
    for sio in (anna, bram):
        received = events(sio)
        assert received[0]["data"]["strategy"]["votes"] is None
        # Which strategies' counts changed is a result too: participants learn nothing of it.
        hidden = [e["data"] for e in received if e["type"] == "votes.changed"]
        assert hidden and all(data == {"tallies": []} for data in hidden)
        replay = ack(sio, "sync", {"since": 0})["events"]
        assert replay == received
        state = ack(sio, "sync", {"since": 10**6})["state"]
        assert all(s["votes"] is None for s in state["strategies"])
        assert next(s for s in state["strategies"] if s["id"] == own["id"])["my_votes"] == 1
        assert state["me"]["votes_left"] == 4
    facilitator = events(fac)
    assert facilitator[0]["data"]["strategy"]["votes"] == 0
    assert tallies_of(facilitator) == {own["id"]: 2}
    assert ack(fac, "sync", {"since": 0})["events"] == facilitator
    assert ack(fac, "strategy:add", {"title": "Van mij", "category": "monitoring"})["strategy"]["votes"] == 0


def test_showing_results_sends_the_tallies_and_counts_reach_everyone(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    ack(anna, "vote:cast", {"strategy_id": 3})
    ack(bram, "vote:cast", {"strategy_id": 3})
    ack(bram, "vote:cast", {"strategy_id": 5})
    settle(workshops)
    events(anna), events(bram)
    assert ack(fac, "results:show", {"visible": True}) == {"ok": True}
    (shown,) = events(anna)
    assert shown["type"] == "workshop.updated"
    assert shown["data"]["workshop"]["results_visible"] is True
    assert {t["strategy_id"]: t["votes"] for t in shown["data"]["tallies"] if t["votes"]} == {3: 2, 5: 1}
    ack(anna, "vote:cast", {"strategy_id": 5})
    settle(workshops)
    assert tallies_of(events(bram)) == {5: 2}
    strategy = ack(bram, "strategy:add", {"title": "Zichtbaar", "category": "monitoring"})["strategy"]
    assert strategy["votes"] == 0
    settle(workshops)  # the fresh ranks the new strategy brings
    assert ack(anna, "sync", {"since": 10**6})["state"]["strategies"][2]["votes"] == 2
    ack(fac, "results:show", {"visible": False})
    assert "tallies" not in events(anna)[-1]["data"]
    assert ack(anna, "sync", {"since": 10**6})["state"]["strategies"][2]["votes"] is None


def test_lowering_the_budget_never_deletes_votes(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    for strategy in (1, 2, 3, 4):
        ack(anna, "vote:cast", {"strategy_id": strategy})
    ack(fac, "workshop:settings", {"votes_per_participant": 2, "max_votes_per_strategy": 1})
    state = ack(anna, "sync", {"since": 10**6})["state"]
    assert state["me"]["votes_left"] == 0
    assert sum(s["my_votes"] for s in state["strategies"]) == 4
    assert ack(anna, "vote:cast", {"strategy_id": 5})["error"]["code"] == "invalid"
    assert ack(anna, "vote:retract", {"strategy_id": 1}) == {"ok": True, "votes_left": 0, "my_votes": 0}
    ack(fac, "workshop:settings", {"votes_per_participant": 6})
    assert ack(anna, "vote:cast", {"strategy_id": 5}) == {"ok": True, "votes_left": 2, "my_votes": 1}


# --- ranks ------------------------------------------------------------------------------------


def ranks_of(received: list[dict]) -> list[dict]:
    """The ranks of the latest votes.changed (or workshop.updated) that carries them."""
    carrying = [e["data"]["ranks"] for e in received if "ranks" in e["data"]]
    return carrying[-1] if carrying else []


def test_strategies_carry_the_servers_ranks_in_state_and_in_votes_changed(workshops):
    created, fac, (anna, bram, _) = workshops.room(results_hidden=False)
    for sio, strategy in ((anna, 3), (anna, 3), (anna, 5), (bram, 5), (bram, 1)):
        assert ack(sio, "vote:cast", {"strategy_id": strategy})["ok"]
    settle(workshops)
    state = ack(anna, "sync", {"since": 10**6})["state"]
    ranks = {s["id"]: s["rank"] for s in state["strategies"]}
    assert (ranks[3], ranks[5], ranks[1]) == (1, 1, 3) and set(ranks.values()) == {1, 3, 4}
    for sio in (fac, anna):
        sent = ranks_of(events(sio))
        assert len(sent) == len(state["strategies"])
        assert {r["strategy_id"]: r["rank"] for r in sent} == ranks
    titles = {s["id"]: s["title"].casefold() for s in state["strategies"]}
    assert [r["strategy_id"] for r in sent][:2] == sorted([3, 5], key=titles.get)
    summary = workshops.client.get(f"/api/workshops/{created['code']}/summary.json",
                                   headers={"Authorization": f"Bearer {created['facilitator_token']}"}).json
    assert {s["id"]: s["rank"] for s in summary["strategies"]} == ranks


def test_ranks_are_hidden_with_the_votes_and_come_with_the_reveal(workshops):
    created, fac, (anna, *_) = workshops.room()
    ack(anna, "vote:cast", {"strategy_id": 2})
    settle(workshops)
    assert all(s["rank"] is None for s in ack(anna, "sync", {"since": 10**6})["state"]["strategies"])
    facilitator = ack(fac, "sync", {"since": 10**6})["state"]["strategies"]
    assert next(s for s in facilitator if s["id"] == 2)["rank"] == 1
    assert "ranks" not in str(events(anna)) and ranks_of(events(fac))
    ack(fac, "results:show", {"visible": True})
    (shown,) = events(anna)
    assert {r["strategy_id"]: r["rank"] for r in shown["data"]["ranks"]}[2] == 1
    assert len(shown["data"]["ranks"]) == len(facilitator)


def test_adding_or_removing_a_strategy_sends_fresh_ranks(workshops):
    created, fac, (anna, *_) = workshops.room(results_hidden=False)
    ack(anna, "vote:cast", {"strategy_id": 4})
    settle(workshops)
    events(anna)
    new = ack(fac, "strategy:add", {"title": "Aaa eerst", "category": "monitoring"})["strategy"]
    settle(workshops)
    added = [e for e in events(anna) if e["type"] == "votes.changed"]
    assert [e["data"]["tallies"] for e in added] == [[{"strategy_id": new["id"], "votes": 0}]]
    ranks = {r["strategy_id"]: r["rank"] for r in ranks_of(added)}
    assert ranks[new["id"]] == 2 and ranks[4] == 1
    assert ack(fac, "strategy:remove", {"id": 4}) == {"ok": True}
    settle(workshops)
    removed = events(anna)
    assert [e["type"] for e in removed] == ["strategy.removed", "votes.changed"]
    ranks = {r["strategy_id"]: r["rank"] for r in ranks_of(removed)}
    assert 4 not in ranks and set(ranks.values()) == {1}


# --- coalesced aggregates ---------------------------------------------------------------------


@pytest.fixture
def slow_aggregates(tmp_path):
    """An app whose aggregates go out at most every two seconds: a burst lands in one or two windows."""
    app = make_app(tmp_path, AGGREGATE_INTERVAL=2.0, EVENT_BURST=1000)
    helper = Workshops(app, app.test_client())
    yield helper
    helper.close()
    assert wait_for(app.extensions["live"].idle)


def test_many_votes_and_ratings_become_few_aggregate_events(slow_aggregates):
    created, fac, people = slow_aggregates.room(participants=4, votes_per_participant=6)
    start = time.monotonic()
    for sio in people:
        for strategy in (1, 2, 2, 3):
            assert ack(sio, "vote:cast", {"strategy_id": strategy})["ok"]
        for key in ("driver", "funding", "time"):
            assert ack(sio, "rating:set", {"determinant": key, "score": 3})["ok"]
    # At most one aggregate event per two-second window that the burst spanned, however long
    # a loaded machine took for it.
    windows = int((time.monotonic() - start) / 2.0) + 2
    assert wait_for(slow_aggregates.app.extensions["live"].idle)
    received = events(fac)
    votes = [e for e in received if e["type"] == "votes.changed"]
    ratings = [e for e in received if e["type"] == "ratings.changed"]
    assert 1 <= len(votes) <= windows and 1 <= len(ratings) <= windows
    assert tallies_of(received) == {1: 4, 2: 8, 3: 4}
    latest = {}
    for e in ratings:
        latest.update({d["key"]: d for d in e["data"]["determinants"]})
    assert set(latest) == {"driver", "funding", "time"}
    assert latest["time"] == {"key": "time", "count": 4, "mean": 3.0, "histogram": [0, 0, 4, 0, 0]}


def test_aggregate_events_carry_only_what_changed(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    ack(anna, "vote:cast", {"strategy_id": 1})
    ack(anna, "rating:set", {"determinant": "funding", "score": 4})
    settle(workshops)
    events(fac)
    ack(bram, "vote:cast", {"strategy_id": 2})
    ack(bram, "rating:set", {"determinant": "timing", "score": 1})
    settle(workshops)
    received = events(fac)
    assert [e["data"]["tallies"] for e in received if e["type"] == "votes.changed"] == [
        [{"strategy_id": 2, "votes": 1}]
    ]
    assert [e["data"]["determinants"] for e in received if e["type"] == "ratings.changed"] == [
        [{"key": "timing", "count": 1, "mean": 1.0, "histogram": [1, 0, 0, 0, 0]}]
    ]


def test_a_rating_repeated_unchanged_sends_a_single_aggregate(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    ack(anna, "vote:cast", {"strategy_id": 1})
    settle(workshops)
    seq = ack(fac, "sync", {"since": 10**6})["state"]["seq"]
    ack(anna, "rating:set", {"determinant": "time", "score": 2})
    ack(anna, "rating:set", {"determinant": "time", "score": 2})
    settle(workshops)
    assert ack(fac, "sync", {"since": 10**6})["state"]["seq"] == seq + 1


# --- presence ---------------------------------------------------------------------------------


def test_presence_lists_who_came_and_went_and_does_not_count_the_facilitator(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    settle(workshops)
    presence = events(fac, "presence")
    assert presence and presence[-1]["online"] == 3
    came = {p["id"] for message in presence for p in message["changed"]}
    assert came == {anna.state["me"]["id"], bram.state["me"]["id"], bram.state["me"]["id"] + 1}
    assert fac.state["me"]["id"] not in came
    bram.disconnect()
    settle(workshops)
    (went,) = events(fac, "presence")
    assert went == {
        "online": 2,
        "changed": [{"id": bram.state["me"]["id"], "name": "Deelnemer 2", "role": "GGD", "online": False}],
    }
    assert "presence" not in [e["type"] for e in events(fac)]


def test_the_facilitator_coming_and_going_sends_no_presence(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    settle(workshops)
    events(anna, "presence")
    second = workshops.connect(created["code"], created["facilitator_token"])
    second.disconnect()
    settle(workshops)
    assert events(anna, "presence") == []


def test_a_participant_with_two_connections_stays_online_until_both_are_gone(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    token = workshops.join(created["code"], "Twee tabs")["token"]
    first, second = workshops.connect(created["code"], token), workshops.connect(created["code"], token)
    me = first.state["me"]["id"]
    settle(workshops)
    assert events(fac, "presence")[-1]["online"] == 2
    first.disconnect()
    settle(workshops)
    still = events(fac, "presence")
    assert all(p["online"] for message in still for p in message["changed"] if p["id"] == me)
    assert ack(anna, "sync", {"since": 10**6})["state"]["participants"][-1] == {
        "id": me,
        "name": "Twee tabs",
        "role": None,
        "online": True,
    }
    second.disconnect()
    settle(workshops)
    (gone,) = events(fac, "presence")
    assert gone == {"online": 1, "changed": [{"id": me, "name": "Twee tabs", "role": None, "online": False}]}


def test_presence_goes_out_at_most_once_per_interval_for_a_burst_of_arrivals(workshops):
    created, fac, _ = workshops.room(participants=0)
    settle(workshops)
    tokens = [workshops.join(created["code"], f"P{i}")["token"] for i in range(5)]
    for token in tokens:
        SocketIOTestClient(workshops.app, socketio, auth={"code": created["code"], "token": token})
    settle(workshops)
    presence = events(fac, "presence")
    assert presence[-1]["online"] == 5
    assert sorted(p["id"] for message in presence for p in message["changed"]) == sorted(
        {p["id"] for message in presence for p in message["changed"]}
    )
    assert len(presence) <= 5


# --- anonymity --------------------------------------------------------------------------------


def test_anonymous_hides_other_participants_names_and_roles_from_participants_only(workshops):
    created, fac, (anna, bram, _) = workshops.room(anonymous=True)
    state = ack(anna, "sync", {"since": 10**6})["state"]
    me = state["me"]["id"]
    assert state["me"]["name"] == "Deelnemer 1"
    for person in state["participants"]:
        if person["id"] == me:
            assert (person["name"], person["role"]) == ("Deelnemer 1", "GGD")
        else:
            assert (person["name"], person["role"]) == (None, None)
    assert all(p["name"] for p in ack(fac, "sync", {"since": 10**6})["state"]["participants"])
    settle(workshops)
    seen_by_bram = [p for message in events(bram, "presence") for p in message["changed"]]
    bram_id = bram.state["me"]["id"]
    assert {(p["name"], p["role"]) for p in seen_by_bram if p["id"] != bram_id} == {(None, None)}
    assert {(p["name"], p["role"]) for p in seen_by_bram if p["id"] == bram_id} == {("Deelnemer 2", "GGD")}
    assert all(p["name"] for message in events(fac, "presence") for p in message["changed"])


def test_switching_anonymous_tells_clients_to_fetch_state_again(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    assert ack(anna, "sync", {"since": 10**6})["state"]["participants"][1]["name"] == "Deelnemer 2"
    ack(fac, "workshop:settings", {"anonymous": True})
    (updated,) = events(anna)
    assert (
        updated["type"] == "workshop.updated" and updated["data"]["workshop"]["settings"]["anonymous"] is True
    )
    assert ack(anna, "sync", {"since": 10**6})["state"]["participants"][1]["name"] is None
    summary = workshops.client.get(
        f"/api/workshops/{created['code']}/summary.json",
        headers={"Authorization": f"Bearer {created['facilitator_token']}"},
    ).json
    assert "Deelnemer" not in str(summary["participants"])


# --- sync ------------------------------------------------------------------------------------


def test_sync_replays_what_the_client_missed_and_answers_state_when_ahead(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    for i in range(3):
        ack(fac, "actor:add", {"name": f"A{i}", "category": "other"})
    received = events(anna)
    assert ack(anna, "sync", {"since": 1}) == {"ok": True, "events": received[1:]}
    assert ack(anna, "sync", {"since": 3}) == {"ok": True, "events": []}
    ahead = ack(anna, "sync", {"since": 4})
    assert set(ahead) == {"ok", "state"} and ahead["state"]["seq"] == 3
    assert ahead["state"]["me"]["id"] == anna.state["me"]["id"]


def test_sync_far_behind_answers_state(tmp_path):
    app = make_app(tmp_path, SYNC_MAX_EVENTS=3)
    helper = Workshops(app, app.test_client())
    try:
        created, fac, (anna, *_) = helper.room(participants=1)
        for i in range(5):
            ack(fac, "actor:add", {"name": f"A{i}", "category": "other"})
        assert len(ack(anna, "sync", {"since": 2})["events"]) == 3
        far = ack(anna, "sync", {"since": 1})
        assert "events" not in far and len(far["state"]["actors"]) == 5
    finally:
        helper.close()
        assert wait_for(app.extensions["live"].idle)


# --- connecting -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "auth",
    [
        None,
        {},
        {"code": "ZZZZZZZZ", "token": "x"},
        {"token": "x"},
        "token",
        {"code": 5, "token": "x"},
        {"code": "\ud800"},
        {"code": "x" * 10_000},
        {"code": "ZZZZZZZZ", "token": "\ud800"},
    ],
)
def test_connecting_without_valid_credentials_is_refused(workshops, auth):
    created = workshops.create()
    stranger = SocketIOTestClient(workshops.app, socketio, auth=auth)
    assert not stranger.is_connected()
    assert not SocketIOTestClient(
        workshops.app, socketio, auth={"code": created["code"], "token": "wrong"}
    ).is_connected()


def test_a_token_connects_only_to_its_own_workshop(workshops):
    first, second = workshops.create(), workshops.create()
    crossed = SocketIOTestClient(
        workshops.app, socketio, auth={"code": second["code"], "token": first["facilitator_token"]}
    )
    assert not crossed.is_connected()


def test_a_browser_connects_with_just_the_code_once_its_cookie_session_knows_it(workshops):
    created = workshops.create()
    joined = workshops.join(created["code"], "Browser")
    sio = SocketIOTestClient(
        workshops.app, socketio, auth={"code": created["code"].lower()}, flask_test_client=workshops.client
    )
    workshops.sockets.append(sio)
    assert sio.is_connected()
    (state,) = [m["args"][0] for m in sio.get_received() if m["name"] == "state"]
    assert state["me"]["id"] == joined["participant"]["id"]
    assert not SocketIOTestClient(workshops.app, socketio, auth={"code": created["code"]}).is_connected()


def test_events_before_connecting_are_not_possible_and_refused_clients_change_nothing(workshops):
    created, fac, _ = workshops.room(participants=0)
    SocketIOTestClient(workshops.app, socketio, auth={"code": created["code"], "token": "nope"})
    assert events(fac) == [] and events(fac, "presence") == []


def test_the_weakest_determinants_come_from_the_server_in_state_and_in_ratings_changed(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    ack(anna, "rating:set", {"determinant": "funding", "score": 2})
    ack(bram, "rating:set", {"determinant": "time", "score": 2})
    ack(bram, "rating:set", {"determinant": "driver", "score": 4})
    settle(workshops)
    latest = [e for e in events(fac) if e["type"] == "ratings.changed"][-1]
    assert latest["data"]["weakest"] == ["funding", "time"]
    assert ack(anna, "sync", {"since": 10**6})["state"]["weakest"] == ["funding", "time"]


def test_comments_reach_the_facilitator_live_and_no_participant(workshops):
    created, fac, (anna, bram, _) = workshops.room()
    assert all("comments" not in d for d in ack(bram, "sync", {"since": 10**6})["state"]["determinants"])
    ack(anna, "rating:set", {"determinant": "funding", "score": 2, "comment": "Geen structureel budget"})
    settle(workshops)
    mine = [e for e in events(fac) if e["type"] == "ratings.changed"]
    assert mine[-1]["data"]["comments"] == [{"key": "funding", "comments": ["Geen structureel budget"]}]
    assert all("comments" not in e["data"] for e in events(bram))
    ack(anna, "rating:set", {"determinant": "funding", "score": 2, "comment": "Budget tot 2027"})
    settle(workshops)
    changed = [e for e in events(fac) if e["type"] == "ratings.changed"][-1]["data"]
    assert changed["determinants"] == [] and changed["comments"][0]["comments"] == ["Budget tot 2027"]
    facilitator_state = ack(fac, "sync", {"since": 10**6})["state"]
    by_key = {d["key"]: d["comments"] for d in facilitator_state["determinants"]}
    assert by_key["funding"] == ["Budget tot 2027"]
    replayed = ack(bram, "sync", {"since": 0})
    assert all("comments" not in e["data"] for e in replayed.get("events", []))
