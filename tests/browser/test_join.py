"""Joining from a phone: a participant may hide their name and role from the others."""

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, create_workshop, join

pytestmark = [pytest.mark.browser, pytest.mark.live]


def test_a_participant_who_hides_their_name_is_named_only_to_the_facilitator(browsers, site):
    console = browsers.person("facilitator", LAPTOP)
    code = create_workshop(console, "Beweegkuur opschalen")
    phone = browsers.person("phone", PHONE)
    phone.goto(f"/join/{code}")
    phone.get_by_label("Hide my name and role from the other participants").check()
    join(phone, None, "Marieke", role="Wethouder")

    expect(console.locator(".people-list")).to_contain_text("Marieke")
    other = requests.post(f"{site.url}/api/workshops/{code}/participants", json={"name": "Bram"}).json()
    seen = requests.get(f"{site.url}/api/workshops/{code}",
                        headers={"Authorization": f"Bearer {other['token']}"}).json()["participants"]
    hidden = [p for p in seen if p["name"] != "Bram"]
    assert [(p["name"], p["role"]) for p in hidden] == [(None, None)]
