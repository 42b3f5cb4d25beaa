"""Assigning people to an event's groups in the browser: the room's link places a phone in the
emptiest group, the organiser moves that person to another group from the overview, and the
phone follows without typing anything, showing the other group's question."""

import re

import pytest
import requests
import socketio
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, no_horizontal_scroll, shoot
from tests.browser.test_pages import axe_findings
from tests.helpers import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.live]
SLOW = 30000  # the overview polls every few seconds
QUESTION = "Wie betaalt de opschaling?"


def afternoon(site) -> dict:
    """Two groups, placing newcomers; the second group is at its question."""
    agenda = [{"kind": "lobby"}, {"kind": "question", "title": QUESTION}, {"kind": "closed"}]
    body = {
        "title": "Middag opschalen",
        "language": "nl",
        "assignment": "assign",
        "groups": [
            {"title": "Eigenaarschap", "intervention": "Kennissynthese", "agenda": agenda},
            {"title": "Financiering", "intervention": "Kennissynthese", "agenda": agenda},
        ],
    }
    made = requests.post(f"{site.url}/api/events", json=body, timeout=30).json()
    console = socketio.Client(reconnection=False)
    states = []
    console.on("state", states.append)
    console.connect(
        site.url,
        auth={"code": made["groups"][1]["code"], "token": made["facilitator_token"]},
        transports=["websocket"],
        wait_timeout=30,
    )
    assert wait_for(lambda: states)
    question = next(s["id"] for s in states[0]["workshop"]["agenda"] if s["kind"] == "question")
    assert console.call("step:set", {"step": question}, timeout=30) == {"ok": True}
    console.disconnect()
    return made


def test_the_organiser_moves_a_person_and_their_phone_follows(browsers, site):
    made = afternoon(site)
    first, second = made["groups"]

    phone = browsers.person("phone", {**PHONE, "bypass_csp": True}, locale="nl-NL")
    phone.goto(f"/e/{made['code']}")
    expect(phone.get_by_role("heading", name="Doe mee met de bijeenkomst")).to_be_visible()
    assert no_horizontal_scroll(phone)
    assert axe_findings(phone) == []
    shoot(phone, "event-join-assign")
    # Without a name the form says so and places nobody.
    phone.get_by_role("button", name="Meedoen").click()
    expect(phone.locator(".form-error")).to_have_text("Vul je naam in.")
    expect(phone.get_by_label("Je naam")).to_be_focused()
    phone.get_by_label("Je naam").fill("Marieke")
    phone.get_by_role("button", name="Meedoen").click()
    # Placed in the first of the two empty groups, as its participant.
    phone.wait_for_url(re.compile(f"/join/{first['code']}$"))
    expect(phone.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)
    expect(phone.locator(".me-line")).to_contain_text("Marieke")

    organiser = browsers.person("organiser", {**LAPTOP, "bypass_csp": True}, locale="nl-NL")
    organiser.goto(f"/events/{made['code']}#token={made['facilitator_token']}")
    source = organiser.locator(".group-card", has_text="Eigenaarschap")
    expect(source.locator(".group-person")).to_contain_text("Marieke", timeout=SLOW)
    expect(organiser.locator("input[name=assignment][value=assign]")).to_be_checked()
    assert axe_findings(organiser) == []
    shoot(organiser, "event-overview-people")

    source.locator(".group-person", has_text="Marieke").get_by_role("button", name="Verplaats naar…").click()
    dialog = organiser.locator("#dialog")
    dialog.get_by_label("Naar groep").select_option(label="Financiering")
    assert axe_findings(organiser) == []
    shoot(organiser, "event-overview-move")
    dialog.get_by_role("button", name="Verplaatsen").click()
    expect(organiser.locator(".toast").last).to_contain_text("Marieke zit nu in Financiering")

    # The phone is now a participant of the other group, at its question, without typing anything.
    phone.wait_for_url(re.compile(f"/join/{second['code']}$"), timeout=SLOW)
    expect(phone.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)
    expect(phone.locator("body")).to_contain_text(QUESTION, timeout=SLOW)
    expect(phone.locator(".me-line")).to_contain_text("Marieke")
    expect(phone.locator(".toast").last).to_contain_text("naar de groep Financiering verplaatst")
    expect(phone.locator("#join-name")).to_have_count(0)
    shoot(phone, "event-moved-phone")
    target = organiser.locator(".group-card", has_text="Financiering")
    expect(target.locator(".group-person")).to_contain_text("Marieke", timeout=SLOW)
    expect(source.locator(".group-person")).to_have_count(0)
    # The room's link leads this phone back to its new group.
    phone.goto(f"/e/{made['code']}")
    phone.wait_for_url(re.compile(f"/join/{second['code']}$"))
    expect(phone.locator(".me-line")).to_contain_text("Marieke", timeout=SLOW)

    # After the move, changing how people join is one change, not one per move made: every
    # listener of the change would have sent its request before the first answer is shown.
    patches = []
    organiser.on("request", lambda r: patches.append(r) if r.method == "PATCH" else None)
    organiser.get_by_label("Iedereen kiest zelf een groep").check()
    expect(organiser.locator(".toast").last).to_contain_text("Vanaf nu kiest iedereen zelf een groep")
    assert len(patches) == 1


