"""An event in the browser: the organiser creates it, a phone joins a group from the room's one
link, the organiser's overview follows the groups and moves everyone to the plenary, and the
plenary display shows the groups side by side on a 1920×1080 screen without scrolling."""

import importlib.util
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, SIZES, join, log_in, no_horizontal_scroll, shoot
from tests.browser.test_pages import axe_findings
from tests.helpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.live]
SLOW = 30000  # the overview and the plenary poll every few seconds


def example():
    spec = importlib.util.spec_from_file_location("run_event", ROOT / "examples" / "run_event.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def afternoon(site) -> dict:
    made = requests.post(f"{site.url}/api/events", json=example().afternoon(), timeout=30).json()
    assert len(made["groups"]) == 4
    return made


def test_an_organiser_creates_an_event_with_its_groups(browsers):
    page = browsers.person("organiser", LAPTOP)
    page.goto("/events/new?lang=en")
    page.get_by_label("Title of the event").fill("Knowledge synthesis afternoon")
    page.get_by_label("Slide title").fill("Take-aways")
    page.get_by_label("Text", exact=True).fill("There is no one strategy that works everywhere.")
    groups = page.locator(".event-group")
    for n, (title, question) in enumerate(
        (("Ownership", "Who owns the scaling up?"), ("Complexity", "What if everything is connected?"))
    ):
        group = groups.nth(n)
        group.get_by_label("Title of the group").fill(title)
        group.get_by_label("Intervention").fill("Scaling up")
        group.get_by_label("Discussion questions (one per line)").fill(question)
    page.get_by_role("button", name="Add a group").click()
    third = groups.nth(2)
    third.get_by_label("Title of the group").fill("Context")
    third.get_by_label("Intervention").fill("Scaling up")
    third.get_by_label("Agenda").select_option("focus_group")
    page.get_by_label("Place each newcomer in the group with the fewest people").check()
    page.get_by_role("button", name="Create the event").click()

    made = page.locator("#made")
    expect(made).to_be_visible()
    expect(made.locator(".made-groups > li")).to_have_count(3)
    expect(made).to_contain_text("/facilitate/")
    # The room's hint says what the link does in this event: it places people.
    expect(made.locator(".made-room .hint")).to_contain_text("placed in the group with the fewest people")
    shoot(page, "event-created")
    # The organiser's own link opens the overview on another device, where nothing is remembered.
    link = made.locator(".made-link", has_text="Organiser's link").get_by_role("link")
    assert "#token=" in link.get_attribute("href")
    laptop = browsers.person("organiser's other laptop", LAPTOP)
    laptop.goto(link.get_attribute("href"))
    expect(laptop.locator(".group-card")).to_have_count(3, timeout=SLOW)
    page.get_by_role("link", name="Organiser's overview").click()
    expect(page.locator(".group-card")).to_have_count(3, timeout=SLOW)
    expect(page.locator(".group-card").first).to_contain_text("Ownership")
    # The organiser opens a group's console without any token: the browser's session is enough.
    with page.context.expect_page() as opened:
        page.locator(".group-card").first.get_by_role("link", name="Console").click()
    console = opened.value
    expect(console.locator("#conn")).to_have_attribute("data-state", "online", timeout=SLOW)


def test_a_participant_picks_a_group_from_the_event_link_and_the_overview_follows(browsers, site):
    made = afternoon(site)
    organiser = browsers.person("organiser", LAPTOP, locale="nl-NL")
    organiser.goto(f"/events/{made['code']}#token={made['facilitator_token']}")
    expect(organiser.locator(".group-card")).to_have_count(4, timeout=SLOW)
    assert "token" not in organiser.url  # taken out of the address bar

    phone = browsers.person("phone", {**PHONE, "bypass_csp": True}, locale="nl-NL")
    phone.goto(f"/e/{made['code']}")
    expect(phone.locator(".group-choice")).to_have_count(4)
    assert no_horizontal_scroll(phone)
    phone.get_by_role("link", name=re.compile("Eigenaarschap")).click()
    phone.wait_for_url(re.compile(f"/join/{made['groups'][1]['code']}$"))
    join(phone, None, "Marieke")

    card = organiser.locator(".group-card", has_text="Eigenaarschap")
    expect(card).to_contain_text("1 deelnemer", timeout=SLOW)
    expect(organiser.locator(".group-card", has_text="Complexiteit")).to_contain_text("0 deelnemers")

    move = "Iedereen naar de plenaire terugkoppeling"
    organiser.get_by_role("button", name=move).click()
    organiser.locator("#dialog").get_by_role("button", name=move).click()
    expect(organiser.locator("#overview-status")).to_contain_text(
        "plenaire terugkoppeling sinds", timeout=SLOW
    )
    # The phone follows its group to the plenary step, which points to the big screen.
    expect(phone.locator("body")).to_contain_text("Kijk naar het grote scherm", timeout=SLOW)
    shoot(organiser, "event-overview-plenary")
    # Back at the room's link, the picker shows the phone which group is theirs.
    phone.goto(f"/e/{made['code']}")
    mine = phone.locator(".group-choice", has_text="Eigenaarschap")
    expect(mine.locator(".group-choice-mine")).to_have_text("Hier doe je mee")
    expect(phone.locator(".group-choice-mine")).to_have_count(1)
    assert axe_findings(phone) == []


def test_the_plenary_display_shows_the_opening_then_the_groups_side_by_side(browsers, site):
    made = afternoon(site)
    module = example()
    for n, (group, (_, _, theme, cards)) in enumerate(
        zip(made["groups"], module.GROUPS, strict=True), start=1
    ):
        for person in module.run_group(site.url, group, made["facilitator_token"], theme, cards, n):
            person.close()
    screen = browsers.person("room", SIZES["wide"], locale="nl-NL")
    screen.goto(f"/events/{made['code']}/plenary#token={made['facilitator_token']}")
    expect(screen.locator(".plenary-slide")).to_contain_text("take-aways", timeout=SLOW)
    screen.get_by_role("button", name="Groepen").click()
    columns = screen.locator(".plenary-group")
    expect(columns).to_have_count(4)
    for (title, _, theme, _), column in zip(module.GROUPS, columns.all(), strict=True):
        expect(column).to_contain_text(title)
        expect(column).to_contain_text(theme)
    fits = screen.evaluate(
        "document.scrollingElement.scrollHeight <= innerHeight"
        " && document.scrollingElement.scrollWidth <= innerWidth"
    )
    assert fits, "the plenary display scrolls at 1920×1080"
    smallest = screen.evaluate("""Math.min(...[...document.querySelectorAll('.plenary-group *')]
        .filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
        .map((el) => parseFloat(getComputedStyle(el).fontSize)))""")
    assert smallest >= 24, f"a text of {smallest}px on the room screen"
    shoot(screen, "event-plenary")

    # Moving to the plenary switches a display that did not choose by hand.
    other = browsers.person("second screen", SIZES["wide"], locale="nl-NL")
    requests.post(
        f"{site.url}/api/events/{made['code']}/plenary",
        headers={"Authorization": f"Bearer {made['facilitator_token']}"},
        timeout=30,
    )
    other.goto(f"/events/{made['code']}/plenary#token={made['facilitator_token']}")
    expect(other.locator(".plenary-group")).to_have_count(4, timeout=SLOW)


def test_the_plenary_display_refuses_without_the_organisers_token(browsers, site):
    made = afternoon(site)
    screen = browsers.person("stranger", SIZES["wide"])
    screen.goto(f"/events/{made['code']}/plenary")
    expect(screen.locator("#plenary-status")).not_to_be_empty(timeout=SLOW)
    expect(screen.locator(".plenary-group")).to_have_count(0)


def test_an_event_made_while_logged_in_is_listed_in_my_workshops(browsers, site):
    import uuid

    from tests.helpers import PASSWORD, add_account

    email = f"organiser-{uuid.uuid4().hex[:8]}@ggd.nl"
    add_account(site.sessions_dir, email)
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": email, "password": PASSWORD}, timeout=30).ok
    made = http.post(f"{site.url}/api/events", json=example().afternoon(), timeout=30).json()
    page = browsers.person("organiser", LAPTOP, locale="nl-NL")
    log_in(page, email, PASSWORD)
    event = page.locator(f'[data-event="{made["code"]}"]')
    expect(event).to_contain_text("4 groepen")
    event.get_by_role("link", name="Overzicht voor de organisator").click()
    expect(page.locator(".group-card")).to_have_count(4, timeout=SLOW)  # by login, without the token
