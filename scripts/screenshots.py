"""Screenshots of the console, a participant's phone and the room display in every phase, and of
an event's pages (creating it, the group picker and the name form of an event that assigns, the
organiser's overview and its "Move to…" dialog, the plenary display).

    .venv/bin/python scripts/screenshots.py [--out DIR] [--phases lobby,actors,...] [--sizes 390x844,...]
        [--parts workshop,event]

`review` (the action review of a follow-up, one action focused) and `timeline` (the
intervention's timeline page, three workshops) are photographed on follow-ups of the workshop.

Starts its own server (`run.py` on a free port, a temporary data folder), fills a workshop
through the public API (three participants over Socket.IO: a slide and a question with cards,
themes, card votes and an insight on the agenda, then actors, ownership, scores, votes,
actions) and photographs each screen at each size in headless Chromium (/usr/bin/chromium).
Questions, determinants and strategies are photographed twice: results hidden, then shown to everyone.
Files are named `<phase>[-results]-<screen>-<width>x<height>.png` and
`event-<page>-<width>x<height>.png` (the event is the afternoon of examples/run_event.py),
palette PNGs (small enough to keep in docs/screenshots/, the default folder). Look at them
before calling a change to the interface done.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import socketio
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Headless and quiet: no updates, sync or background requests of its own while it photographs.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHASES = [
    "lobby",
    "info",
    "question",
    "actors",
    "ownership",
    "determinants",
    "strategies",
    "actions",
    "closed",
    "review",
    "timeline",
]
FOLLOW_UP_VIEWS = ("review", "timeline")
SIZES = ["390x844", "1366x768", "1920x1080"]
SCREENS = ["console", "phone", "display"]
REVEALED = {"question", "determinants", "strategies"}  # photographed with results hidden, then shown


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path, **settings: str) -> tuple[subprocess.Popen, str]:
    """`run.py` on a free port with its data in `folder` (and any further settings): it and its URL."""
    port = free_port()
    env = {
        **os.environ,
        "SESSIONS_DIR": str(folder),
        "AGGREGATE_INTERVAL": "0.05",
        "PRESENCE_INTERVAL": "0.05",
        **settings,
    }
    log = open(folder / "server.log", "ab")
    process = subprocess.Popen(
        [sys.executable, "run.py", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{url}/healthz", timeout=1).ok:
                return process, url
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit(f"the server did not start; see {folder / 'server.log'}")


class Client:
    """One person over Socket.IO, sending events and waiting for their acks."""

    def __init__(self, url: str, code: str, token: str):
        self.state = None
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("state", self._state)
        self.sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=10)
        for _ in range(100):
            if self.state:
                break
            time.sleep(0.05)

    def _state(self, state):
        self.state = state

    def send(self, event: str, payload: dict) -> dict:
        ack = self.sio.call(event, payload, timeout=30)
        if not ack.get("ok"):
            raise SystemExit(f"{event} {payload} refused: {ack}")
        return ack


def fill(url: str, language: str) -> dict:
    """A workshop with three participants and content for every phase: the facilitator's links."""
    created = requests.post(
        f"{url}/api/workshops",
        json={
            "title": "Beweegkuur opschalen in Hollands Midden",
            "intervention": "Beweegkuur",
            "language": language,
            "facilitator_name": "Sanne de Vries",
            "participants_can_download": True,
        },
        timeout=10,
    ).json()
    code = created["code"]
    people = []
    for name, role in (
        ("Anna Jansen", "Programmamanager GGD"),
        ("Bram de Boer", "Huisarts"),
        ("Carla Visser", "Beleidsadviseur gemeente"),
    ):
        joined = requests.post(
            f"{url}/api/workshops/{code}/participants", json={"name": name, "role": role}, timeout=10
        ).json()
        people.append({**joined, "client": Client(url, code, joined["token"])})
    fac = Client(url, code, created["facilitator_token"])
    discuss(fac, people)
    actors = []
    for name, category, influence, interest in (
        ("GGD Hollands Midden", "provider", 70, 85),
        ("Gemeente Leiden", "policy", 85, 60),
        ("Zorgverzekeraar Zuid-Holland Noord", "funder", 90, 35),
        ("Huisartsen", "professional", 45, 70),
        ("Patiëntenvereniging", "target_group", 25, 80),
        ("Sportvereniging", "other", 20, 40),
    ):
        actors.append(
            fac.send(
                "actor:add",
                {"name": name, "category": category, "influence": influence, "interest": interest},
            )["actor"]
        )
    for actor, area, role in (
        (0, "intervention", "driver"),
        (1, "intervention", "accountable"),
        (0, "supply", "driver"),
        (2, "use", "contributor"),
        (3, "use", "driver"),
    ):
        fac.send("ownership:set", {"actor_id": actors[actor]["id"], "area": area, "role": role})
    fac.send("stage:set", {"area": "intervention", "stage": "do"})
    fac.send("stage:set", {"area": "supply", "stage": "can"})
    scores = {
        "driver": (4, 5, 4),
        "funding": (2, 1, 2),
        "added_value": (4, 4, 5),
        "timing": (3, 2, 4),
        "time": (2, 3, 3),
    }
    for key, values in scores.items():
        for person, score in zip(people, values, strict=True):
            person["client"].send("rating:set", {"determinant": key, "score": score})
    people[1]["client"].send(
        "rating:set",
        {
            "determinant": "funding",
            "score": 1,  # the console shows it live
            "comment": "Na 2027 is er geen structureel budget.",
        },
    )
    strategies = fac.state["strategies"]
    for person, picks in zip(people, ((0, 0, 3, 5), (0, 3, 7), (1, 3, 8, 8)), strict=True):
        for pick in picks:
            person["client"].send("vote:cast", {"strategy_id": strategies[pick]["id"]})
    fac.send(
        "action:add",
        {
            "title": "Business case met de zorgverzekeraar",
            "strategy_id": strategies[0]["id"],
            "owner_actor_id": actors[0]["id"],
            "due": "2027-03-01",
        },
    )
    fac.send(
        "action:add", {"title": "Regionaal overleg met huisartsen plannen", "owner_actor_id": actors[3]["id"]}
    )
    return {"code": code, "token": created["facilitator_token"], "fac": fac, "phone": people[0]}


