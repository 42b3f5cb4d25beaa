"""A whole workshop in real browsers: a facilitator on a laptop, a participant on a 360 px
phone and one on a laptop, every phase live (Dutch: test_language.py)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    LAPTOP,
    PHONE,
    create_workshop,
    join,
    move_room,
    no_horizontal_scroll,
    place,
    shoot,
)

pytestmark = [pytest.mark.browser, pytest.mark.live]

XSS = "<img src=x onerror=alert(1)>"


def go_to_phase(console, phase: str, *pages) -> None:
    move_room(console, console.locator(f".step[data-phase={phase}]"), phase)
    for page in (console, *pages):
        expect(page.locator(f".phase-{phase}")).to_be_visible()


def stored_token(page) -> str:
    return page.evaluate("JSON.parse(localStorage.getItem('opschalen.facilitated'))[0].token")


def site_origin(page) -> str:
    return page.evaluate("location.origin")


def phase_screens(name: str, console, phone, laptop, display) -> None:
    assert no_horizontal_scroll(phone), f"the 360 px layout scrolls sideways in {name}"
    for who, page in (("console", console), ("phone", phone), ("laptop", laptop), ("display", display)):
        shoot(page, f"{name}-{who}")


def test_a_whole_workshop_runs_live_on_phone_and_laptops(browsers):
    console = browsers.person("facilitator", LAPTOP)
    code = create_workshop(console, "Beweegkuur opschalen")
    # The facilitator link is shown once; its token is kept on the device, never in the address bar.
    expect(console.locator("#banner")).to_be_visible()
    assert "token" not in console.url
    # Masked on screen (a projected console shows no secret) until "Show" is pressed.
    masked = console.locator("#keep-link").input_value()
    assert masked.endswith("#token=" + "•" * 12) and stored_token(console) not in masked
    console.get_by_role("button", name="Show", exact=True).click()
    shown = f"{site_origin(console)}/facilitate/{code}#token={stored_token(console)}"
    assert console.locator("#keep-link").input_value() == shown
    stored = console.evaluate("JSON.parse(localStorage.getItem('opschalen.facilitated'))")
    assert stored[0]["code"] == code and stored[0]["title"] == "Beweegkuur opschalen" and stored[0]["token"]
    expect(console.locator(".join-code").first).to_have_text(f"{code[:4]}-{code[4:]}")
    assert console.request.get(f"/qr/{code}.svg").headers["content-type"].startswith("image/svg+xml")

    with console.context.expect_page() as opened:
        console.get_by_role("link", name="Open room display").click()
    display = opened.value
    expect(display.locator(".phase-lobby")).to_be_visible()

    phone = browsers.person("phone", PHONE)
    join(phone, f"/join/{code}", XSS, role="Patient representative")
    laptop = browsers.person("laptop", LAPTOP)
    laptop.goto("/?lang=en")
    laptop.locator("#join-code").fill("zzzz-zzzz")
    laptop.locator("#join-form button[type=submit]").click()
    expect(laptop.locator("#join-error")).to_have_text(
        "No workshop with this code. Check the code and try again.")
    laptop.locator("#join-code").fill(f"{code[:4].lower()} {code[4:].lower()}")
    laptop.locator("#join-form button[type=submit]").click()
    laptop.wait_for_url(f"**/join/{code}")
    join(laptop, None, "Bram", role="GGD")

    # The XSS name is text everywhere, and the facilitator sees who is online with their role.
    people = console.locator(".people-list")
    expect(people.locator(".person.online")).to_have_count(2)
    expect(people).to_contain_text(XSS)
    expect(people).to_contain_text("Patient representative")
    expect(display.locator(".chip", has_text=XSS)).to_be_visible()
    assert console.locator(".people-list img").count() == 0 and phone.locator("main img").count() == 0
    phase_screens("1-lobby", console, phone, laptop, display)

    # Actors: added on the phone, seen everywhere; dragged with a mouse and moved with keys.
    go_to_phase(console, "actors", phone, laptop, display)
    expect(phone.locator(".phase-header")).to_contain_text("Phase 1 of 5")
    phone.get_by_label("Name of the organisation or role").fill("GGD Hollands Midden")
    phone.get_by_label("Category").select_option("provider")
    phone.get_by_role("button", name="Add to the map").click()
    console.get_by_label("Name of the organisation or role").fill("Gemeente Leiden")
    console.get_by_label("Category").select_option("policy")
    console.get_by_role("button", name="Add to the map").click()
    for page in (console, phone, laptop, display):
        expect(page.locator(".actor-card", has_text="GGD Hollands Midden")).to_be_visible()
        expect(page.locator(".actor-card", has_text="Gemeente Leiden")).to_be_visible()
    card = laptop.locator(".actor-card", has_text="GGD Hollands Midden")
    plane = laptop.locator(".grid-plane").bounding_box()
    box = card.bounding_box()
    laptop.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    laptop.mouse.down()
    target = (plane["x"] + plane["width"] * 0.8, plane["y"] + plane["height"] * 0.2)
    laptop.mouse.move(*target, steps=8)
    laptop.mouse.up()
    moved = console.locator(".actor-card", has_text="GGD Hollands Midden")
    expect(place(moved)).to_have_text(re.compile(r"Influence 8\d, interest 8\d"))
    leiden = phone.locator(".actor-card", has_text="Gemeente Leiden")
    seen = console.locator(".actor-card", has_text="Gemeente Leiden")
    before = int(re.search(r"Influence (\d+)", place(seen).text_content()).group(1))
    leiden.focus()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    expect(place(seen)).to_have_text(re.compile(f"Influence {before + 10},"))
    phase_screens("2-actors", console, phone, laptop, display)

    # Ownership: a gap shows with icon and text until someone drives and someone is accountable.
    go_to_phase(console, "ownership", phone, laptop, display)
    intervention = console.locator(".area-intervention .gap-status")
    expect(intervention).to_contain_text("no driver")
    expect(intervention).to_contain_text("no one accountable")
    phone.get_by_label("Role of GGD Hollands Midden in The intervention itself").select_option("driver")
    laptop.get_by_label("Role of Gemeente Leiden in The intervention itself").select_option("accountable")
    expect(intervention).to_contain_text("Driver and accountable are arranged")
    expect(display.locator(".area-intervention .gap-status")).to_have_class(re.compile("is-ok"))
    expect(display.locator(".area-supply .gap-status")).to_have_class(re.compile("is-gap"))
    laptop.locator(".area-use .segment", has_text="Can").click()
    expect(phone.locator(".area-use .segment input[value=can]")).to_be_checked()
    console.get_by_role("button", name="Lock: pause all changes").click()
    expect(phone.locator(".locked-note")).to_have_text("The facilitator has paused changes for a moment.")
    expect(phone.get_by_label("Role of Gemeente Leiden in Scaling up use")).to_be_disabled()
    phase_screens("3-ownership", console, phone, laptop, display)
    console.get_by_role("button", name="Unlock: allow changes again").click()
    expect(phone.get_by_label("Role of Gemeente Leiden in Scaling up use")).to_be_enabled()

    # Determinants: scores from both participants make the histogram and mean grow live.
    go_to_phase(console, "determinants", phone, laptop, display)
    for page, score in ((phone, "2"), (laptop, "4")):
        expect(page.locator(".progress-chip")).to_have_text("You scored 0 of 5")
        funding = page.locator(".det-card", has_text="Funding")
        funding.locator(".score", has_text=score).click()
        funding.get_by_label("Comment (optional)").fill("Only project money so far")
        funding.get_by_label("Comment (optional)").blur()
    mean = console.locator(".det-card", has_text="Funding").locator(".det-mean")
    expect(mean).to_have_text("Mean 3.0 · 2 scores")
    # Results are hidden from the room: the wall shows how many scored, not what they scored.
    wall = display.locator(".det-card", has_text="Funding")
    expect(wall.locator(".det-progress")).to_have_text("2 scores so far")
    expect(display.locator(".det-mean")).to_have_count(0)
    laptop.locator(".det-card", has_text="Dedicated driver").locator(".score", has_text="5").click()
    expect(console.locator(".det-card.is-weakest")).to_contain_text("Funding")
    phase_screens("4-determinants", console, phone, laptop, display)

    # Strategies: dot voting with a budget; counts hidden from participants until revealed.
    console.get_by_role("button", name=re.compile("^5 min: start a countdown")).click()
    expect(phone.locator(".timer")).to_be_visible()
    go_to_phase(console, "strategies", phone, laptop, display)
    expect(phone.locator(".votes-left")).to_contain_text("5 of 5 votes left")
    expect(console.locator(".results .hint")).to_contain_text("0 of 10 votes cast.")
    lobby = phone.locator(".strategy", has_text="Lobby relevant stakeholders")
    lobby.get_by_role("button", name="Give a vote to Lobby relevant stakeholders").click()
    expect(phone.locator(".votes-left")).to_contain_text("4 of 5 votes left")
    lobby.get_by_role("button", name="Give a vote to Lobby relevant stakeholders").click()
    expect(phone.locator(".votes-left")).to_contain_text("3 of 5 votes left")
    laptop.get_by_label("Strategy", exact=True).fill("Regional coalition with insurers")
    laptop.locator(".phase-strategies form select").select_option("financing")
    laptop.get_by_role("button", name="Add strategy").click()
    expect(phone.locator(".strategy", has_text="Regional coalition with insurers")).to_be_visible()
    phone.get_by_role("button", name="Give a vote to Regional coalition with insurers").click()
    expect(console.locator(".rank-row").first).to_contain_text("Lobby relevant stakeholders")
    expect(console.locator(".rank-row").first).to_contain_text("2 votes")
    expect(phone.locator(".results")).to_be_hidden()
    console.get_by_role("button", name="Show results to everyone").click()
    expect(phone.locator(".rank-row").first).to_contain_text("Lobby relevant stakeholders")
    expect(display.locator(".rank-row").nth(1)).to_contain_text("Regional coalition with insurers")
    phase_screens("5-strategies", console, phone, laptop, display)

    # Actions: added on a laptop with a strategy, owner and date; updated from the console.
    go_to_phase(console, "actions", phone, laptop, display)
    laptop.get_by_label("What needs to happen?").fill("Business case with the insurer")
    form = laptop.locator(".action-form")
    form.get_by_label("For strategy").select_option(label="Lobby relevant stakeholders")
    form.get_by_label("Owner").select_option(label="GGD Hollands Midden")
    form.get_by_label("Due date").fill("2027-03-01")
    laptop.get_by_role("button", name="Add action").click()
    action = console.locator(".action-card", has_text="Business case with the insurer")
    expect(action).to_contain_text("For: Lobby relevant stakeholders")
    action.get_by_label("Status").select_option("doing")
    expect(phone.locator(".action-card.status-doing")).to_contain_text("Business case with the insurer")
    action.get_by_role("button", name="Edit action Business case with the insurer").click()
    console.locator("#dialog input").fill("Business case with the insurer and the municipality")
    console.get_by_role("button", name="Save", exact=True).click()
    expect(phone.locator(".action-title")).to_have_text("Business case with the insurer and the municipality")
    expect(display.locator(".action-card")).to_contain_text("GGD Hollands Midden")

    # A reload keeps the participant's identity: same person, no new participant.
    phone.reload()
    expect(phone.locator(".me-line")).to_have_text(f"You take part as {XSS}.")
    expect(phone.locator(".phase-actions")).to_be_visible()
    expect(console.locator(".online-count")).to_have_text("2 online of 2")
    phase_screens("6-actions", console, phone, laptop, display)
    # 200 % zoom on the laptop is the same page at half the width: still no sideways scrolling.
    console.set_viewport_size({"width": 683, "height": 430})
    assert no_horizontal_scroll(console)
    shoot(console, "6-actions-console-zoom200")
    console.set_viewport_size(LAPTOP["viewport"])

    # Closing asks first, then everyone sees the end.
    console.locator(".step[data-phase=closed]").click()
    expect(console.locator("#dialog")).to_be_visible()
    console.get_by_role("button", name="Close workshop").click()
    for page in (phone, laptop, display):
        expect(page.locator(".phase-closed")).to_be_visible()
    expect(phone.locator(".closed-thanks")).to_be_visible()
    phase_screens("7-closed", console, phone, laptop, display)

    # A follow-up workshop starts from this one's actors, in a console of its own.
    console.get_by_role("button", name="Start follow-up workshop").click()
    console.get_by_role("button", name="Create follow-up").click()
    console.wait_for_url(lambda url: "/facilitate/" in url and not url.endswith(code))
    expect(console.locator(".phase-title")).to_have_text("Lobby")
    # The console names the earlier workshop and what came along from it.
    expect(console.locator(".earlier-card")).to_contain_text("Follow-up of “Beweegkuur opschalen”")
    expect(console.locator(".earlier-card")).to_contain_text("Carried over:")
    console.locator(".step[data-phase=actors]").click()
    expect(console.locator(".actor-card", has_text="GGD Hollands Midden")).to_be_visible()
    codes = console.evaluate("JSON.parse(localStorage.getItem('opschalen.facilitated')).map(w => w.code)")
    assert code in codes and len(codes) == 2
    newcomer = browsers.person("latecomer", PHONE)
    newcomer.goto(f"/join/{code}")
    # Without a name the form says so and nothing is sent.
    newcomer.locator("#join-name").fill("   ")
    newcomer.locator(".join-card button[type=submit]").click()
    expect(newcomer.locator(".join-card .form-error")).to_have_text("Fill in your name.")
    expect(newcomer.locator("#join-name")).to_be_focused()
    newcomer.locator("#join-name").fill("Carla")
    newcomer.locator(".join-card button[type=submit]").click()
    expect(newcomer.locator(".join-card .form-error")).to_have_text(
        "Could not join: the workshop is locked or closed.")
