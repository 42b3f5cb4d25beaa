"""Run the afternoon of the knowledge synthesis as an event, through the public contract.

    .venv/bin/python examples/run_event.py http://127.0.0.1:5000 [--out DIR]

One opening slide with the research's take-aways, four focus groups at the same time
with the four themes as their questions, a participant in each group posting cards
(python-socketio clients over WebSocket), a theme and an insight per group, everyone
moved to the plenary, then the event's one report downloaded (summary.json, .md, .pdf).
Needs only the runtime install: HTTP through urllib, Socket.IO through python-socketio.
Exits non-zero on the first broken check.
"""

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import socketio

TAKE_AWAYS = (
    "Er is niet één opschaalstrategie die in alle contexten werkt; informele lobby is breed erkend.\n"
    "Een toegewijde eigenaar van de interventie, met aanhoudende inzet, jaagt het opschalen aan.\n"
    "Opschalen is mensenwerk en een langdurig proces (5-10 jaar): een cocktail van meerwaarde, "
    "financiering, timing en tijd."
)
GROUPS = [
    ("Context gebonden?", "Kunnen we de kennis over opschalen uit de Public Health vertalen naar andere "
     "contexten, zoals ziekenhuiszorg of beleid? Onder welke randvoorwaarden?", "Vertalen naar de context",
     ["Bewezen werkzaam in de wijk zegt weinig over het ziekenhuis", "Begin met de lokale vraag"]),
    ("Eigenaarschap", "Wie is de eigenaar van het opschalen, en hoe werken we daaraan?", "De aanjager",
     ["De aanjager moet tijd en mandaat krijgen", "VWS hoort mee-eigenaar te zijn"]),
    ("De interventie voorbij", "Gelden de bevindingen ook voor netwerkzorg en domeinoverstijgende "
     "samenwerking zonder duidelijke grenzen?", "Werkwijze in plaats van product",
     ["Schaal de werkwijze op, niet het product", "Let op houding en gedrag in de context"]),
    ("Complexiteit", "Hoe ga je om met opschalen als alles met alles samenhangt?", "Lerend opschalen",
     ["Klein beginnen en blijven bijsturen", "Lerend werken met alle partners"]),
]


class ContractError(AssertionError):
    pass


def check(condition, message: str) -> None:
    if not condition:
        raise ContractError(message)


def call(base: str, method: str, path: str, body: dict | None = None, token: str | None = None):
    """(status, headers, bytes) of one HTTP request; error statuses are answers too."""
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def call_json(base: str, method: str, path: str, body: dict | None = None, token: str | None = None):
    status, _, data = call(base, method, path, body, token)
    return status, json.loads(data) if data else None


class Person:
    """One connected client that sends events and waits for their acks."""

    def __init__(self, base: str, code: str, token: str):
        self.state = None
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("state", self._state)
        self.sio.connect(base, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=10)
        deadline = time.monotonic() + 10
        while self.state is None and time.monotonic() < deadline:
            time.sleep(0.02)
        check(self.state is not None, f"no state after connecting to {code}")

    def _state(self, state):
        self.state = state

    def send(self, event: str, payload: dict) -> dict:
        ack = self.sio.call(event, payload, timeout=10)
        check(ack.get("ok"), f"{event} {payload} refused: {ack}")
        return ack

    def close(self):
        self.sio.disconnect()


def afternoon() -> dict:
    return {
        "title": "Kennissynthese opschalingsstrategieën en determinanten", "language": "nl",
        "description": "Presentatie van het onderzoek, vier focusgroepen tegelijk en een plenaire "
                       "terugkoppeling.",
        "slides": [{"title": "Samenvatting presentatie en de take-aways", "text": TAKE_AWAYS}],
        "groups": [{"title": title, "intervention": "Opschalen van gezondheidsinterventies",
                    "agenda": [{"kind": "lobby"}, {"kind": "question", "title": title, "prompt": prompt},
                               {"kind": "closed"}]}
                   for title, prompt, _, _ in GROUPS],
    }


