"""The JSON API of the contract: create, join, state, summary.json, health, and its errors."""

import re

import pytest

from tests.helpers import events

CODE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$")
BASE = {"title": "Beweegkuur opschalen", "intervention": "Beweegkuur"}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def is_error(response, status: int, code: str) -> bool:
    body = response.get_json()
    return (
        response.status_code == status
        and set(body) == {"error"}
        and body["error"]["code"] == code
        and isinstance(body["error"]["message"], str)
    )


def test_create_answers_code_token_links_and_workshop(client):
    response = client.post(
        "/api/workshops",
        json={**BASE, "language": "en", "description": "Eerste ronde", "facilitator_name": "Fien"},
    )
    assert response.status_code == 201
    body = response.json
    assert set(body) >= {"code", "facilitator_token", "join_url", "facilitator_url", "workshop"}
    assert CODE.match(body["code"])
    assert body["join_url"] == f"http://localhost/join/{body['code']}"
    assert (
        body["facilitator_url"]
        == f"http://localhost/facilitate/{body['code']}#token={body['facilitator_token']}"
    )
    w = body["workshop"]
    assert {
        k: w[k]
        for k in (
            "code",
            "title",
            "intervention",
            "description",
            "language",
            "phase",
            "locked",
            "results_visible",
            "follow_up_of",
        )
    } == {
        "code": body["code"],
        "title": "Beweegkuur opschalen",
        "intervention": "Beweegkuur",
        "description": "Eerste ronde",
        "language": "en",
        "phase": "lobby",
        "locked": False,
        "results_visible": False,
        "follow_up_of": None,
    }
    assert w["settings"] == {
        "votes_per_participant": 5,
        "max_votes_per_strategy": 3,
        "participants_can_download": False,
        "anonymous": False,
        "joins_open": True,
    }
    assert isinstance(w["facilitator_id"], int)


def test_create_applies_settings_and_the_per_strategy_default_follows_the_budget(client):
    w = client.post(
        "/api/workshops",
        json={
            **BASE,
            "votes_per_participant": 2,
            "results_hidden": False,
            "participants_can_download": True,
            "anonymous": True,
        },
    ).json["workshop"]
    assert w["settings"] == {
        "votes_per_participant": 2,
        "max_votes_per_strategy": 2,
        "participants_can_download": True,
        "anonymous": True,
        "joins_open": True,
    }
    assert w["results_visible"] is True


def test_new_workshops_start_from_the_catalogue_in_their_language(workshops):
    dutch = workshops.create()
    english = workshops.create(language="en")
    nl = workshops.client.get(
        f"/api/workshops/{dutch['code']}", headers=bearer(dutch["facilitator_token"])
    ).json
    en = workshops.client.get(
        f"/api/workshops/{english['code']}", headers=bearer(english["facilitator_token"])
    ).json
    assert nl["workshop"]["language"] == "nl" and en["workshop"]["language"] == "en"
    assert nl["strategies"][0]["title"] == "Lobby bij relevante partijen"
    assert en["strategies"][0]["title"] == "Lobby relevant stakeholders"
    assert all(s["origin"] == "catalog" and s["votes"] == 0 for s in en["strategies"])


@pytest.mark.parametrize(
    "body",
    [
        {"intervention": "X"},
        {"title": "X"},
        {**BASE, "title": ""},
        {**BASE, "title": "t" * 121},
        {**BASE, "description": "d" * 2001},
        {**BASE, "language": "de"},
        {**BASE, "votes_per_participant": 0},
        {**BASE, "votes_per_participant": 21},
        {**BASE, "votes_per_participant": 5.0},
        {**BASE, "votes_per_participant": "5"},
        {**BASE, "votes_per_participant": True},
        {**BASE, "votes_per_participant": 4, "max_votes_per_strategy": 5},
        {**BASE, "max_votes_per_strategy": 0},
        {**BASE, "results_hidden": "false"},
        {**BASE, "anonymous": 1},
        {**BASE, "facilitator_name": "f" * 121},
        {**BASE, "colour": "red"},
        [BASE],
        "workshop",
        42,
    ],
)
def test_create_refuses_wrong_bodies_as_invalid(client, body):
    assert is_error(client.post("/api/workshops", json=body), 400, "invalid")


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("title=X", "application/x-www-form-urlencoded"),
        ('{"title": "half \\ud800 a pair", "intervention": "X"}', "application/json"),
    ],
)
def test_create_refuses_malformed_json_as_invalid(client, data, content_type):
    assert is_error(client.post("/api/workshops", data=data, content_type=content_type), 400, "invalid")


