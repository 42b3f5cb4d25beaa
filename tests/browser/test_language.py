"""Dutch by default for a Dutch workshop, English one tap away, remembered on the device;
and a long Dutch text still fits a 360 px phone in every phase."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, create_workshop, join, move_room, no_horizontal_scroll, shoot

pytestmark = [pytest.mark.browser, pytest.mark.live]

PHASES_NL = {"actors": "Actoren", "ownership": "Eigenaarschap", "determinants": "Determinanten",
             "strategies": "Strategieën", "actions": "Vervolgacties", "closed": "Afgesloten"}


def test_a_dutch_workshop_speaks_dutch_and_a_participant_can_switch_to_english(browsers):
    console = browsers.person("facilitator", LAPTOP, locale="nl-NL")
    code = create_workshop(console, "Beweegkuur opschalen in de regio Hollands Midden", language="nl")
    expect(console.locator(".phase-step")).to_be_hidden()  # the lobby is no step of the work
    expect(console.get_by_role("button", name="Resultaten aan iedereen tonen")).to_be_visible()

    phone = browsers.person("telefoon", PHONE, locale="nl-NL")
    phone.goto(f"/join/{code}")
    expect(phone.locator(".join-card h2")).to_have_text("Doe mee aan de sessie")
    join(phone, None, "Marieke van den Berg-Schoonhoven", role="Programmamanager")
    expect(phone.locator(".phase-step")).to_be_hidden()
    assert no_horizontal_scroll(phone)
    shoot(phone, "nl-1-lobby-phone")

    for phase, label in PHASES_NL.items():
        console.locator(f".step[data-phase={phase}]").click()
        if phase == "closed":
            console.get_by_role("button", name="Sessie sluiten").click()
        expect(phone.locator(".phase-title")).to_have_text(label)
        if phase == "actors":
            phone.get_by_label("Naam van de organisatie of rol").fill("Zorgverzekeraar Zuid-Holland Noord")
            phone.get_by_role("button", name="Op de kaart zetten").click()
            expect(console.locator(".actor-card", has_text="Zorgverzekeraar")).to_be_visible()
        assert no_horizontal_scroll(phone), f"the 360 px layout scrolls sideways in {phase}"
        shoot(phone, f"nl-{list(PHASES_NL).index(phase) + 2}-{phase}-phone")
    shoot(console, "nl-7-closed-console")

    # Switching language is one tap, applies at once and is remembered after a reload.
    move_room(console, console.locator(".step[data-phase=strategies]"), "strategies")
    expect(phone.locator(".phase-title")).to_have_text("Strategieën")
    phone.get_by_role("link", name="EN").click()
    expect(phone.locator(".phase-title")).to_have_text("Strategies")
    expect(phone.locator(".votes-left")).to_contain_text("5 of 5 votes left")
    phone.reload()
    expect(phone.locator(".phase-step")).to_have_text("Phase 4 of 5")
    expect(phone.locator(".strategy-group h3").first).to_have_text("Dissemination and advocacy")
    expect(console.locator(".phase-title")).to_have_text("Strategieën")
    assert re.search(r"/join/[A-Z0-9]{8}$", phone.url)
