"""`GET /api/workshops/{code}/timeline`: the whole chain of follow-ups a workshop belongs to, oldest
first, with the same figures as each workshop's summary; for its facilitators only."""

import pytest

from tests.summary_workshop import ack, run_workshop, summary, unthrottled_app


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def timeline(client, code, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"/api/workshops/{code}/timeline", headers=headers)


@pytest.fixture
def chain(workshops):
    first = run_workshop(workshops)
    ack(first["fac"], "action:update", {"id": first["actions"][0]["id"], "status": "done"})
    second = run_workshop(workshops, follow_up_of=first, scores={
        "driver": [5, 5, 4, 4], "funding": [3, 3, 3, 4], "added_value": [4, 4, 4, 4],
        "timing": [3, 3, 3, 3], "time": [3, 3, 3, 3]})
    ack(second["fac"], "ownership:set", {"actor_id": second["actors"]["GGD regio Utrecht"]["id"],
                                         "area": "supply", "role": "driver"})
    third = run_workshop(workshops, follow_up_of=second)
    return [first, second, third]


def test_every_workshop_of_the_chain_oldest_first_from_any_of_them(client, workshops, chain):
    unrelated = workshops.create()
    codes = [run["created"]["code"] for run in chain]
    for run in chain:
        answer = timeline(client, run["created"]["code"], run["created"]["facilitator_token"])
        assert answer.status_code == 200
        assert [w["code"] for w in answer.json["workshops"]] == codes
    assert [w["code"] for w in timeline(client, unrelated["code"], unrelated["facilitator_token"])
            .json["workshops"]] == [unrelated["code"]]


def test_each_workshop_shows_the_figures_of_its_summary(client, chain):
    last = chain[-1]["created"]
    entries = timeline(client, last["code"], last["facilitator_token"]).json["workshops"]
    for run, entry in zip(chain, entries, strict=True):
        s = summary(client, run).json
        assert set(entry) >= {"code", "title", "created_at", "closed_at", "determinants", "gaps", "stages",
                              "actions"}
        assert entry["title"] == s["workshop"]["title"] and entry["created_at"] == s["workshop"]["created_at"]
        assert [(d["key"], d["mean"]) for d in entry["determinants"]] \
            == [(d["key"], d["mean"]) for d in s["determinants"]]
        assert entry["gaps"] == s["ownership"]["gaps"]
        assert entry["stages"] == s["ownership"]["stages"]
        statuses = [a["status"] for a in s["actions"]]
        assert entry["actions"] == {k: statuses.count(k) for k in ("open", "doing", "done")}
        assert entry["goals"] == s["goals"]


def test_what_changed_between_the_workshops(client, chain):
    last = chain[-1]["created"]
    answer = timeline(client, last["code"], last["facilitator_token"]).json
    first, second, _ = answer["workshops"]
    assert first["actions"] == {"open": 1, "doing": 0, "done": 1}
    assert second["gaps_closed"] == [{"area": "supply", "role": "driver"}]
    assert first["determinants"][0]["mean"] < second["determinants"][0]["mean"]
    history = {a["title"]: a["statuses"] for a in answer["action_history"]}
    assert history["Businesscase opstellen met zorgverzekeraar"][0] == "done"
    assert history["Trekker zoeken voor opschaling van het gebruik"][:2] == ["open", "open"]


def test_only_a_facilitator_reads_the_timeline(client, workshops, chain):
    run = chain[1]
    code = run["created"]["code"]
    participant = workshops.join(code, "Anna")["token"]
    stranger = workshops.join(chain[0]["created"]["code"], "Mallory")["token"]
    assert timeline(client, code, participant).status_code == 403
    assert timeline(client, code, stranger).status_code == 401
    assert timeline(client.application.test_client(), code).status_code == 401
    assert timeline(client, "ZZZZZZZZ", run["created"]["facilitator_token"]).status_code == 401


def test_a_logged_in_facilitator_reads_it_without_the_token(app, accounts):
    accounts.create("anna@ggd.nl")
    accounts.create("bram@ggd.nl")
    anna, bram = accounts.login("anna@ggd.nl"), accounts.login("bram@ggd.nl")
    code = anna.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    assert timeline(bram, code).status_code == 401
    anna.post(f"/api/workshops/{code}/facilitators", json={"email": "bram@ggd.nl"})
    assert timeline(anna, code).status_code == 200
    assert [w["code"] for w in timeline(bram, code).json["workshops"]] == [code]
