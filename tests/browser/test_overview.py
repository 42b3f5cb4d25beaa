"""The facilitator's overview page in headless Chromium against a real server: import a facilitator
link, see the workshop's status, download its summary, start a follow-up in one click, edit the
scaling goals and read results per stakeholder group."""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture
def page(browsers, site):
    """The facilitator's laptop, in Dutch; any failed request of the page fails the test."""
    page = browsers.person("facilitator", LAPTOP, locale="nl-NL")
    page.set_default_timeout(30_000)
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.failed = failed
    yield page
    assert failed == []


def create(site, **fields) -> dict:
    response = requests.post(f"{site.url}/api/workshops", json={
        "title": "Beweegkuur opschalen", "intervention": "Beweegkuur", **fields}, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


def test_import_a_link_download_the_summary_and_start_a_follow_up(site, page, tmp_path):
    created = create(site)
    for name in ("Anna", "Bram"):
        requests.post(f"{site.url}/api/workshops/{created['code']}/participants", json={"name": name},
                      timeout=30)

    page.goto("/workshops?lang=nl")
    page.get_by_text("Nog geen werksessies op dit apparaat").wait_for()
    page.get_by_role("textbox", name="Gespreksleiderslink").fill(created["facilitator_url"])
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    card = page.locator(f"article.overview-card[data-code='{created['code']}']")
    card.get_by_text("2 deelnemers").wait_for()
    assert "Beweegkuur opschalen" in card.inner_text()
    assert "Lobby" in card.inner_text()

    with page.expect_download() as download:
        card.get_by_role("button", name="Verslag PDF").click()
    target = tmp_path / "summary.pdf"
    download.value.save_as(target)
    assert re.fullmatch(rf"opschalen-{created['code'].lower()}-beweegkuur-opschalen-\d{{4}}-\d\d-\d\d\.pdf",
                        download.value.suggested_filename)
    assert target.read_bytes().startswith(b"%PDF")

    card.get_by_role("button", name="Vervolgsessie starten").click()
    page.get_by_label("Titel van de vervolgsessie").fill("Beweegkuur, een jaar later")
    page.get_by_role("button", name="Vervolgsessie aanmaken").click()
    page.wait_for_url("**/facilitate/*")
    follow_code = page.url.rsplit("/", 1)[1].split("#")[0]
    assert follow_code != created["code"]

    page.goto("/workshops?lang=nl")
    follow_card = page.locator(f"article.overview-card[data-code='{follow_code}']")
    follow_card.get_by_text(f"Vervolgsessie van {created['code'][:4]}-{created['code'][4:]}").wait_for()
    codes = page.locator("article.overview-card").evaluate_all("cards => cards.map(c => c.dataset.code)")
    assert codes == [follow_code, created["code"]]


def test_a_participant_link_is_not_imported(site, page):
    created = create(site)
    joined = requests.post(f"{site.url}/api/workshops/{created['code']}/participants",
                           json={"name": "Anna"}, timeout=30).json()
    page.goto("/workshops?lang=nl")
    link = page.get_by_role("textbox", name="Gespreksleiderslink")
    link.fill(f"{site.url}/facilitate/{created['code']}#token={joined['token']}")
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    page.get_by_text("Deze link is van een deelnemer, niet van de gespreksleider.").wait_for()
    page.get_by_role("textbox", name="Gespreksleiderslink").fill("https://example.org/join/ABCDEFGH")
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    page.get_by_text("Dit is geen gespreksleiderslink.", exact=False).wait_for()
    assert page.locator("article.overview-card").count() == 0


def test_the_facilitator_edits_scaling_goals_and_reads_results_per_group(site, page):
    created = create(site)
    for i in range(3):
        requests.post(f"{site.url}/api/workshops/{created['code']}/participants",
                      json={"name": f"Deelnemer {i}", "group": "provider"}, timeout=30)
    page.goto("/workshops?lang=nl")
    page.get_by_role("textbox", name="Gespreksleiderslink").fill(created["facilitator_url"])
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    card = page.locator(f"article.overview-card[data-code='{created['code']}']")
    card.get_by_text("3 deelnemers").wait_for()

    card.get_by_role("button", name="Opschaaldoelen").click()
    page.locator("#goal-locations-now").fill("12")
    page.locator("#goal-locations-goal").fill("40")
    page.locator("#goal-level-now").select_option("regional")
    page.locator("#goal-level-goal").select_option("national")
    page.locator("#goal-note").fill("Landelijk binnen vijf jaar")
    page.get_by_role("button", name="Doelen opslaan").click()
    card.get_by_text("Locaties 12 → 40 · Niveau Regionaal → Landelijk").wait_for()
    bearer = {"Authorization": f"Bearer {created['facilitator_token']}"}
    state = requests.get(f"{site.url}/api/workshops/{created['code']}", headers=bearer, timeout=30).json()
    goals = state["workshop"]["goals"]
    assert goals["locations"] == {"now": 12, "goal": 40}
    assert goals["level"] == {"now": "regional", "goal": "national"}
    assert goals["note"] == "Landelijk binnen vijf jaar"

    card.get_by_role("button", name="Resultaten per groep").click()
    page.get_by_role("heading", name="Uitvoerder · 3 deelnemers").wait_for()
    page.get_by_role("button", name="Sluiten").click()


def test_the_start_page_leads_a_returning_facilitator_to_the_overview(site, page):
    created = create(site)
    page.goto("/workshops?lang=nl")
    page.get_by_role("textbox", name="Gespreksleiderslink").fill(created["facilitator_url"])
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    page.locator(f"article.overview-card[data-code='{created['code']}']").get_by_text("deelnemers").wait_for()
    page.goto("/?lang=nl")
    page.get_by_role("link", name="Al je werksessies, met verslagen en vervolgsessies").click()
    page.wait_for_url("**/workshops")
    page.locator(f"article.overview-card[data-code='{created['code']}']").wait_for()


def test_the_console_edits_scaling_goals_live_and_shows_results_per_group(site, page):
    created = create(site, language="en")
    for i in range(3):
        requests.post(f"{site.url}/api/workshops/{created['code']}/participants",
                      json={"name": f"Participant {i}", "group": "funder"}, timeout=30)
    page.goto(created["facilitator_url"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    summary = page.locator(".console-side")
    summary.get_by_role("button", name="Scaling goals").click()
    page.locator("#goal-providers-now").fill("3")
    page.locator("#goal-providers-goal").fill("9")
    page.get_by_role("button", name="Save goals").click()
    summary.get_by_text("Providers 3 → 9").wait_for()

    summary.get_by_role("button", name="Results per group").click()
    page.get_by_role("heading", name="Funder · 3 participants").wait_for()
