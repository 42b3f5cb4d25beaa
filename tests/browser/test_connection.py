"""Connection trouble is visible and honest: a change made while the server is gone is kept,
sent once it is back, and everyone sees it; nobody becomes a new person."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, Browsers, create_workshop, join, shoot
from tests.helpers import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def restartable(tmp_path):
    process = ServerProcess(tmp_path).start()
    yield process
    process.stop()


def offline_phone(people, restartable, title: str):
    """A facilitator and a phone in the actors phase, then the server dies: (console, phone)."""
    console = people.person("facilitator", LAPTOP)
    code = create_workshop(console, title)
    phone = people.person("phone", PHONE)
    join(phone, f"/join/{code}", "Anna")
    console.locator(".step[data-phase=actors]").click()
    expect(phone.locator(".phase-actors")).to_be_visible()
    restartable.kill()
    expect(phone.locator("#conn")).to_have_attribute("data-state", "reconnecting")
    return console, phone


def test_a_change_made_while_the_server_is_down_is_sent_after_reconnecting(chromium, restartable, tmp_path):
    people = Browsers(chromium, restartable.url)
    try:
        console, phone = offline_phone(people, restartable, "Herstart tijdens de sessie")
        phone.get_by_label("Name of the organisation or role").fill("Huisartsenpraktijk")
        phone.get_by_role("button", name="Add to the map").click()
        expect(phone.locator("#conn")).to_contain_text("1 change kept")
        shoot(phone, "connection-offline-phone")

        back = ServerProcess(tmp_path, port=restartable.port).start()
        try:
            expect(phone.locator("#conn")).to_have_attribute("data-state", "online", timeout=60000)
            expect(console.locator("#conn")).to_have_attribute("data-state", "online", timeout=60000)
            for page in (phone, console):
                expect(page.locator(".actor-card", has_text="Huisartsenpraktijk")).to_have_count(1)
            expect(console.locator(".people-list .person")).to_have_count(1)
            expect(console.locator(".people-list .person.online")).to_have_count(1)
        finally:
            back.stop()
    finally:
        people.close()
    assert people.problems == []


def test_a_long_offline_queue_is_sent_at_a_pace_the_server_accepts(chromium, restartable, tmp_path):
    """More changes than the per-participant event burst: none is refused for good or lost."""
    people = Browsers(chromium, restartable.url)
    names = [f"Partij {i:02d}" for i in range(30)]
    try:
        console, phone = offline_phone(people, restartable, "Lang offline")
        for name in names:
            phone.get_by_label("Name of the organisation or role").fill(name)
            phone.get_by_role("button", name="Add to the map").click()
        expect(phone.locator("#conn")).to_contain_text(f"{len(names)} changes kept")

        back = ServerProcess(tmp_path, port=restartable.port).start()
        try:
            expect(console.locator(".actor-card")).to_have_count(len(names), timeout=60000)
            expect(phone.locator(".actor-card")).to_have_count(len(names))
            expect(phone.locator("#conn")).to_have_attribute("data-state", "online")
        finally:
            back.stop()
    finally:
        people.close()
    assert people.problems == []


def test_a_broadcast_the_phone_missed_is_repaired_through_sync(browsers):
    console = browsers.person("facilitator", LAPTOP)
    code = create_workshop(console, "Gemiste berichten")
    phone = browsers.person("phone", PHONE)
    dropped = []

    def relay(ws):
        """Between the phone and the server: loses the first `actor.added` broadcast."""
        server = ws.connect_to_server()

        def from_server(message):
            if isinstance(message, str) and '"actor.added"' in message and not dropped:
                dropped.append(message)
                return
            ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    phone.route_web_socket(re.compile(r"/socket\.io/"), relay)
    join(phone, f"/join/{code}", "Anna")
    console.locator(".step[data-phase=actors]").click()
    expect(phone.locator(".phase-actors")).to_be_visible()
    for name in ("Gemeente", "Zorgverzekeraar"):
        console.get_by_label("Name of the organisation or role").fill(name)
        console.get_by_role("button", name="Add to the map").click()
    expect(phone.locator(".actor-card", has_text="Zorgverzekeraar")).to_be_visible()
    expect(phone.locator(".actor-card", has_text="Gemeente")).to_be_visible()
    assert len(dropped) == 1 and "Gemeente" in dropped[0]
