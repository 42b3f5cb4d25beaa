"""The room display and the actor map in real Chromium: readable on a 1920×1080 projector
in every phase (sizes, one screen, no label on another), results hidden on the wall until
shown, and a legible map on a phone where dragging moves the card that is on top."""

import json
import re

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, SIZES, place, settled, shoot, still
from tests.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.live]

PHASES = ["lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"]
ACTORS = (("GGD Hollands Midden", "provider", 70, 85), ("Gemeente Leiden", "policy", 85, 60),
          ("Zorgverzekeraar Zuid-Holland Noord", "funder", 90, 35), ("Huisartsen", "professional", 45, 70),
          ("Patiëntenvereniging", "target_group", 25, 80), ("Sportvereniging", "other", 20, 40))

# The smallest font size among the visible elements matching a selector (None when none is visible).
SMALLEST = """(selector) => {
  const sizes = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length)
    .map((e) => parseFloat(getComputedStyle(e).fontSize));
  return sizes.length ? Math.min(...sizes) : null;
}"""
# Pairs of visible elements matching a selector whose boxes share area.
OVERLAPS = """(selector) => {
  const boxes = [...document.querySelectorAll(selector)].filter((e) => e.getClientRects().length)
    .map((e) => [e.textContent, e.getBoundingClientRect()]);
  const pairs = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, q] = boxes[j];
    const wide = Math.min(r.right, q.right) - Math.max(r.left, q.left);
    const high = Math.min(r.bottom, q.bottom) - Math.max(r.top, q.top);
    if (wide > 0.5 && high > 0.5) pairs.push([a, b]);
  }
  return pairs;
}"""
ONE_SCREEN = """() => {
  const page = document.scrollingElement;
  const shown = [...document.querySelectorAll('.corner, .phase:not([hidden]), .legend')]
    .filter((e) => e.getClientRects().length);
  const host = document.querySelector('.phase-host');
  return page.scrollHeight <= innerHeight && page.scrollWidth <= innerWidth
    && host.scrollHeight <= host.clientHeight + 1
    && shown.every((e) => e.getBoundingClientRect().bottom <= innerHeight + 0.5);
}"""
# Where the map and its cards are: the same twice over once the panels around it have settled.
BOXES = """() => [...document.querySelectorAll('.grid-plane, .actor-card')].map((el) => {
  const box = el.getBoundingClientRect();
  return [box.x, box.y, box.width, box.height];
})"""
CARD_AT = "([x, y]) => document.elementFromPoint(x, y)?.closest('.actor-card')?.dataset.id"
ANIMATION = "(e) => getComputedStyle(e).animationName"


class Person:
    """Someone in the workshop over Socket.IO, sending events and waiting for their acks."""

    def __init__(self, url: str, code: str, token: str):
        self.sio = socketio.Client(reconnection=False)
        self.state = None
        self.sio.on("state", lambda state: setattr(self, "state", state))
        self.sio.connect(url, auth={"code": code, "token": token}, transports=["websocket"], wait_timeout=30)
        assert wait_for(lambda: self.state is not None), "no state after connecting"

    def send(self, event: str, payload: dict) -> dict:
        ack = self.sio.call(event, payload, timeout=30)
        assert ack.get("ok"), (event, payload, ack)
        return ack


