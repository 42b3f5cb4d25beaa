"""A follow-up workshop starts from the earlier one, and its summary shows what changed since."""

import io

import pytest
from pypdf import PdfReader

from tests.summary_workshop import ack, run_workshop, summary, unthrottled_app


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


AFTER = {"driver": [5, 5, 5, 5], "funding": [3, 3, 3, 4], "added_value": [4, 4, 4, 4],
         "timing": [3, 3, 3, 3], "time": [2, 2, 2, 2]}


def test_a_follow_up_starts_from_the_earlier_actors_ownership_strategies_and_open_actions(workshops, client):
    before = run_workshop(workshops)
    ack(before["fac"], "action:update", {"id": before["actions"][0]["id"], "status": "done"})
    created = client.post("/api/workshops", json={
        "title": "Een jaar later", "intervention": "Beweegkuur", "follow_up_of": before["created"]["code"]},
        headers={"Authorization": f"Bearer {before['created']['facilitator_token']}"}).json
    state = workshops.connect(created["code"], created["facilitator_token"]).state
    earlier = summary(client, before).json
    assert state["workshop"]["follow_up_of"] == before["created"]["code"]
    assert [(a["name"], a["influence"]) for a in state["actors"]] \
        == [(a["name"], a["influence"]) for a in earlier["actors"]]
    names = {a["id"]: a["name"] for a in state["actors"]}
    assert sorted((names[o["actor_id"]], o["area"], o["role"]) for o in state["ownership"]) \
        == sorted((o["actor"], o["area"], o["role"]) for o in earlier["ownership"]["assignments"])
    assert state["stages"] == earlier["ownership"]["stages"]
    assert [s["title"] for s in state["strategies"]] == [s["title"] for s in summary_order(earlier)]
    assert {s["votes"] for s in state["strategies"]} == {0}
    assert [a["title"] for a in state["actions"]] == ["Trekker zoeken voor opschaling van het gebruik"]
    assert state["workshop"]["goals"]["locations"] == {"now": 12, "goal": 40}
    # The console compares live with the earlier workshop: its means, its gaps, what came along.
    assert state["earlier"]["code"] == before["created"]["code"]
    assert state["earlier"]["title"] == earlier["workshop"]["title"]
    assert {d["key"]: d["mean"] for d in state["earlier"]["determinants"]} \
        == {d["key"]: d["mean"] for d in earlier["determinants"]}
    assert state["earlier"]["gaps"] == earlier["ownership"]["gaps"]
    assert state["earlier"]["carried"] == {"actors": len(earlier["actors"]),
                                           "strategies": len(earlier["strategies"]), "actions": 1}


def summary_order(data: dict) -> list[dict]:
    return sorted(data["strategies"], key=lambda s: s["id"])