def test_empty_facilitator_name_means_none(workshops):
    created = workshops.create(facilitator_name="")
    state = workshops.client.get(
        f"/api/workshops/{created['code']}", headers=bearer(created["facilitator_token"])
    ).json
    assert state["me"]["name"] is None and state["me"]["facilitator"] is True


def test_join_answers_participant_and_token(workshops):
    created = workshops.create()
    response = workshops.client.post(
        f"/api/workshops/{created['code']}/participants",
        json={"name": "  Anna  de Vries ", "role": "Beleidsmedewerker"},
    )
    assert response.status_code == 201
    body = response.json
    assert body["participant"]["name"] == "Anna de Vries"
    assert body["participant"]["role"] == "Beleidsmedewerker"
    assert isinstance(body["participant"]["id"], int) and isinstance(body["token"], str)
    assert len(body["token"]) >= 32


def test_join_matches_codes_case_insensitively_ignoring_dashes_and_spaces(workshops):
    code = workshops.create()["code"]
    typed = f" {code[:4].lower()}-{code[4:6]} {code[6:].lower()} "
    response = workshops.client.post(f"/api/workshops/{typed}/participants", json={"name": "Bram"})
    assert response.status_code == 201
    assert (
        workshops.client.get(f"/api/workshops/{typed}", headers=bearer(response.json["token"])).json[
            "workshop"
        ]["code"]
        == code
    )


def test_join_with_empty_role_has_no_role(workshops):
    joined = workshops.join(workshops.create()["code"], "Carla", role="")
    assert joined["participant"]["role"] is None


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": ""},
        {"name": "n" * 121},
        {"name": 5},
        {"name": "A", "role": 5},
        {"name": "A", "role": "r" * 121},
        {"name": "A", "age": 40},
        ["Anna"],
    ],
)
def test_join_refuses_wrong_bodies_as_invalid(workshops, body):
    code = workshops.create()["code"]
    assert is_error(workshops.client.post(f"/api/workshops/{code}/participants", json=body), 400, "invalid")


def test_join_an_unknown_workshop_is_not_found(client):
    assert is_error(client.post("/api/workshops/ZZZZZZZZ/participants", json={"name": "A"}), 404, "not_found")


def test_join_is_allowed_while_locked_and_closed_once_the_workshop_is_closed(workshops):
    created, fac, _ = workshops.room(participants=0)
    fac.emit("workshop:lock", {"locked": True}, callback=True)
    assert (
        workshops.client.post(
            f"/api/workshops/{created['code']}/participants", json={"name": "Kijker"}
        ).status_code
        == 201
    )
    fac.emit("phase:set", {"phase": "closed"}, callback=True)
    response = workshops.client.post(
        f"/api/workshops/{created['code']}/participants", json={"name": "Te laat"}
    )
    assert is_error(response, 409, "closed")
    fac.emit("phase:set", {"phase": "actions"}, callback=True)
    assert (
        workshops.client.post(
            f"/api/workshops/{created['code']}/participants", json={"name": "Weer open"}
        ).status_code
        == 201
    )


def test_state_over_http_is_the_snapshot_for_the_token(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    anna.emit("vote:cast", {"strategy_id": 1}, callback=True)
    token = workshops.join(created["code"], "Bram")["token"]
    state = workshops.client.get(f"/api/workshops/{created['code']}", headers=bearer(token)).json
    assert set(state) >= {
        "seq",
        "workshop",
        "me",
        "participants",
        "actors",
        "ownership",
        "stages",
        "determinants",
        "strategies",
        "actions",
    }
    assert state["me"]["name"] == "Bram" and state["me"]["facilitator"] is False
    assert state["me"]["votes_left"] == 5
    assert state["strategies"][0]["votes"] is None and state["strategies"][0]["my_votes"] == 0
    facilitator = workshops.client.get(
        f"/api/workshops/{created['code']}", headers=bearer(created["facilitator_token"])
    ).json
    assert facilitator["strategies"][0]["votes"] == 1
    assert facilitator["me"]["id"] == facilitator["workshop"]["facilitator_id"]
    assert facilitator["workshop"]["facilitator_id"] not in [p["id"] for p in facilitator["participants"]]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}],
)
def test_state_without_a_valid_token_is_unauthorized(workshops, headers):
    code = workshops.create()["code"]
    assert is_error(
        workshops.app.test_client().get(f"/api/workshops/{code}", headers=headers), 401, "unauthorized"
    )


