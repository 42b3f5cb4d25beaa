"""A v1 client (one that knows nothing of agendas, cards or templates) keeps working against
the real server while a focus group runs around it."""

from tests.helpers import wait_for
from tests.live_client import LiveClient, api

V1_STATE = {"seq", "workshop", "me", "participants", "actors", "ownership", "stages", "determinants",
            "strategies", "actions"}
V1_WORKSHOP = {"code", "title", "intervention", "description", "language", "phase", "locked",
               "results_visible", "follow_up_of", "facilitator_id", "settings"}


def test_a_v1_client_follows_a_focus_group_it_does_not_understand(server):
    created = api(server.url, "POST", "/api/workshops",
                  json={"title": "Context gebonden?", "intervention": "Beweegkuur",
                        "template": "focus_group"}).json()
    code = created["code"]
    joined = api(server.url, "POST", f"/api/workshops/{code}/participants", json={"name": "Oud"}).json()
    fac = LiveClient(server.url, code, created["facilitator_token"]).connect()
    old = LiveClient(server.url, code, joined["token"]).connect()
    try:
        state = api(server.url, "GET", f"/api/workshops/{code}", joined["token"]).json()
        assert V1_STATE <= set(state) and V1_WORKSHOP <= set(state["workshop"])
        assert state["workshop"]["phase"] == "lobby"
        question = next(s["id"] for s in state["workshop"]["agenda"] if s["kind"] == "question")
        assert fac.perform("step:set", {"step": question})["ok"]
        assert fac.perform("card:add", {"text": "Wat de zaal zegt"})["ok"]
        # What the v1 client does still works, in a phase it does not know.
        strategy = old.perform("strategy:add", {"title": "Regionale tafel", "category": "dissemination"})
        assert strategy["ok"]
        assert set(strategy["strategy"]) >= {"id", "title", "category", "votes", "my_votes"}
        assert old.perform("vote:cast", {"strategy_id": strategy["strategy"]["id"]})["ok"]
        assert wait_for(lambda: old.seq == fac.seq and old.seq >= 3)
        phases = [e["data"]["phase"] for e in old.received if e["type"] == "phase.changed"]
        assert phases == ["question"]
        replay = old.sio.call("sync", {"since": 0}, timeout=30)
        assert replay["ok"] and [e["seq"] for e in replay["events"]] == list(range(1, old.seq + 1))
        summary = api(server.url, "GET", f"/api/workshops/{code}/summary.json", created["facilitator_token"])
        assert {"workshop", "participants", "actors", "ownership", "determinants", "strategies", "actions",
                "compared_to"} <= set(summary.json())
    finally:
        old.close()
        fac.close()