def rated(url: str, code: str, scores: dict[str, tuple[int, int, int]]) -> dict:
    """Three participants join `code` and score its determinants; the first one's join."""
    joined = []
    for name in ("Anna Jansen", "Bram de Boer", "Carla Visser"):
        person = requests.post(
            f"{url}/api/workshops/{code}/participants", json={"name": name}, timeout=10
        ).json()
        person["client"] = Client(url, code, person["token"])
        joined.append(person)
    for key, values in scores.items():
        for person, score in zip(joined, values, strict=True):
            person["client"].send("rating:set", {"determinant": key, "score": score})
    return joined[0]


def follow_up(url: str, earlier: dict, title: str) -> dict:
    created = requests.post(
        f"{url}/api/workshops",
        json={
            "title": title,
            "intervention": "Beweegkuur",
            "follow_up_of": earlier["code"],
            "facilitator_name": "Sanne de Vries",
        },
        headers={"Authorization": f"Bearer {earlier['token']}"},
        timeout=10,
    ).json()
    return {
        "code": created["code"],
        "token": created["facilitator_token"],
        "fac": Client(url, created["code"], created["facilitator_token"]),
    }


def follow_ups(url: str, workshop: dict) -> dict:
    """A follow-up that reviewed the actions and made a new one, and a follow-up of that one whose
    review is under way (one outcome set, the next action on every screen): the latter's links."""
    first = follow_up(url, workshop, "Beweegkuur opschalen, een jaar later")
    rated(
        url,
        first["code"],
        {
            "driver": (4, 5, 5),
            "funding": (3, 2, 3),
            "added_value": (4, 5, 4),
            "timing": (3, 4, 3),
            "time": (3, 3, 2),
        },
    )
    fac = first["fac"]
    done, carried = fac.state["review"]["items"]
    fac.send("review:set", {"id": done["id"], "outcome": "done", "note": "Contract getekend in mei."})
    fac.send(
        "review:set",
        {
            "id": carried["id"],
            "outcome": "carried_over",
            "due": "2027-10-01",
            "owner_actor_id": fac.state["actors"][1]["id"],
        },
    )
    fac.send(
        "action:add",
        {
            "title": "Vrijwilligers werven bij de sportvereniging",
            "owner_actor_id": fac.state["actors"][5]["id"],
            "due": "2027-06-01",
        },
    )
    fac.send(
        "ownership:set", {"actor_id": fac.state["actors"][1]["id"], "area": "use", "role": "accountable"}
    )
    fac.send("stage:set", {"area": "supply", "stage": "do"})
    second = follow_up(url, first, "Beweegkuur opschalen, twee jaar later")
    second["phone"] = rated(
        url,
        second["code"],
        {
            "driver": (5, 5, 4),
            "funding": (4, 3, 4),
            "added_value": (5, 4, 5),
            "timing": (4, 4, 3),
            "time": (3, 4, 3),
        },
    )
    fac = second["fac"]
    items = fac.state["review"]["items"]
    fac.send("review:set", {"id": items[0]["id"], "outcome": "doing", "note": "Loopt; offerte ligt er."})
    fac.send("review:focus", {"id": items[1]["id"]})
    fac.send("phase:set", {"phase": "review"})
    return second