def test_a_token_of_another_workshop_is_unauthorized(workshops):
    first, second = workshops.create(), workshops.create()
    response = workshops.app.test_client().get(
        f"/api/workshops/{second['code']}", headers=bearer(first["facilitator_token"])
    )
    assert is_error(response, 401, "unauthorized")


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer  "])
def test_the_bearer_scheme_is_case_insensitive_as_in_http(workshops, scheme):
    created = workshops.create()
    other = workshops.app.test_client()
    header = {"Authorization": f"{scheme} {created['facilitator_token']}"}
    assert other.get(f"/api/workshops/{created['code']}", headers=header).json["me"]["facilitator"] is True
    assert other.get(f"/api/workshops/{created['code']}/summary.json", headers=header).status_code == 200


def test_summary_json_for_the_facilitator_and_for_participants_only_when_allowed(workshops):
    created, fac, _ = workshops.room(participants=0)
    token = workshops.join(created["code"], "Anna")["token"]
    other = workshops.app.test_client()
    url = f"/api/workshops/{created['code']}/summary.json"
    summary = other.get(url, headers=bearer(created["facilitator_token"]))
    assert summary.status_code == 200
    assert set(summary.json) >= {
        "workshop",
        "generated_at",
        "participants",
        "actors",
        "ownership",
        "determinants",
        "strategies",
        "actions",
        "compared_to",
    }
    assert summary.json["participants"]["count"] == 1
    assert is_error(other.get(url, headers=bearer(token)), 403, "forbidden")
    fac.emit("workshop:settings", {"participants_can_download": True}, callback=True)
    fac.emit("results:show", {"visible": True}, callback=True)
    assert other.get(url, headers=bearer(token)).status_code == 200


def test_the_browser_session_cookie_identifies_its_creator(client):
    code = client.post("/api/workshops", json=BASE).json["code"]
    state = client.get(f"/api/workshops/{code}").json
    assert state["me"]["facilitator"] is True
    assert client.get(f"/api/workshops/{code}/summary.json").status_code == 200


def test_unknown_routes_and_methods_answer_json_errors(client):
    assert is_error(client.get("/api/nothing"), 404, "not_found")
    response = client.delete("/api/workshops")
    assert is_error(response, 405, "invalid") and response.headers["Allow"]


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_an_oversized_body_is_too_large(client):
    response = client.post("/api/workshops", json={**BASE, "description": "x" * 70_000})
    assert is_error(response, 413, "too_large")