def test_only_the_earlier_facilitator_can_start_a_follow_up(workshops, client):
    before = run_workshop(workshops)
    participant = workshops.join(before["created"]["code"], "Els")["token"]
    response = client.post("/api/workshops", json={
        "title": "Een jaar later", "intervention": "Beweegkuur", "follow_up_of": before["created"]["code"]},
        headers={"Authorization": f"Bearer {participant}"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_the_follow_ups_summary_shows_scores_gaps_actions_stages_and_goals_since(workshops, client):
    before = run_workshop(workshops)
    after = run_workshop(workshops, follow_up_of=before, scores=AFTER)
    fac = after["fac"]
    actors = {a["name"]: a for a in fac.state["actors"]}
    # Before: supply lacks a driver, use lacks both. Now: use gets a driver, the intervention
    # loses its accountable, supply moves to "want", and a carried-over action is done.
    ack(fac, "ownership:set", {"actor_id": actors["Patiëntenfederatie"]["id"], "area": "use",
                               "role": "driver"})
    ack(fac, "ownership:set", {"actor_id": actors["Gemeente Utrecht"]["id"], "area": "intervention",
                               "role": None})
    ack(fac, "stage:set", {"area": "supply", "stage": "want"})
    ack(fac, "stage:set", {"area": "intervention", "stage": "do"})
    carried = next(a for a in fac.state["actions"] if a["title"].startswith("Businesscase"))
    ack(fac, "action:update", {"id": carried["id"], "status": "done"})
    ack(fac, "goals:set", {"locations": {"now": 20}, "level": {"now": "national"},
                           "embedding": {"now": "partly"}})

    compared = summary(client, after).json["compared_to"]
    assert compared["code"] == before["created"]["code"]
    assert compared["determinants"] == [
        {"key": "driver", "mean_before": 4.0, "mean_now": 5.0},
        {"key": "funding", "mean_before": 2.0, "mean_now": 3.25},
        {"key": "added_value", "mean_before": 4.25, "mean_now": 4.0},
        {"key": "timing", "mean_before": 3.0, "mean_now": 3.0},
        {"key": "time", "mean_before": 2.75, "mean_now": 2.0}]
    assert compared["gaps_closed"] == [{"area": "use", "role": "driver"}]
    assert compared["gaps_new"] == [{"area": "intervention", "role": "accountable"}]
    assert compared["actions_done"] == 1
    assert compared["stages"] == [{"area": "intervention", "before": "can", "now": "do"},
                                  {"area": "supply", "before": None, "now": "want"},
                                  {"area": "use", "before": None, "now": None}]
    goals = {g["measure"]: g for g in compared["goals"]}
    assert (goals["locations"]["before"], goals["locations"]["now"], goals["locations"]["change"]) \
        == (12, 20, 8)
    assert (goals["level"]["before"], goals["level"]["now"], goals["level"]["change"]) \
        == ("regional", "national", 1)
    assert goals["level"]["reached"] is True
    assert goals["embedding"]["change"] == 1

    text = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(
        summary(client, after, "pdf").data)).pages).split())
    assert "Wat er veranderde sinds de vorige sessie" in text
    assert f"Vergeleken met sessie {before['created']['code']}" in text
    assert "+1,25" in text and "−0,75" in text
    markdown = summary(client, after, "md").data.decode()
    assert "| Financiering | 2 | 3,25 | 1,25 |" in markdown
    assert "| Locaties | 12 | 20 | 40 | 8 |" in markdown


def test_a_workshop_that_is_no_follow_up_compares_to_nothing(workshops, client):
    run = run_workshop(workshops)
    assert summary(client, run).json["compared_to"] is None
    assert "Wat er veranderde" not in summary(client, run, "md").data.decode()


def test_a_follow_up_speaks_the_earlier_workshops_language_unless_told_otherwise(workshops, client):
    earlier = workshops.create(language="en")
    headers = {"Authorization": f"Bearer {earlier['facilitator_token']}"}
    body = {"title": "A year later", "intervention": "Beweegkuur", "follow_up_of": earlier["code"]}
    same = client.post("/api/workshops", json=body, headers=headers).json
    dutch = client.post("/api/workshops", json={**body, "language": "nl"}, headers=headers).json
    assert same["workshop"]["language"] == "en"
    assert dutch["workshop"]["language"] == "nl"


def follow_up(client, before, **fields):
    return client.post("/api/workshops", json={
        "title": "Een jaar later", "intervention": "Beweegkuur", "follow_up_of": before["created"]["code"],
        **fields}, headers={"Authorization": f"Bearer {before['created']['facilitator_token']}"}).json


def compared_to(client, created) -> dict:
    return client.get(f"/api/workshops/{created['code']}/summary.json",
                      headers={"Authorization": f"Bearer {created['facilitator_token']}"}).json["compared_to"]


def test_a_follow_up_compares_the_step_kinds_both_agendas_share(workshops, client):
    before = run_workshop(workshops)
    again = follow_up(client, before)
    assert [s["kind"] for s in again["workshop"]["agenda"]][:2] == ["lobby", "review"]
    fac = workshops.connect(again["code"], again["facilitator_token"])
    person = workshops.connect(again["code"], workshops.join(again["code"], "Els")["token"])
    ack(fac, "phase:set", {"phase": "determinants"})
    ack(person, "rating:set", {"determinant": "time", "score": 5})
    compared = compared_to(client, again)
    assert {"determinants", "ownership", "actions"} <= set(compared["kinds"])
    assert next(d for d in compared["determinants"] if d["key"] == "time")["mean_now"] == 5.0
    # A focus group about the same intervention shares only its actions step with the earlier workshop.
    focus = follow_up(client, before, template="focus_group")
    compared = compared_to(client, focus)
    assert compared["kinds"] == ["lobby", "actions", "closed"]
    assert compared["determinants"] == [] and compared["gaps_closed"] == [] and compared["gaps_new"] == []