@pytest.fixture
def room(site):
    """A workshop with three participants who mapped actors, assigned roles, scored and voted."""
    created = requests.post(f"{site.url}/api/workshops", json={
        "title": "Beweegkuur opschalen in Hollands Midden", "intervention": "Beweegkuur", "language": "en",
        "facilitator_name": "Sanne"}, timeout=30).json()
    code = created["code"]
    people = []
    for name in ("Anna Jansen", "Bram de Boer", "Carla Visser"):
        joined = requests.post(f"{site.url}/api/workshops/{code}/participants", json={"name": name},
                               timeout=30).json()
        people.append(Person(site.url, code, joined["token"]))
    fac = Person(site.url, code, created["facilitator_token"])
    actors = [fac.send("actor:add", {"name": n, "category": c, "influence": i, "interest": x})["actor"]
              for n, c, i, x in ACTORS]
    fac.send("ownership:set", {"actor_id": actors[0]["id"], "area": "intervention", "role": "driver"})
    for key, scores in (("funding", (2, 1, 2)), ("driver", (4, 5, 4))):
        for person, score in zip(people, scores, strict=True):
            person.send("rating:set", {"determinant": key, "score": score})
    strategies = fac.state["strategies"]
    for person, picks in zip(people, ((0, 0, 3), (0, 3), (1, 3)), strict=True):
        for pick in picks:
            person.send("vote:cast", {"strategy_id": strategies[pick]["id"]})
    fac.send("action:add", {"title": "Business case with the insurer", "owner_actor_id": actors[0]["id"]})
    yield {"url": site.url, "code": code, "token": created["facilitator_token"], "fac": fac, "people": people,
           "actors": actors, "joined": joined}
    for person in (*people, fac):
        person.sio.disconnect()


def remember(page, key: str, value) -> None:
    page.context.add_init_script(f"localStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(value))})")


def as_facilitator(browsers, room, label: str, device: dict):
    page = browsers.person(label, device)
    entry = {"code": room["code"], "token": room["token"], "title": "", "created_at": "2026-01-01T00:00:00Z"}
    remember(page, "opschalen.facilitated", [entry])
    return page


def open_display(browsers, room, device=None):
    page = as_facilitator(browsers, room, "display", device or SIZES["wide"])
    page.goto(f"/display/{room['code']}?lang=en")
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    return page


def smallest(page, selector: str) -> float:
    size = page.evaluate(SMALLEST, selector)
    assert size is not None, f"nothing visible matches {selector}"
    return size


def test_the_room_display_is_readable_on_one_screen_in_every_phase(browsers, room):
    display = open_display(browsers, room)
    room["fac"].send("results:show", {"visible": True})
    content = {"lobby": [".chip"], "actors": [".actor-card-name"],
               "ownership": [".role-name", ".role-badge", ".area-card h3"],
               "determinants": [".det-card h3", ".det-mean", ".hbar-count", ".hbar-label"],
               "strategies": [".rank-title", ".rank-votes", ".rank-no"], "actions": [".action-title"],
               "closed": [".rank-title", ".rank-votes"]}
    for phase in PHASES:
        room["fac"].send("phase:set", {"phase": phase})
        expect(display.locator(f".phase-{phase}")).to_be_visible()
        assert settled(display, ONE_SCREEN), f"{phase} needs scrolling on the display"
        assert smallest(display, ".join-code") >= 48, phase
        for selector in content[phase]:
            assert smallest(display, selector) >= 24, (phase, selector)
        if phase == "actors":
            for selector in (".quadrant", ".axis span", ".legend li", ".actor-card-cat"):
                assert smallest(display, selector) >= 18, selector
            expect(display.locator(".legend li")).to_have_count(8)
            assert settled(display, OVERLAPS, ".actor-card", []) == []
        if phase == "strategies":
            host = display.locator(".phase-host").bounding_box()
            chart = display.locator(".rank-chart").bounding_box()
            assert chart["height"] > 0.7 * host["height"], "the ranking uses the screen it has"
        shoot(display, f"display-1920-{phase}")


