"""Every client ends with the stored aggregates: a vote, score or card vote made and taken back
within one flush interval, with a newcomer connecting and an edit of the strategy, card or
determinant list going out in between, leaves nobody with the value of the moment between."""

import time

import pytest

from tests.helpers import events, flushes_sent_at, settle
from workshop import reads
from workshop.extensions import db
from workshop.models import Vote


def ack(sio, event: str, payload: dict) -> dict:
    answer = sio.emit(event, payload, callback=True)
    assert answer["ok"], (event, answer)
    return answer


def hold_flushes(lively, code: str, at: float) -> int:
    """Keep the workshop's flushes waiting in the loop (`at` far ahead), or let them go; its `seq`."""
    with lively.app.app_context():
        w = reads.workshop_by_code(code)
        workshop_id, seq = w.id, w.last_seq
    flushes_sent_at(lively.app, [workshop_id], at)
    return seq


class Votes:
    template: dict = {}

    def prepare(self, lively, fac, anna):
        self.strategy = fac.state["strategies"][0]["id"]
        ack(anna, "vote:cast", {"strategy_id": self.strategy})  # the row that flushes compare with

    def do(self, anna):
        ack(anna, "vote:cast", {"strategy_id": self.strategy})

    def undo(self, anna):
        ack(anna, "vote:retract", {"strategy_id": self.strategy})

    def edit(self, fac):
        ack(fac, "strategy:update", {"id": self.strategy, "description": "Aangepast"})

    def view(self, state, received):
        seen = {s["id"]: s["votes"] for s in state["strategies"]}
        for e in received:
            if e["type"] == "votes.changed" or (e["type"] == "workshop.updated" and "tallies" in e["data"]):
                seen.update({t["strategy_id"]: t["votes"] for t in e["data"]["tallies"]})
            elif e["type"] in ("strategy.added", "strategy.updated"):
                seen[e["data"]["strategy"]["id"]] = e["data"]["strategy"]["votes"]
        return seen

    def stored(self, w):
        counts = reads.tallies(w.id)
        return {s["id"]: counts.get(s["id"], 0) for s in reads.strategy_votes(w.id)}


class Ratings(Votes):
    def prepare(self, lively, fac, anna):
        ack(anna, "rating:set", {"determinant": "time", "score": 2})

    def do(self, anna):
        ack(anna, "rating:set", {"determinant": "time", "score": 5})

    def undo(self, anna):
        ack(anna, "rating:set", {"determinant": "time", "score": 2})

    def edit(self, fac):
        keys = [{"key": d["key"]} for d in fac.state["determinants"]]
        ack(fac, "determinants:set", {"determinants": [*keys, {"label": "Draagvlak"}]})

    def view(self, state, received):
        seen = scores(state["determinants"])
        for e in received:
            if e["type"] == "determinants.changed":  # the new list, as a whole
                seen = scores(e["data"]["determinants"])
            elif e["type"] == "ratings.changed":
                seen.update(scores(e["data"]["determinants"]))
        return seen

    def stored(self, w):
        return scores(reads.determinant_entries(w))


def scores(determinants: list[dict]) -> dict:
    return {d["key"]: (d["count"], d["mean"], d["histogram"]) for d in determinants}


class CardVotes(Votes):
    template = {"template": "focus_group"}

    def prepare(self, lively, fac, anna):
        question = next(s["id"] for s in fac.state["workshop"]["agenda"] if s["kind"] == "question")
        ack(fac, "step:set", {"step": question})
        self.card = ack(anna, "card:add", {"text": "Lokale partijen"})["card"]["id"]
        ack(anna, "card:vote", {"id": self.card})

    def do(self, anna):
        ack(anna, "card:vote", {"id": self.card})

    def undo(self, anna):
        ack(anna, "card:unvote", {"id": self.card})

    def edit(self, fac):
        ack(fac, "card:update", {"id": self.card, "text": "Lokale partijen doen mee"})

    def view(self, state, received):
        seen = {c["id"]: c["votes"] for c in state["cards"]}
        for e in received:
            if e["type"] == "card_votes.changed":
                seen.update({t["card_id"]: t["votes"] for t in e["data"]["tallies"]})
            elif e["type"] in ("card.added", "card.updated"):
                seen[e["data"]["card"]["id"]] = e["data"]["card"]["votes"]
        return seen

    def stored(self, w):
        counts = reads.card_tallies(w.id)
        return {c.id: counts.get(c.id, 0) for c in reads.shared_state(w)["cards"]}


