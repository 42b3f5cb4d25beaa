"""`state` as a connect gets it — for a participant with nothing of their own, from the part kept
per workshop, `seq` and aggregate flush — is `state` read afresh, for every viewer; and a
connect between a vote and its aggregate flush ends with the tallies everyone else has."""

import pytest

from tests.helpers import Workshops, events, make_app, settle, wait_for
from workshop import reads
from workshop.extensions import db
from workshop.models import Vote


def ack(sio, event: str, data: dict) -> dict:
    return sio.emit(event, data, callback=True)


def fresh(workshops, code: str, token: str) -> dict:
    """`state` read from the database as the HTTP `state` reads it, with nothing kept."""
    response = workshops.client.get(f"/api/workshops/{code}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.json


def tallies(state: dict, received: list[dict]) -> dict[int, int]:
    """The strategies' votes a client holds: those of its `state`, then each `votes.changed`."""
    counts = {s["id"]: s["votes"] for s in state["strategies"]}
    for e in received:
        if e["type"] == "votes.changed":
            counts.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
    return counts


def test_a_newcomer_gets_the_state_read_afresh_for_every_viewer(workshops):
    created = workshops.create(results_hidden=False)
    code, fac_token = created["code"], created["facilitator_token"]
    fac = workshops.connect(code, fac_token)
    assert ack(fac, "actor:add", {"name": "GGD", "category": "provider"})["ok"]
    strategy = ack(fac, "strategy:add", {"title": "Eigen aanpak", "category": "financing"})["strategy"]
    assert ack(fac, "action:add", {"title": "Bellen", "strategy_id": strategy["id"]})["ok"]
    settle(workshops)  # the new strategy's ranks go out as an event: compare after it
    kept = workshops.app.extensions["live"].states
    for name, fields in (("Anna", {}), ("Bram", {"anonymous": True}), ("Cees", {"role": "GGD"})):
        joined = workshops.join(code, name, **fields)
        state = workshops.connect(code, joined["token"]).state
        assert state == fresh(workshops, code, joined["token"])
        assert state["me"]["name"] == name and state["me"]["votes_left"] == 5
    assert len(kept) == 1  # one part for the three of them
    assert workshops.connect(code, fac_token).state == fresh(workshops, code, fac_token)
    # A change is a new `seq`: the next newcomer sees it.
    assert ack(fac, "actor:add", {"name": "Gemeente", "category": "policy"})["ok"]
    settle(workshops)
    dirk = workshops.join(code, "Dirk")
    state = workshops.connect(code, dirk["token"]).state
    assert state == fresh(workshops, code, dirk["token"])
    assert [a["name"] for a in state["actors"]] == ["GGD", "Gemeente"]


def test_in_an_anonymous_workshop_a_newcomer_sees_only_their_own_name(workshops):
    created = workshops.create(anonymous=True)
    code = created["code"]
    people = [workshops.join(code, name) for name in ("Anna", "Bram")]
    for person in people:
        state = workshops.connect(code, person["token"]).state
        assert state == fresh(workshops, code, person["token"])
        assert [p["name"] for p in state["participants"] if p["name"]] == [state["me"]["name"]]


def test_someone_with_votes_or_scores_of_their_own_gets_them(workshops):
    created = workshops.create(results_hidden=False)
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    strategy = ack(fac, "strategy:add", {"title": "Eigen aanpak", "category": "financing"})["strategy"]
    settle(workshops)
    anna = workshops.join(code, "Anna")
    sio = workshops.connect(code, anna["token"])
    assert ack(sio, "vote:cast", {"strategy_id": strategy["id"]})["ok"]
    assert ack(sio, "rating:set", {"determinant": "funding", "score": 2})["ok"]
    settle(workshops)
    state = workshops.connect(code, anna["token"]).state
    assert state == fresh(workshops, code, anna["token"])
    assert state["me"]["votes_left"] == 4
    assert [s["my_votes"] for s in state["strategies"] if s["id"] == strategy["id"]] == [1]
    assert [d["my_score"] for d in state["determinants"] if d["key"] == "funding"] == [2]
    # Someone else, with nothing of their own, gets the kept part: the same counts, none of hers.
    bram = workshops.join(code, "Bram")
    other = workshops.connect(code, bram["token"]).state
    assert other == fresh(workshops, code, bram["token"])
    assert all(s["my_votes"] == 0 for s in other["strategies"])
    assert all(d["my_score"] is None for d in other["determinants"])


@pytest.fixture
def slow_aggregates(tmp_path):
    """Aggregates go out half a second after a change: a connect fits in between."""
    app = make_app(tmp_path, AGGREGATE_INTERVAL=0.5)
    helper = Workshops(app, app.test_client())
    yield helper
    helper.close()
    assert wait_for(app.extensions["live"].idle)


def test_a_connect_between_a_vote_and_its_flush_ends_with_everyones_tallies(slow_aggregates):
    workshops = slow_aggregates
    created = workshops.create(results_hidden=False)
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    strategy = ack(fac, "strategy:add", {"title": "Eigen aanpak", "category": "financing"})["strategy"]
    anna = workshops.connect(code, workshops.join(code, "Anna")["token"])
    settle(workshops)
    workshops.connect(code, workshops.join(code, "Bram")["token"])  # the part is kept now
    assert ack(anna, "vote:cast", {"strategy_id": strategy["id"]})["ok"]
    cees = workshops.connect(code, workshops.join(code, "Cees")["token"])  # before the flush
    settle(workshops)
    expected = tallies(fresh(workshops, code, cees.token), [])
    assert expected[strategy["id"]] == 1
    assert tallies(cees.state, events(cees)) == expected
    dirk = workshops.connect(code, workshops.join(code, "Dirk")["token"])  # after it
    assert tallies(dirk.state, []) == expected


def test_a_vote_another_process_stored_reaches_a_newcomer_with_its_flush(slow_aggregates):
    """Another process's vote is not pending here: a newcomer gets the kept tallies, from before
    the vote, and the flush's event brings the vote."""
    workshops = slow_aggregates
    created = workshops.create(results_hidden=False)
    code = created["code"]
    fac = workshops.connect(code, created["facilitator_token"])
    strategy = ack(fac, "strategy:add", {"title": "Eigen aanpak", "category": "financing"})["strategy"]
    anna = workshops.join(code, "Anna")
    workshops.connect(code, anna["token"])
    settle(workshops)
    workshops.connect(code, workshops.join(code, "Cees")["token"])  # the part is kept now
    live, workshop_id = workshops.app.extensions["live"], _workshop_id(workshops.app, code)
    with workshops.app.app_context():
        db.session.add(Vote(participant_id=anna["participant"]["id"], strategy_id=strategy["id"],
                            workshop_id=workshop_id, count=2))
        db.session.commit()
    bram = workshops.connect(code, workshops.join(code, "Bram")["token"])
    assert tallies(bram.state, [])[strategy["id"]] == 0  # as of the last flush
    live.aggregates.changed(workshop_id, {"votes"})  # the other process's flush
    settle(workshops)
    held = tallies(bram.state, events(bram))
    assert held[strategy["id"]] == 2 and held == tallies(fresh(workshops, code, bram.token), [])


def _workshop_id(app, code: str) -> int:
    with app.app_context():
        return reads.workshop_by_code(code).id


def test_who_is_online_here_is_who_has_a_connection_row(workshops):
    created = workshops.create()
    code = created["code"]
    anna, bram = workshops.join(code, "Anna"), workshops.join(code, "Bram")
    tabs = [workshops.connect(code, anna["token"]), workshops.connect(code, anna["token"]),
            workshops.connect(code, bram["token"]), workshops.connect(code, created["facilitator_token"])]
    live, workshop_id = workshops.app.extensions["live"], _workshop_id(workshops.app, code)

    def both() -> tuple[set, set]:
        with workshops.app.app_context():
            return set(live.online(workshop_id)), reads.online_ids(workshop_id)

    here, stored = both()
    assert here == stored and len(here) == 3
    tabs[0].disconnect()
    assert both() == (here, stored)  # Anna's other tab is still there
    tabs[1].disconnect()
    tabs[2].disconnect()
    here, stored = both()
    assert here == stored and len(here) == 1  # the facilitator