def test_hidden_results_stay_off_the_wall_until_shown_and_then_grow_in(browsers, room):
    display = open_display(browsers, room)
    room["fac"].send("phase:set", {"phase": "determinants"})
    expect(display.locator(".phase-determinants")).to_be_visible()
    funding = display.locator(".det-card", has_text="Funding")
    expect(funding.locator(".det-progress")).to_have_text("3 scores so far")
    expect(display.locator(".progress-chip")).to_have_text("6 of 15 scores given")
    for hidden in (".histogram", ".hbar", ".det-mean", ".weakest", ".det-card.is-weakest"):
        expect(display.locator(hidden)).to_have_count(0)

    room["fac"].send("phase:set", {"phase": "strategies"})
    expect(display.locator(".phase-strategies")).to_be_visible()
    expect(display.locator(".results .hint")).to_contain_text("7 of 15 votes cast")
    expect(display.locator(".rank-row")).to_have_count(0)
    assert display.locator(".tally:not(:empty)").count() == 0
    assert not re.search(r"\b\d+ votes?\b", display.locator(".strategy-groups").inner_text())

    room["fac"].send("results:show", {"visible": True})
    expect(display.locator(".rank-row", has_text="Lobby relevant stakeholders")).to_contain_text("3 votes")
    expect(display.locator(".rank-row")).to_have_count(3)
    assert display.locator(".rank-fill").first.evaluate(ANIMATION) == "grow-width"
    room["fac"].send("phase:set", {"phase": "determinants"})
    expect(funding.locator(".det-mean")).to_have_text("Mean 1.7 · 3 scores")
    expect(display.locator(".det-card.is-weakest")).to_contain_text("Funding")
    expect(display.locator(".det-progress")).to_have_count(5)
    expect(display.locator(".det-progress").first).to_be_hidden()
    assert funding.locator(".hbar-fill").first.evaluate(ANIMATION) == "grow-height"

    room["fac"].send("results:show", {"visible": False})
    expect(display.locator(".hbar")).to_have_count(0)
    room["fac"].send("phase:set", {"phase": "strategies"})
    expect(display.locator(".rank-row")).to_have_count(0)


def test_the_reveal_does_not_move_for_people_who_ask_for_less_motion(browsers, room):
    display = open_display(browsers, room)
    display.emulate_media(reduced_motion="reduce")
    room["fac"].send("results:show", {"visible": True})
    room["fac"].send("phase:set", {"phase": "strategies"})
    expect(display.locator(".rank-row").first).to_be_visible()
    assert display.locator(".rank-fill").first.evaluate(ANIMATION) == "none"


def test_a_crowded_map_keeps_every_label_apart_and_new_actors_start_where_there_is_room(browsers, room):
    for n in range(10):
        room["fac"].send("actor:add", {"name": f"Wijkteam {n + 1}", "category": "provider"})  # all at 50, 50
    display = open_display(browsers, room)
    room["fac"].send("phase:set", {"phase": "actors"})
    expect(display.locator(".actor-card")).to_have_count(16)
    assert settled(display, OVERLAPS, ".actor-card", []) == []
    assert settled(display, ONE_SCREEN)
    plane = display.locator(".grid-plane").bounding_box()
    for box in (display.locator(".actor-card").nth(i).bounding_box() for i in range(16)):
        assert plane["x"] <= box["x"] and box["x"] + box["width"] <= plane["x"] + plane["width"] + 0.5
        assert plane["y"] <= box["y"] and box["y"] + box["height"] <= plane["y"] + plane["height"] + 0.5
    shoot(display, "display-1920-crowded-map")
    room["fac"].send("phase:set", {"phase": "ownership"})
    expect(display.locator(".area-intervention .role-row")).to_have_count(1)  # only who holds a role there
    expect(display.locator(".area-supply .role-others")).to_have_text("16 more actors without a role here")
    assert display.evaluate(ONE_SCREEN)
    room["fac"].send("phase:set", {"phase": "actors"})

    console = as_facilitator(browsers, room, "console", LAPTOP)
    console.goto(f"/facilitate/{room['code']}?lang=en")
    expect(console.locator(".phase-actors")).to_be_visible()
    for name in ("Bibliotheek", "Welzijn Leiden", "Fysiotherapeuten"):
        console.get_by_label("Name of the organisation or role").fill(name)
        console.get_by_role("button", name="Add to the map").click()
        expect(display.locator(".actor-card", has_text=name)).to_be_visible()
    snapshot = requests.get(f"{room['url']}/api/workshops/{room['code']}", timeout=30,
                            headers={"Authorization": f"Bearer {room['token']}"}).json()
    actors = {a["name"]: a for a in snapshot["actors"]}
    new = [actors[name] for name in ("Bibliotheek", "Welzijn Leiden", "Fysiotherapeuten")]
    for actor in new:
        for other in actors.values():
            if other["id"] != actor["id"]:
                apart = (abs(other["interest"] - actor["interest"]) >= 24
                         or abs(other["influence"] - actor["influence"]) >= 11)
                assert apart, (actor, other)