def test_a_phone_offline_at_the_move_comes_back_in_the_new_group(browsers, site):
    """The phone is closed when the organiser moves its person; its old link then leads to the
    new group as the same participant, with a notice, and nobody is left behind in the old one."""
    made = afternoon(site)
    first, second = made["groups"]
    phone = browsers.person("phone", {**PHONE, "bypass_csp": True}, locale="nl-NL")
    phone.goto(f"/e/{made['code']}")
    phone.get_by_label("Je naam").fill("Marieke")
    phone.get_by_role("button", name="Meedoen").click()
    phone.wait_for_url(re.compile(f"/join/{first['code']}$"))
    expect(phone.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)
    context = phone.context
    phone.close()

    organiser = browsers.person("organiser", {**LAPTOP, "bypass_csp": True}, locale="nl-NL")
    organiser.goto(f"/events/{made['code']}#token={made['facilitator_token']}")
    source = organiser.locator(".group-card", has_text="Eigenaarschap")
    source.locator(".group-person", has_text="Marieke").get_by_role("button", name="Verplaats naar…").click()
    organiser.locator("#dialog").get_by_label("Naar groep").select_option(label="Financiering")
    organiser.locator("#dialog").get_by_role("button", name="Verplaatsen").click()
    expect(organiser.locator(".toast").last).to_contain_text("Marieke zit nu in Financiering")

    back = context.new_page()
    back.on("pageerror", lambda error: browsers.problems.append(f"phone: {error}"))
    back.goto(f"/join/{first['code']}")
    back.wait_for_url(re.compile(f"/join/{second['code']}$"), timeout=SLOW)
    expect(back.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)
    expect(back.locator(".me-line")).to_contain_text("Marieke")
    expect(back.locator(".toast").last).to_contain_text("naar de groep Financiering verplaatst")
    expect(back.locator("body")).to_contain_text(QUESTION, timeout=SLOW)
    expect(back.locator("#join-name")).to_have_count(0)
    shoot(back, "event-moved-offline-phone")
    target = organiser.locator(".group-card", has_text="Financiering")
    expect(target.locator(".group-person")).to_have_count(1, timeout=SLOW)
    expect(target.locator(".group-person")).to_contain_text("Marieke")
    expect(source.locator(".group-person")).to_have_count(0)
    shoot(organiser, "event-overview-after-offline-move")