def test_a_server_fault_answers_internal_without_a_stack_trace(app, client):
    @app.get("/api/fault-for-test")
    def fault():
        raise RuntimeError("secret detail")

    response = client.get("/api/fault-for-test")
    assert is_error(response, 500, "internal")
    assert "secret detail" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_follow_up_copies_the_earlier_workshop_without_votes_or_finished_actions(workshops):
    created, fac, (anna, *_) = workshops.room(participants=1)
    ggd = fac.emit("actor:add", {"name": "GGD", "category": "provider"}, callback=True)["actor"]["id"]
    fac.emit("ownership:set", {"actor_id": ggd, "area": "supply", "role": "driver"}, callback=True)
    fac.emit("stage:set", {"area": "supply", "stage": "do"}, callback=True)
    own = anna.emit("strategy:add", {"title": "Eigen idee", "category": "financing"}, callback=True)[
        "strategy"
    ]
    anna.emit("vote:cast", {"strategy_id": own["id"]}, callback=True)
    anna.emit("rating:set", {"determinant": "funding", "score": 2}, callback=True)
    fac.emit(
        "action:add",
        {"title": "Open", "strategy_id": own["id"], "owner_actor_id": ggd, "due": "2027-01-01"},
        callback=True,
    )
    fac.emit("action:add", {"title": "Klaar", "status": "done"}, callback=True)
    fac.emit("phase:set", {"phase": "closed"}, callback=True)
    response = workshops.client.post(
        "/api/workshops",
        headers=bearer(created["facilitator_token"]),
        json={**BASE, "follow_up_of": created["code"].lower()},
    )
    assert response.status_code == 201
    follow = response.json
    assert follow["workshop"]["follow_up_of"] == created["code"]
    state = workshops.client.get(
        f"/api/workshops/{follow['code']}", headers=bearer(follow["facilitator_token"])
    ).json
    (actor,) = state["actors"]
    assert actor["name"] == "GGD" and actor["id"] != ggd or actor["name"] == "GGD"
    assert state["ownership"] == [{"actor_id": actor["id"], "area": "supply", "role": "driver"}]
    assert state["stages"] == {"intervention": None, "supply": "do", "use": None}
    copied = {s["title"]: s for s in state["strategies"]}
    assert copied["Eigen idee"]["origin"] == "participant" and copied["Eigen idee"]["votes"] == 0
    assert all(s["votes"] == 0 for s in state["strategies"])
    assert all(d["count"] == 0 for d in state["determinants"])
    assert state["participants"] == []
    (action,) = state["actions"]
    assert action == {
        "id": action["id"],
        "title": "Open",
        "strategy_id": copied["Eigen idee"]["id"],
        "owner_actor_id": actor["id"],
        "due": "2027-01-01",
        "status": "open",
    }
    fac2 = workshops.connect(follow["code"], follow["facilitator_token"])
    person = workshops.connect(follow["code"], workshops.join(follow["code"], "Anna")["token"])
    person.emit("rating:set", {"determinant": "funding", "score": 4}, callback=True)
    fac2.emit("action:update", {"id": action["id"], "status": "done"}, callback=True)
    fac2.emit("actor:add", {"name": "Bestuur", "category": "management"}, callback=True)
    events(fac2)
    summary = workshops.client.get(
        f"/api/workshops/{follow['code']}/summary.json", headers=bearer(follow["facilitator_token"])
    ).json
    compared = summary["compared_to"]
    assert compared["code"] == created["code"]
    funding = next(d for d in compared["determinants"] if d["key"] == "funding")
    assert funding == {"key": "funding", "mean_before": 2.0, "mean_now": 4.0}
    assert compared["actions_done"] == 1
    assert compared["gaps_closed"] == [] and {"area": "supply", "role": "driver"} not in compared["gaps_new"]


def test_follow_up_needs_the_earlier_facilitator(workshops):
    created = workshops.create()
    joined = workshops.join(created["code"])
    other = workshops.app.test_client()
    body = {**BASE, "follow_up_of": created["code"]}
    assert is_error(
        other.post("/api/workshops", json=body, headers=bearer(joined["token"])), 403, "forbidden"
    )
    assert is_error(other.post("/api/workshops", json=body), 401, "unauthorized")
    assert is_error(
        other.post(
            "/api/workshops",
            json={**BASE, "follow_up_of": "ZZZZZZZZ"},
            headers=bearer(created["facilitator_token"]),
        ),
        401,
        "unauthorized",
    )


def test_a_token_from_a_link_becomes_the_browsers_cookie_session(workshops):
    created = workshops.create()
    joined = workshops.join(created["code"], "Via link")
    browser = workshops.app.test_client()
    assert is_error(browser.get(f"/api/workshops/{created['code']}"), 401, "unauthorized")
    response = browser.post(f"/api/workshops/{created['code']}/session", headers=bearer(joined["token"]))
    assert response.status_code == 200
    assert response.json["participant"] == {
        "id": joined["participant"]["id"],
        "name": "Via link",
        "role": None,
        "facilitator": False,
    }
    assert browser.get(f"/api/workshops/{created['code']}").json["me"]["id"] == joined["participant"]["id"]
    assert is_error(
        browser.post(f"/api/workshops/{created['code']}/session", headers=bearer("nope")), 401, "unauthorized"
    )