KINDS = {"votes": Votes, "ratings": Ratings, "card_votes": CardVotes}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("edit", [False, True], ids=["newcomer", "newcomer_and_edit"])
def test_a_change_undone_within_one_interval_leaves_every_client_with_the_stored_aggregate(lively, kind,
                                                                                         edit):
    aggregate = KINDS[kind]()
    created, fac, (anna,) = lively.room(participants=1, results_hidden=False, **aggregate.template)
    code = created["code"]
    bram = lively.join(code, "Bram", role="GGD")
    aggregate.prepare(lively, fac, anna)
    settle(lively)
    clients = {"fac": (fac, fac.state), "anna": (anna, anna.state)}
    seq = hold_flushes(lively, code, time.time() + 3600)
    aggregate.do(anna)
    newcomers = {"bram": lively.connect(code, bram["token"]),
                 "fac again": lively.connect(code, created["facilitator_token"])}
    if edit:
        aggregate.edit(fac)
    aggregate.undo(anna)
    # Nothing was flushed meanwhile: the change and its undoing fell inside one interval.
    assert hold_flushes(lively, code, 0.0) == seq + edit
    settle(lively)
    clients.update({name: (sio, sio.state) for name, sio in newcomers.items()})
    with lively.app.app_context():
        w = reads.workshop_by_code(code)
        stored, final = aggregate.stored(w), w.last_seq
    for name, (sio, state) in clients.items():
        received = events(sio)
        assert [e["seq"] for e in received] == list(range(state["seq"] + 1, final + 1)), name
        assert aggregate.view(state, received) == stored, name


@pytest.mark.parametrize("kind", ["votes", "card_votes"])
def test_while_results_are_hidden_a_newcomer_gets_no_counts_and_the_facilitator_converges(lively, kind):
    aggregate = KINDS[kind]()
    created, fac, (anna,) = lively.room(participants=1, **aggregate.template)
    code = created["code"]
    bram = lively.join(code, "Bram", role="GGD")
    aggregate.prepare(lively, fac, anna)
    settle(lively)
    hold_flushes(lively, code, time.time() + 3600)
    aggregate.do(anna)
    newcomer = lively.connect(code, bram["token"])
    again = lively.connect(code, created["facilitator_token"])
    aggregate.undo(anna)
    hold_flushes(lively, code, 0.0)
    settle(lively)
    aggregate.do(anna)  # a change that does go out, after the newcomers' `state`
    settle(lively)
    with lively.app.app_context():
        stored = aggregate.stored(reads.workshop_by_code(code))
    participant_view = aggregate.view(newcomer.state, received := events(newcomer))
    assert set(participant_view.values()) == {None}
    changed = [e for e in received if e["type"].endswith("votes.changed")]
    assert changed and all(e["data"] == {"tallies": []} for e in changed)
    for sio, state in ((fac, fac.state), (again, again.state)):
        assert aggregate.view(state, events(sio)) == stored


@pytest.mark.parametrize("newcomer", ["voter", "facilitator"])
def test_a_vote_whose_flush_was_lost_goes_out_when_someone_connects(lively, newcomer):
    """As a process killed between a vote's commit and its flush leaves it: the vote stored,
    nothing on its way. The next connect that reads the aggregates (the facilitator's, a voter's;
    after a restart anyone's) has them as sent in its `state` and asks for the flush."""
    created, fac, (anna,) = lively.room(participants=1, results_hidden=False)
    code, strategy = created["code"], fac.state["strategies"][0]["id"]
    with lively.app.app_context():
        w = reads.workshop_by_code(code)
        db.session.add(Vote(participant_id=anna.state["me"]["id"], strategy_id=strategy, workshop_id=w.id,
                            count=2))
        db.session.commit()
    late = lively.connect(code, created["facilitator_token"] if newcomer == "facilitator" else anna.token)
    assert {s["id"]: s["votes"] for s in late.state["strategies"]}[strategy] == 0
    settle(lively)
    with lively.app.app_context():
        w = reads.workshop_by_code(code)
        stored, final = Votes().stored(w), w.last_seq
    assert stored[strategy] == 2
    for sio, state in ((fac, fac.state), (anna, anna.state), (late, late.state)):
        received = events(sio)
        assert [e["seq"] for e in received] == list(range(state["seq"] + 1, final + 1))
        assert Votes().view(state, received) == stored
