"""What a careful product shows, measured in Chromium: no word broken mid-word and no cut-off
control text in the console at 1366×768, the add-actor form in view beside the map, the end
screen with what the room agreed (downloads only when they work), built-in strategies in an
English reader's language in a Dutch workshop, and live comments only in the console."""

from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import SIZES, join, settled, shoot
from tests.live_client import LiveClient

pytestmark = [pytest.mark.browser, pytest.mark.live]

# Words split over two lines, and controls whose text is cut off, on the visible page.
BROKEN = "\n".join(line for line in (Path(__file__).parent / "broken_words.js").read_text(encoding="utf-8")
                   .splitlines() if not line.startswith("//"))


def make(site, language="nl", **settings):
    created = requests.post(f"{site.url}/api/workshops", json={
        "title": "Beweegkuur opschalen in de regio", "intervention": "Beweegkuur", "language": language,
        **settings}, timeout=30).json()
    fac = LiveClient(site.url, created["code"], created["facilitator_token"]).connect()
    return created, fac


def test_the_console_keeps_words_whole_at_laptop_size_in_every_phase(site, browsers):
    created, fac = make(site)
    fac.perform("actor:add", {"name": "Gemeentelijke gezondheidsdienst Hollands Midden",
                              "category": "provider"})
    fac.perform("strategy:add", {"title": "Communicatiecampagne voor huisartsenpraktijken",
                                 "category": "dissemination"})
    console = browsers.person("console", SIZES["laptop"], locale="nl-NL")
    console.goto(created["facilitator_url"])
    expect(console.locator("#conn")).to_have_attribute("data-state", "online")
    for phase in ("lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"):
        fac.perform("phase:set", {"phase": phase})
        expect(console.locator(f".phase-{phase}")).to_be_visible()
        assert settled(console, BROKEN, want=[]) == [], phase  # laid out over a few frames
        shoot(console, f"polish-console-{phase}-1366")
        if phase == "actors":  # the form beside the map, not under it
            form_top = console.locator(".actor-side form").bounding_box()["y"]
            assert form_top < 768, form_top
    fac.close()


def test_the_end_screen_shows_what_the_room_agreed_and_downloads_only_when_they_work(site, browsers):
    created, fac = make(site, language="en", participants_can_download=True)
    phone = browsers.person("phone", SIZES["phone"])
    join(phone, f"/join/{created['code']}", "Anna", role="GGD")
    actor = fac.perform("actor:add", {"name": "GGD Hollands Midden", "category": "provider"})["actor"]
    fac.perform("action:add", {"title": "Invite the alderman", "owner_actor_id": actor["id"],
                               "due": "2027-03-01"})
    fac.perform("phase:set", {"phase": "closed"})
    agreed = phone.locator(".closed-actions")
    expect(agreed).to_contain_text("Invite the alderman")
    expect(agreed).to_contain_text("GGD Hollands Midden")
    expect(agreed).to_contain_text("2027")
    expect(phone.locator(".downloads")).to_be_hidden()  # results hidden: a download would be an error
    fac.perform("results:show", {"visible": True})
    link = phone.get_by_role("link", name="Summary (PDF)")
    expect(link).to_be_visible()
    assert phone.request.get(link.get_attribute("href")).status == 200
    with phone.expect_download() as saved:
        link.click()
    assert saved.value.suggested_filename.startswith(f"opschalen-{created['code'].lower()}-")  # one pattern
    shoot(phone, "polish-end-screen-390")
    fac.close()


def test_an_english_participant_in_a_dutch_workshop_reads_built_in_texts_in_english(site, browsers):
    created, fac = make(site, language="nl")
    fac.perform("strategy:add", {"title": "Wethouder uitnodigen", "category": "dissemination"})
    fac.perform("phase:set", {"phase": "strategies"})
    phone = browsers.person("phone", SIZES["phone"], locale="en-GB")
    join(phone, f"/join/{created['code']}?lang=en", "Bram")
    expect(phone.locator(".strategy-title", has_text="Lobby relevant stakeholders")).to_be_visible()
    expect(phone.locator(".strategy-title", has_text="Wethouder uitnodigen")).to_be_visible()
    assert phone.locator(".strategy-title", has_text="Lobby bij relevante partijen").count() == 0
    fac.perform("phase:set", {"phase": "determinants"})
    expect(phone.locator(".det-card h3").first).to_have_text("Dedicated driver")
    fac.close()


def test_comments_show_live_in_the_console_and_never_on_a_phone(site, browsers):
    created, fac = make(site, language="en")
    fac.perform("phase:set", {"phase": "determinants"})
    console = browsers.person("console", SIZES["laptop"])
    console.goto(created["facilitator_url"])
    phone = browsers.person("phone", SIZES["phone"])
    join(phone, f"/join/{created['code']}", "Anna")
    other = browsers.person("other", SIZES["phone"])
    join(other, f"/join/{created['code']}", "Bram")
    card = phone.locator(".det-card").nth(1)
    card.locator("textarea").fill("No structural budget after 2027")
    card.locator(".score", has_text="2").click()
    expect(console.locator(".det-comment", has_text="No structural budget")).to_be_visible()
    other.locator(".det-card").nth(1).locator(".score", has_text="4").click()
    expect(other.locator(".det-card").nth(1).locator(".det-results")).to_be_visible()
    assert other.locator(".det-comment").count() == 0
    fac.close()


def test_console_phone_and_display_have_no_serious_axe_finding_in_any_phase(site, browsers):
    from tests.browser.test_pages import axe_findings

    created, fac = make(site, participants_can_download=True)
    actor = fac.perform("actor:add", {"name": "GGD Hollands Midden", "category": "provider"})["actor"]
    fac.perform("action:add", {"title": "Wethouder uitnodigen", "owner_actor_id": actor["id"]})
    # Without transitions: colour contrast is measured on the settled colours, not mid-fade.
    console = browsers.person("console", {**SIZES["laptop"], "bypass_csp": True, "reduced_motion": "reduce"},
                              locale="nl-NL")
    console.goto(created["facilitator_url"])
    display = console.context.new_page()
    display.goto(f"/display/{created['code']}")
    phone = browsers.person("phone", {**SIZES["phone"], "bypass_csp": True}, locale="nl-NL")
    join(phone, f"/join/{created['code']}", "Anna", role="GGD")
    for phase in ("lobby", "actors", "ownership", "determinants", "strategies", "actions", "closed"):
        fac.perform("phase:set", {"phase": phase})
        for name, page in (("console", console), ("display", display), ("phone", phone)):
            expect(page.locator(f".phase-{phase}")).to_be_visible()
            assert axe_findings(page) == [], f"{name} in {phase}"
            expect(page.locator("h1")).to_have_count(1)
    fac.close()