SLIDE = """Opschalen is een langdurig proces (5-10 jaar).
- De aanjager is onmisbaar: een toegewijde eigenaar die zich continu inzet.
- Opschalen is mensenwerk: de strategie wordt op maat gemaakt, passend bij de context.
- Niet één doorslaggevende determinant, maar een cocktail: meerwaarde, financiering, timing en tijd."""
CARDS = (
    (0, "Veel overeenkomsten met andere domeinen; het is herkenbaar", 0),
    (1, "Het fenomeen van de trekker die grote lasten draagt door gebrek aan middelen", 0),
    (2, "Not invented here: organisaties oordelen te snel dat iets niet past", 1),
    (0, "Soms onderzoekt de ene regio hetzelfde als de andere", 1),
    (1, "Leren vanuit de praktijk geeft energie", None),
    (2, "Best practices delen tussen domeinen, met hun randvoorwaarden", 1),
    (0, "Een vertaalslag kost tijd, maar bespaart later energie", None),
)


def discuss(fac: Client, people: list[dict]) -> None:
    """A slide and a discussion question after the lobby: cards, two themes, card votes, an insight."""
    steps = fac.state["workshop"]["agenda"]
    agenda = [
        {"id": steps[0]["id"]},
        {"kind": "info", "title": "Wat het onderzoek liet zien", "prompt": SLIDE},
        {
            "kind": "question",
            "title": "Context gebonden?",
            "prompt": "In welke mate zijn de strategieën en determinanten van opschalen domeinspecifiek?",
        },
        *({"id": step["id"]} for step in steps[1:]),
    ]
    steps = fac.send("agenda:set", {"agenda": agenda})["agenda"]
    fac.send("step:set", {"step": steps[2]["id"]})
    themes = [
        fac.send("theme:add", {"step": steps[2]["id"], "title": title})["theme"]
        for title in ("Herkenbaarheid", "Kennis delen")
    ]
    cards = []
    for person, text, theme in CARDS:
        card = people[person]["client"].send("card:add", {"text": text})["card"]
        if theme is not None:
            fac.send("card:update", {"id": card["id"], "theme_id": themes[theme]["id"]})
        cards.append(card)
    for person, picks in ((0, (2, 2, 1)), (1, (2, 5)), (2, (5, 4, 1))):
        for pick in picks:
            people[person]["client"].send("card:vote", {"id": cards[pick]["id"]})
    fac.send(
        "insight:add",
        {
            "step": steps[2]["id"],
            "text": "Kennis over opschalen is grotendeels "
            "overdraagbaar, maar vraagt een vertaalslag naar de context.",
        },
    )
    fac.send("step:set", {"step": steps[0]["id"]})


def open_screen(browser, url: str, screen: str, workshop: dict, size: str):
    width, height = (int(x) for x in size.split("x"))
    phone = size == SIZES[0]
    context = browser.new_context(
        base_url=url,
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=2 if phone else 1,
    )
    code = workshop["code"]
    if screen == "phone":
        me = workshop["phone"]
        stored = {"token": me["token"], "id": me["participant"]["id"], "name": me["participant"]["name"]}
        key, path = f"opschalen.participant.{code}", f"/join/{code}"
    else:
        stored = [
            {"code": code, "token": workshop["token"], "title": "", "created_at": "2026-01-01T00:00:00Z"}
        ]
        key, path = "opschalen.facilitated", f"/{'facilitate' if screen == 'console' else 'display'}/{code}"
    context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(stored))})")
    page = context.new_page()
    page.goto(path)
    page.locator("#conn[data-state=online]").wait_for(state="attached", timeout=15000)
    return page


