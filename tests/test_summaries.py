"""Summaries kept per workshop while it does not change (`workshop.summaries`): an unchanged
event or workshop is downloaded again without building any summary; a change in one group is
in the next download and rebuilds only that group, also a vote whose event is still being
coalesced (or never comes, since the totals did not move)."""

import json

import pytest

from tests.helpers import events, fresh_postgres_database, make_app
from workshop import reads
from workshop.domain.redaction import FACILITATOR
from workshop.extensions import db, socketio

GROUPS = {
    "title": "Middag van vier groepen", "language": "nl",
    "groups": [{"title": f"Groep {n}", "intervention": "Beweegkuur"} for n in range(1, 5)],
}


@pytest.fixture
def app(tmp_path):
    # Votes are recorded as an event a minute later: a download in between must show them anyway.
    return make_app(tmp_path, AGGREGATE_INTERVAL=60.0)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def built(app) -> int:
    return app.extensions["summaries"].built


def content(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "generated_at"}


def fresh(app, code: str) -> dict:
    """The group's summary built afresh from the database, as before anything was kept."""
    with app.app_context():
        return content(reads.summary(reads.workshop_by_code(code), FACILITATOR))


def voter(app, client, group: dict, name: str):
    """A participant of the group on its strategies step, and the strategies' ids."""
    fac = socketio.test_client(app, auth={"code": group["code"], "token": group["facilitator_token"]})
    state = events(fac, "state")[0]
    step = next(s["id"] for s in state["workshop"]["agenda"] if s["kind"] == "strategies")
    assert fac.emit("step:set", {"step": step}, callback=True) == {"ok": True}
    joined = client.post(f"/api/workshops/{group['code']}/participants", json={"name": name}).json
    person = socketio.test_client(app, auth={"code": group["code"], "token": joined["token"]})
    return fac, person, [s["id"] for s in state["strategies"]]


def test_an_unchanged_event_is_downloaded_again_without_building_a_summary(app, client):
    made = client.post("/api/events", json=GROUPS).json
    token = bearer(made["facilitator_token"])
    base = f"/api/events/{made['code']}/summary"
    first = json.loads(client.get(f"{base}.json", headers=token).data)
    assert built(app) == 4
    files = {fmt: client.get(f"{base}.{fmt}", headers=token).data for fmt in ("md", "pdf")}
    again = json.loads(client.get(f"{base}.json", headers=token).data)
    assert [content(g) for g in again["groups"]] == [content(g) for g in first["groups"]]
    assert all(g["generated_at"] for g in again["groups"])
    for fmt, data in files.items():
        assert client.get(f"{base}.{fmt}", headers=token).data == data
    assert client.get(f"/api/events/{made['code']}/plenary", headers=token).status_code == 200
    assert built(app) == 4  # every download and the plenary used the four kept summaries


def test_a_change_in_one_group_is_in_the_next_download_and_rebuilds_that_group_only(app, client):
    made = client.post("/api/events", json=GROUPS).json
    token = bearer(made["facilitator_token"])
    base = f"/api/events/{made['code']}/summary"
    client.get(f"{base}.md", headers=token)
    group = made["groups"][2]
    fac, person, strategies = voter(app, client, group, "Anna")
    before = built(app)

    assert person.emit("vote:cast", {"strategy_id": strategies[0]}, callback=True)["ok"]
    body = json.loads(client.get(f"{base}.json", headers=token).data)
    assert built(app) == before + 1
    votes = {s["id"]: s["votes"] for s in body["groups"][2]["strategies"]}
    assert votes[strategies[0]] == 1  # stored, its votes.changed not yet recorded
    assert content(body["groups"][2]) == fresh(app, group["code"])
    assert "Anna" in client.get(f"{base}.md", headers=token).data.decode()

    # The same person moves the vote: the totals change, still no event recorded.
    assert person.emit("vote:retract", {"strategy_id": strategies[0]}, callback=True)["ok"]
    assert person.emit("vote:cast", {"strategy_id": strategies[1]}, callback=True)["ok"]
    moved = json.loads(client.get(f"{base}.json", headers=token).data)["groups"][2]
    assert {s["id"]: s["votes"] for s in moved["strategies"]}[strategies[1]] == 1
    assert content(moved) == fresh(app, group["code"])
    fac.disconnect()
    person.disconnect()


def test_a_vote_passed_from_one_person_to_another_changes_the_summary(app, client):
    """Totals that do not move record no event at all; the results per stakeholder group (of at
    least three people) still change, and so does the kept summary."""
    made = client.post("/api/events", json=GROUPS).json
    group = made["groups"][0]
    fac, _, strategies = voter(app, client, group, "Toeschouwer")

    def join(name: str, stakeholders: str) -> str:
        return client.post(f"/api/workshops/{group['code']}/participants",
                           json={"name": name, "group": stakeholders}).json["token"]

    tokens = [join(f"{stakeholders} {n}", stakeholders)
              for stakeholders in ("policy", "funder") for n in range(3)]
    anna, bram = (socketio.test_client(app, auth={"code": group["code"], "token": t})
                  for t in (tokens[0], tokens[3]))
    assert anna.emit("vote:cast", {"strategy_id": strategies[0]}, callback=True)["ok"]
    token = bearer(group["facilitator_token"])
    url = f"/api/workshops/{group['code']}/summary.json"
    first = client.get(url, headers=token).json
    assert anna.emit("vote:retract", {"strategy_id": strategies[0]}, callback=True)["ok"]
    assert bram.emit("vote:cast", {"strategy_id": strategies[0]}, callback=True)["ok"]
    again = client.get(url, headers=token).json
    assert content(again) != content(first)
    assert content(again) == fresh(app, group["code"])
    for sio in (fac, anna, bram):
        sio.disconnect()


def test_a_workshop_download_uses_the_kept_summary_and_follows_joins(app, client, workshops):
    w = workshops.create()
    token = bearer(w["facilitator_token"])
    url = f"/api/workshops/{w['code']}/summary"
    md = client.get(f"{url}.md", headers=token).data
    before = built(app)
    assert client.get(f"{url}.md", headers=token).data == md
    assert client.get(f"{url}.json", headers=token).status_code == 200
    assert built(app) == before
    client.post(f"/api/workshops/{w['code']}/participants", json={"name": "Chris"})
    assert "Chris" in client.get(f"{url}.md", headers=token).data.decode()
    assert built(app) == before + 1


@pytest.mark.services
def test_kept_summaries_on_postgresql(tmp_path):
    with fresh_postgres_database("summaries") as url:
        app = make_app(tmp_path, DATABASE_URL=url, AGGREGATE_INTERVAL=60.0)
        client = app.test_client()
        made = client.post("/api/events", json=GROUPS).json
        token = bearer(made["facilitator_token"])
        base = f"/api/events/{made['code']}/summary"
        first = client.get(f"{base}.md", headers=token).data
        assert client.get(f"{base}.md", headers=token).data == first
        assert built(app) == 4
        fac, person, strategies = voter(app, client, made["groups"][1], "Anna")
        assert person.emit("vote:cast", {"strategy_id": strategies[0]}, callback=True)["ok"]
        body = json.loads(client.get(f"{base}.json", headers=token).data)
        assert {s["id"]: s["votes"] for s in body["groups"][1]["strategies"]}[strategies[0]] == 1
        assert built(app) == 5
        fac.disconnect()
        person.disconnect()
        with app.app_context():
            app.extensions["live"].locks.close()
            db.engine.dispose()
