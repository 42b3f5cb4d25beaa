"""Results per stakeholder group: only groups of at least three participants, for the facilitator."""

import pytest

from tests.summary_workshop import run_workshop, summary, unthrottled_app


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def groups_of(client, run, token=None):
    token = token or run["created"]["facilitator_token"]
    return client.get(f"/api/workshops/{run['created']['code']}/groups",
                      headers={"Authorization": f"Bearer {token}"})


def test_the_facilitator_sees_totals_and_means_of_groups_of_three_or_more(workshops, client):
    run = run_workshop(workshops, groups=["provider", "provider", "provider", "policy"])
    response = groups_of(client, run)
    assert response.status_code == 200
    assert response.json["min_group_size"] == 3
    (provider,) = response.json["groups"]
    assert (provider["group"], provider["participants"]) == ("provider", 3)
    top, second, third = run["strategies"]
    assert provider["votes"] == sorted([{"strategy_id": top["id"], "votes": 3},
                                        {"strategy_id": second["id"], "votes": 3},
                                        {"strategy_id": third["id"], "votes": 2}],
                                       key=lambda v: v["strategy_id"])
    means = {d["key"]: (d["count"], d["mean"]) for d in provider["determinants"]}
    assert means["driver"] == (3, 4.33)
    assert means["funding"] == (3, 1.67)
    assert summary(client, run).json["groups"] == response.json["groups"]


def test_a_workshop_without_large_enough_groups_shows_none(workshops, client):
    run = run_workshop(workshops, groups=["provider", "provider", "policy", None])
    assert groups_of(client, run).json["groups"] == []
    assert summary(client, run).json["groups"] == []
    assert "Resultaten per groep" not in summary(client, run, "md").data.decode()


def test_participants_cannot_read_results_per_group(workshops, client):
    run = run_workshop(workshops)
    token = workshops.join(run["created"]["code"], "Els", group="funder")["token"]
    response = groups_of(client, run, token)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_the_group_on_join_must_be_an_actor_category(workshops, client):
    code = workshops.create()["code"]
    response = client.post(f"/api/workshops/{code}/participants", json={"name": "Els", "group": "artsen"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "invalid"
    joined = workshops.join(code, "Els", group="knowledge")
    assert joined["participant"]["group"] == "knowledge"


def test_group_results_appear_in_the_downloads(workshops, client):
    run = run_workshop(workshops)
    markdown = summary(client, run, "md").data.decode()
    assert "## Resultaten per groep belanghebbenden\n" in markdown
    assert "| Uitvoerder | 3 | Toegewijde aanjager | 3 | 4,33 |" in markdown
    assert "Bestuur" not in markdown.split("## Resultaten per groep")[1].split("##")[0]
