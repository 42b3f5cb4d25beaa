"""Three workshops of one intervention a year apart, built over real HTTP and Socket.IO against a
running server: each a follow-up of the one before, with scores that rise, gaps that close, stages
that move on and actions that get done. For the timeline's browser and real-server tests."""

import sqlite3
from pathlib import Path

import requests
import socketio

# Per year: each participant's scores (driver, funding, added_value, timing, time).
SCORES = [
    [(4, 2, 3, 2, 1), (3, 1, 3, 2, 2), (4, 2, 4, 3, 1)],
    [(4, 3, 4, 3, 2), (4, 2, 4, 3, 2), (5, 3, 4, 4, 2)],
    [(5, 4, 5, 4, 3), (4, 4, 4, 4, 3), (5, 3, 5, 5, 3)],
]
DETERMINANTS = ("driver", "funding", "added_value", "timing", "time")


class Facilitator:
    """One facilitator's socket in one workshop; `do` fails loudly on a refused event."""

    def __init__(self, url: str, code: str, token: str):
        self.sio = socketio.Client(reconnection=False)
        self.state = {}
        self.sio.on("state", lambda s: self.state.update(s))
        self.sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=30)

    def do(self, event: str, payload: dict) -> dict:
        answer = self.sio.call(event, payload, timeout=30)
        assert answer["ok"], (event, payload, answer)
        return answer

    def close(self):
        self.sio.disconnect()


def rate(url: str, code: str, scores: list[tuple]) -> None:
    for n, row in enumerate(scores, 1):
        joined = requests.post(f"{url}/api/workshops/{code}/participants", json={"name": f"Deelnemer {n}"},
                               timeout=30).json()
        person = Facilitator(url, code, joined["token"])
        for key, score in zip(DETERMINANTS, row, strict=True):
            person.do("rating:set", {"determinant": key, "score": score})
        person.close()


def first_year(fac: Facilitator) -> None:
    gemeente = fac.do("actor:add", {"name": "Gemeente Utrecht", "category": "policy"})["actor"]["id"]
    ggd = fac.do("actor:add", {"name": "GGD regio Utrecht", "category": "provider"})["actor"]["id"]
    fac.do("actor:add", {"name": "Zorgverzekeraar", "category": "funder"})
    fac.do("ownership:set", {"actor_id": ggd, "area": "intervention", "role": "driver"})
    fac.do("ownership:set", {"actor_id": gemeente, "area": "intervention", "role": "accountable"})
    fac.do("ownership:set", {"actor_id": ggd, "area": "supply", "role": "driver"})
    fac.do("stage:set", {"area": "intervention", "stage": "can"})
    fac.do("stage:set", {"area": "supply", "stage": "want"})
    fac.do("action:add", {"title": "Businesscase opstellen met de zorgverzekeraar", "due": "2024-12-01"})
    fac.do("action:add", {"title": "Trainers opleiden in de regio", "owner_actor_id": ggd})
    fac.do("action:add", {"title": "Wethouder uitnodigen", "owner_actor_id": gemeente})
    fac.do("goals:set", {"locations": {"now": 4, "goal": 12}, "level": {"now": "local", "goal": "regional"},
                         "embedding": {"now": "no", "goal": "partly"},
                         "quality": "Deelnemers tevreden (8,1)"})


def actor_id(fac: Facilitator, name: str) -> int:
    return next(a["id"] for a in fac.state["actors"] if a["name"] == name)


def later_year(fac: Facilitator, year: int) -> None:
    actions = {a["title"]: a["id"] for a in fac.state["actions"]}
    gemeente, funder = actor_id(fac, "Gemeente Utrecht"), actor_id(fac, "Zorgverzekeraar")
    if year == 1:
        fac.do("ownership:set", {"actor_id": funder, "area": "supply", "role": "accountable"})
        fac.do("stage:set", {"area": "intervention", "stage": "do"})
        fac.do("stage:set", {"area": "supply", "stage": "can"})
        fac.do("action:update", {"id": actions["Businesscase opstellen met de zorgverzekeraar"],
                                 "status": "done"})
        fac.do("action:update", {"id": actions["Trainers opleiden in de regio"], "status": "doing"})
        fac.do("action:add", {"title": "Aansluiten bij het e-healthplatform"})
        fac.do("goals:set", {"locations": {"now": 9, "goal": 15},
                             "level": {"now": "regional", "goal": "regional"},
                             "embedding": {"now": "partly", "goal": "yes"}})
    else:
        fac.do("ownership:set", {"actor_id": gemeente, "area": "use", "role": "driver"})
        fac.do("stage:set", {"area": "intervention", "stage": "sustain"})
        fac.do("stage:set", {"area": "supply", "stage": "do"})
        fac.do("stage:set", {"area": "use", "stage": "want"})
        fac.do("action:update", {"id": actions["Trainers opleiden in de regio"], "status": "done"})
        fac.do("action:update", {"id": actions["Wethouder uitnodigen"], "status": "done"})
        fac.do("goals:set", {"locations": {"now": 16, "goal": 25},
                             "level": {"now": "regional", "goal": "national"},
                             "embedding": {"now": "partly", "goal": "yes"}})


def build_chain(url: str, http: requests.Session,
                titles=("Beweegkuur 2024", "Beweegkuur 2025", "Beweegkuur 2026"),
                intervention: str = "Beweegkuur") -> list[dict]:
    """The three workshops, created through `http` (a logged-in session makes them that account's);
    returns their creation answers, oldest first. Every one but the last is closed."""
    made = []
    for year, title in enumerate(titles):
        body = {"title": title, "intervention": intervention, "results_hidden": False}
        if made:
            body["follow_up_of"] = made[-1]["code"]
        response = http.post(f"{url}/api/workshops", json=body, timeout=30)
        assert response.status_code == 201, response.text
        created = response.json()
        fac = Facilitator(url, created["code"], created["facilitator_token"])
        (first_year(fac) if year == 0 else later_year(fac, year))
        rate(url, created["code"], SCORES[year])
        if year < len(titles) - 1:
            fac.do("phase:set", {"phase": "closed"})
        fac.close()
        made.append(created)
    return made


def backdate(sessions_dir: Path, codes: list[str], years_ago: list[int]) -> None:
    """Move the workshops' dates into the past, as if they ran in earlier years."""
    with sqlite3.connect(sessions_dir / "workshops.sqlite3") as db:
        for code, years in zip(codes, years_ago, strict=True):
            db.execute("UPDATE workshop SET created_at = datetime(created_at, ?), "
                       "closed_at = CASE WHEN closed_at IS NULL THEN NULL ELSE datetime(closed_at, ?) END "
                       "WHERE code = ?", (f"-{years * 365 + 30} days", f"-{years * 365 + 30} days", code))