def fill_event(url: str) -> dict:
    """The afternoon of examples/run_event.py, two groups also scoring determinants."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_event", ROOT / "examples" / "run_event.py")
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    body = example.afternoon()
    for group in body["groups"][:2]:
        group["agenda"].insert(-1, {"kind": "determinants"})
    made = requests.post(f"{url}/api/events", json=body, timeout=10).json()
    for n, (group, (_, _, theme, cards)) in enumerate(
        zip(made["groups"], example.GROUPS, strict=True), start=1
    ):
        facilitator, person = example.run_group(url, group, made["facilitator_token"], theme, cards, n)
        if n <= 2:
            for key, score in zip(
                ("driver", "funding", "added_value", "timing", "time"),
                ((4, 2, 5, 3, 2), (5, 1, 3, 2, 3))[n - 1],
                strict=True,
            ):
                person.send("rating:set", {"determinant": key, "score": score})
        facilitator.close()
        person.close()
    return made


def event_screens(browser, url: str, out: Path, sizes: list[str]) -> None:
    made = fill_event(url)
    code, token = made["code"], made["facilitator_token"]
    # Each page with how the event's link places people while it is photographed.
    pages = [
        ("new", "/events/new", "#event-form", "choose"),
        ("join", f"/e/{code}", ".group-picker", "choose"),
        ("join-assign", f"/e/{code}", "#event-join", "assign"),
        ("overview", f"/events/{code}#token={token}", ".group-card", "assign"),
        ("overview-move", f"/events/{code}#token={token}", ".group-person", "assign"),
        ("plenary-slides", f"/events/{code}/plenary#token={token}", ".plenary-slide", "choose"),
        ("plenary-groups", f"/events/{code}/plenary#token={token}", ".plenary-group", "choose"),
    ]
    for size in sizes:
        width, height = (int(x) for x in size.split("x"))
        phone = size == SIZES[0]
        context = browser.new_context(
            base_url=url,
            viewport={"width": width, "height": height},
            is_mobile=phone,
            has_touch=phone,
            device_scale_factor=2 if phone else 1,
        )
        page = context.new_page()
        for name, path, ready, assignment in pages:
            requests.patch(
                f"{url}/api/events/{code}",
                json={"assignment": assignment},
                headers={"Authorization": f"Bearer {token}"},
                timeout=10,
            ).raise_for_status()
            page.goto(path)
            if name == "plenary-groups":
                page.locator("[data-mode=groups]").click()
            page.locator(ready).first.wait_for(timeout=15000)
            if name == "overview-move":
                page.locator(".group-person button").first.click()
                page.locator("#dialog[open]").wait_for(timeout=15000)
            page.wait_for_timeout(400)
            save(
                page,
                str(out / f"event-{name}-{size}.png"),
                full_page=(phone or not name.startswith("plenary")) and name != "overview-move",
            )
        context.close()


def shoot(pages: dict, phase: str, stem: Path) -> None:
    for (screen, size), page in pages.items():
        page.locator(f".phase-{phase}").first.wait_for(timeout=15000)
        page.wait_for_timeout(1200)  # fade-ins and growing bars settle
        save(page, f"{stem}-{screen}-{size}.png")


def photograph_follow_ups(browser, url: str, later: dict, phases: list[str], args, out: Path) -> None:
    """The review step on every screen, and the timeline page (from the console's browser)."""
    for screen in args.screens.split(","):
        for size in args.sizes.split(","):
            page = open_screen(browser, url, screen, later, size)
            if "review" in phases:
                page.locator(".phase-review .review-focus:not([hidden])").wait_for(timeout=15000)
                page.wait_for_timeout(1200)
                save(page, str(out / f"review-{screen}-{size}.png"))
            if "timeline" in phases and screen == "console":
                page.goto(f"/timeline/{later['code']}")
                page.locator(".timeline-section").first.wait_for(timeout=15000)
                page.wait_for_timeout(1200)
                save(page, str(out / f"timeline-{size}.png"))
            page.context.close()


def save(page, path: str, full_page: bool = True) -> None:
    page.screenshot(path=path, full_page=full_page)
    # 256 colours without dithering: the interface's flat colours stay exact, the file small.
    image = Image.open(path).convert("RGB")
    flat = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    flat.save(path, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--screens", default=",".join(SCREENS))
    parser.add_argument("--language", default="nl", choices=["nl", "en"])
    parser.add_argument("--parts", default="workshop,event")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        process, url = start_server(Path(folder))
        try:
            parts = args.parts.split(",")
            workshop = fill(url, args.language) if "workshop" in parts else None
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                if "event" in parts:
                    event_screens(browser, url, out, args.sizes.split(","))
                screens = args.screens.split(",") if workshop else []
                pages = {
                    (screen, size): open_screen(browser, url, screen, workshop, size)
                    for screen in screens
                    for size in args.sizes.split(",")
                }
                phases = args.phases.split(",") if workshop else []
                for phase in (p for p in phases if p not in FOLLOW_UP_VIEWS):
                    workshop["fac"].send("results:show", {"visible": phase not in REVEALED})
                    workshop["fac"].send("phase:set", {"phase": phase})
                    shoot(pages, phase, out / phase)
                    if phase in REVEALED:
                        workshop["fac"].send("results:show", {"visible": True})
                        shoot(pages, phase, out / f"{phase}-results")
                if set(phases) & set(FOLLOW_UP_VIEWS):
                    for page in pages.values():
                        page.context.close()
                    photograph_follow_ups(browser, url, follow_ups(url, workshop), phases, args, out)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