def run_group(base: str, group: dict, organiser_token: str, theme_title: str, cards: list[str],
              n: int) -> list[Person]:
    """The event's token runs the group's console; one participant posts cards, themes one, votes."""
    facilitator = Person(base, group["code"], organiser_token)
    check(facilitator.state["me"]["facilitator"], "the event's token is the group's facilitator")
    status, joined = call_json(base, "POST", f"/api/workshops/{group['code']}/participants",
                               {"name": f"Deelnemer {n}", "role": "GGD"})
    check(status == 201, f"joining {group['title']}: {status} {joined}")
    person = Person(base, group["code"], joined["token"])
    question = next(s for s in facilitator.state["workshop"]["agenda"] if s["kind"] == "question")
    facilitator.send("step:set", {"step": question["id"]})
    posted = [person.send("card:add", {"text": text})["card"] for text in cards]
    theme = person.send("theme:add", {"step": question["id"], "title": theme_title})["theme"]
    person.send("card:update", {"id": posted[0]["id"], "theme_id": theme["id"]})
    person.send("card:vote", {"id": posted[0]["id"]})
    facilitator.send("insight:add", {"step": question["id"], "text": f"{cards[-1]}."})
    return [facilitator, person]


def main(base: str, out: Path | None = None) -> dict:
    base = base.rstrip("/")
    status, bad = call_json(base, "POST", "/api/events", {"title": "Leeg", "groups": []})
    check(status == 400 and bad["error"]["code"] == "invalid", f"an event without groups: {status}")
    status, made = call_json(base, "POST", "/api/events", afternoon())
    check(status == 201, f"creating the event: {status} {made}")
    token = made["facilitator_token"]
    check(len(made["groups"]) == 4, "four groups")
    people = []
    for n, (group, (_, _, theme, cards)) in enumerate(zip(made["groups"], GROUPS, strict=True), start=1):
        people += run_group(base, group, token, theme, cards, n)
    time.sleep(0.5)  # card votes are coalesced before they are broadcast; the overview reads the database
    status, overview = call_json(base, "GET", f"/api/events/{made['code']}", token=token)
    check(status == 200 and all(g["participants"] == 1 and g["cards"] == 2 for g in overview["groups"]),
          f"the overview: {overview}")
    status, moved = call_json(base, "POST", f"/api/events/{made['code']}/plenary", token=token)
    check(status == 200 and moved["event"]["plenary_at"], f"moving to the plenary: {status}")
    for person in people:
        person.close()
    status, summary = call_json(base, "GET", f"/api/events/{made['code']}/summary.json", token=token)
    check(status == 200 and set(summary) == {"event", "groups"}, f"summary.json: {status}")
    titles = [g["workshop"]["title"] for g in summary["groups"]]
    check(titles == [g[0] for g in GROUPS], "a section per group")
    files = {}
    for fmt in ("md", "pdf"):
        status, _, data = call(base, "GET", f"/api/events/{made['code']}/summary.{fmt}", token=token)
        check(status == 200 and data, f"summary.{fmt}: {status}")
        files[fmt] = data
    check(files["pdf"].startswith(b"%PDF"), "the PDF is a PDF")
    check(all(g[0] in files["md"].decode() for g in GROUPS), "the report names every group")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "event-summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2))
        for fmt, data in files.items():
            (out / f"event-summary.{fmt}").write_bytes(data)
    print(f"event {made['code']}: four groups ran through the contract; the plenary at {made['plenary_url']}")
    return summary


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base", help="the server's address, e.g. http://127.0.0.1:5000")
    parser.add_argument("--out", type=Path, help="a folder to save the report in")
    arguments = parser.parse_args()
    try:
        main(arguments.base, arguments.out)
    except (ContractError, OSError, socketio.exceptions.ConnectionError) as error:
        print(f"broken: {error}", file=sys.stderr)
        sys.exit(1)