def test_move_to_says_why_a_group_takes_nobody_before_the_click(browsers, site):
    made = afternoon(site)
    first, second = made["groups"]
    anna = requests.post(
        f"{site.url}/api/workshops/{first['code']}/participants", json={"name": "Anna"}, timeout=30
    ).json()
    assert anna["participant"]["name"] == "Anna"
    console = socketio.Client(reconnection=False)
    console.connect(
        site.url,
        auth={"code": second["code"], "token": made["facilitator_token"]},
        transports=["websocket"],
        wait_timeout=30,
    )
    assert console.call("workshop:settings", {"joins_open": False}, timeout=30)["ok"]
    console.disconnect()

    organiser = browsers.person("organiser", {**LAPTOP, "bypass_csp": True}, locale="en-GB")
    organiser.goto(f"/events/{made['code']}?lang=en#token={made['facilitator_token']}")
    target = organiser.locator(".group-card", has_text="Financiering")
    expect(target.locator(".group-refusal")).to_contain_text("Closed to newcomers", timeout=SLOW)
    source = organiser.locator(".group-card", has_text="Eigenaarschap")
    source.locator(".group-person", has_text="Anna").get_by_role("button", name="Move to…").click()
    dialog = organiser.locator("#dialog")
    # The one other group is listed with its reason, cannot be picked, and there is no Move button.
    expect(dialog.get_by_label("To group")).to_be_disabled()
    expect(dialog.locator("option")).to_have_text(["Financiering (closed to newcomers)"])
    expect(dialog.locator("option")).to_be_disabled()
    expect(dialog).to_contain_text("No other group takes people now")
    expect(dialog.get_by_role("button", name="Move", exact=True)).to_have_count(0)
    assert axe_findings(organiser) == []
    shoot(organiser, "event-overview-move-none")
    dialog.get_by_role("button", name="Cancel").click()
    expect(source.locator(".group-person")).to_contain_text("Anna")


def test_an_assigned_phone_goes_to_the_plenary_and_reads_its_slide_whole(browsers, site):
    made = afternoon(site)
    phone = browsers.person("phone", {**PHONE, "bypass_csp": True}, locale="nl-NL")
    phone.goto(f"/e/{made['code']}")
    phone.get_by_label("Je naam").fill("Marieke")
    phone.get_by_role("button", name="Meedoen").click()
    phone.wait_for_url(re.compile(f"/join/{made['groups'][0]['code']}$"))
    expect(phone.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)
    moved = requests.post(
        f"{site.url}/api/events/{made['code']}/plenary",
        timeout=30,
        headers={"Authorization": f"Bearer {made['facilitator_token']}"},
    )
    assert moved.status_code == 200 and moved.json()["event"]["plenary_at"]
    slide = phone.locator(".phase-info .slide")
    expect(slide).to_contain_text("Kijk naar het grote scherm", timeout=SLOW)
    # The short plenary text is neither cut short nor faded out, and offers no "more".
    expect(slide.locator(".slide-more")).to_be_hidden()
    assert slide.locator(".slide-body").evaluate("el => getComputedStyle(el).maskImage") == "none"
    assert no_horizontal_scroll(phone)
    assert axe_findings(phone) == []
    shoot(phone, "event-plenary-phone")


def test_a_moved_persons_card_stays_and_the_old_console_says_they_left(browsers, site):
    made = afternoon(site)
    first, second = made["groups"]
    joined = requests.post(
        f"{site.url}/api/workshops/{second['code']}/participants", json={"name": "Marieke"}, timeout=30
    ).json()
    person = socketio.Client(reconnection=False)
    person.connect(
        site.url,
        auth={"code": second["code"], "token": joined["token"]},
        transports=["websocket"],
        wait_timeout=30,
    )
    posted = person.call("card:add", {"text": "De gemeente betaalt"}, timeout=30)
    assert posted["ok"], posted
    person.disconnect()

    console = browsers.person("console", {**LAPTOP, "bypass_csp": True}, locale="nl-NL")
    console.goto(f"/facilitate/{second['code']}#token={made['facilitator_token']}")
    card = console.locator(".wall-card", has_text="De gemeente betaalt")
    expect(card.locator(".card-meta")).to_have_text("Marieke", timeout=SLOW)
    moved = requests.post(
        f"{site.url}/api/events/{made['code']}/moves",
        json={"participant": joined["participant"]["id"], "to": first["code"]},
        headers={"Authorization": f"Bearer {made['facilitator_token']}"},
        timeout=30,
    )
    assert moved.status_code == 200
    # The card stays in this group; it no longer claims an anonymous author, and nobody is listed.
    expect(card.locator(".card-meta")).to_have_text("Iemand die niet meer in deze groep zit", timeout=SLOW)
    expect(console.locator(".people-list")).to_contain_text("Er doet nu niemand mee.", timeout=SLOW)