def test_on_a_phone_the_map_shows_numbered_markers_and_every_full_name_in_a_list(browsers, room):
    phone = browsers.person("phone", SIZES["phone"])
    me = room["joined"]
    remember(phone, f"opschalen.participant.{room['code']}",
             {"token": me["token"], "id": me["participant"]["id"], "name": me["participant"]["name"]})
    linde = "Huisartsenpraktijk De Linde"
    room["fac"].send("actor:add", {"name": linde, "category": "professional", "influence": 70,
                                   "interest": 85})  # on top of the GGD
    room["fac"].send("phase:set", {"phase": "actors"})
    phone.goto(f"/join/{room['code']}?lang=en")
    expect(phone.locator(".phase-actors")).to_be_visible()
    expect(phone.locator(".actor-map.compact")).to_be_visible()
    markers = phone.locator(".actor-card")
    expect(markers).to_have_count(7)
    assert settled(phone, OVERLAPS, ".actor-card", []) == []
    for i in range(7):
        box = markers.nth(i).bounding_box()
        assert round(box["width"]) <= 48 and round(box["height"]) >= 44  # sub-pixel layout: 43.99998
        on_top = phone.evaluate(CARD_AT, [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert on_top == markers.nth(i).get_attribute("data-id"), "a marker is hidden under another"
    rows = phone.locator(".actor-list .actor-row")
    expect(rows).to_have_count(7)
    expect(rows.nth(6)).to_contain_text("7")
    expect(rows.nth(6)).to_contain_text(linde)
    expect(phone.locator(".actor-card", has_text=linde)).to_have_text(re.compile("^7"))
    shoot(phone, "phone-actors-compact")


def test_dragging_moves_the_card_on_top_never_the_one_underneath(browsers, room):
    console = as_facilitator(browsers, room, "console", LAPTOP)
    room["fac"].send("phase:set", {"phase": "actors"})
    console.goto(f"/facilitate/{room['code']}?lang=en")
    expect(console.locator(".actor-card[data-placed]")).to_have_count(6)
    still(console, BOXES)  # the console's panels settle around the map
    plane = console.locator(".grid-plane").bounding_box()
    ggd = console.locator(".actor-card", has_text="GGD Hollands Midden")
    leiden = console.locator(".actor-card", has_text="Gemeente Leiden")

    def drag(card, to):
        box = card.bounding_box()
        console.mouse.move(box["x"] + 12, box["y"] + box["height"] / 2)
        console.mouse.down()
        console.mouse.move(*to, steps=6)
        return box

    # Dragged onto Leiden, the GGD's card is on top while it moves and where it is let go.
    target = leiden.bounding_box()
    point = (target["x"] + target["width"] / 2, target["y"] + target["height"] / 2)
    drag(ggd, point)
    assert console.evaluate(CARD_AT, list(point)) == ggd.get_attribute("data-id")
    console.mouse.up()
    expect(place(ggd)).to_have_text(re.compile(r"Influence [789]\d, interest [4567]\d"))
    laid_out = settled(console, OVERLAPS, ".actor-card", [])
    assert laid_out == [], "once dropped the labels are laid out apart again"

    # Wherever two cards meet, pressing there picks the one drawn on top, and only that one moves.
    before = {card: place(card).text_content() for card in (ggd, leiden)}
    box = leiden.bounding_box()
    start = (box["x"] + 12, box["y"] + box["height"] / 2)
    assert console.evaluate(CARD_AT, list(start)) == leiden.get_attribute("data-id")
    console.mouse.move(*start)
    console.mouse.down()
    console.mouse.move(plane["x"] + plane["width"] * 0.2, plane["y"] + plane["height"] * 0.8, steps=6)
    console.mouse.up()
    expect(place(leiden)).to_have_text(re.compile(r"Influence [12]\d, interest [12]\d"))
    assert place(ggd).text_content() == before[ggd]
