"""The facilitator's overview page in headless Chromium against a real server: import a facilitator
link, see the workshop's status, download its summary and start a follow-up in one click."""

import os
import shutil

import pytest
import requests

pytestmark = [pytest.mark.browser, pytest.mark.live]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(server):
    if not CHROMIUM:
        if os.environ.get("REQUIRE_CHROMIUM"):
            pytest.fail("Chromium is required (REQUIRE_CHROMIUM=1) but not installed")
        pytest.skip("needs Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15_000)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        # Failed requests are caught by URL below; the browser's own favicon request is not the page's.
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.base = server.url
        page.errors = errors
        yield page
        browser.close()


def create(server, **fields) -> dict:
    response = requests.post(f"{server.url}/api/workshops", json={
        "title": "Beweegkuur opschalen", "intervention": "Beweegkuur", **fields}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()


def test_import_a_link_download_the_summary_and_start_a_follow_up(server, page, tmp_path):
    created = create(server)
    for name in ("Anna", "Bram"):
        requests.post(f"{server.url}/api/workshops/{created['code']}/participants", json={"name": name},
                      timeout=10)

    page.goto(f"{page.base}/workshops")
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
    assert download.value.suggested_filename == f"summary-{created['code']}.pdf"
    assert target.read_bytes().startswith(b"%PDF")

    card.get_by_role("button", name="Vervolgsessie starten").click()
    page.get_by_label("Titel van de vervolgsessie").fill("Beweegkuur, een jaar later")
    page.get_by_role("button", name="Vervolgsessie aanmaken").click()
    page.wait_for_url(f"{page.base}/facilitate/*")
    follow_code = page.url.rsplit("/", 1)[1].split("#")[0]
    assert follow_code != created["code"]

    page.goto(f"{page.base}/workshops")
    follow_card = page.locator(f"article.overview-card[data-code='{follow_code}']")
    follow_card.get_by_text(f"Vervolgsessie van {created['code'][:4]}-{created['code'][4:]}").wait_for()
    codes = page.locator("article.overview-card").evaluate_all("cards => cards.map(c => c.dataset.code)")
    assert codes == [follow_code, created["code"]]
    assert page.errors == []


def test_a_participant_link_is_not_imported(server, page):
    created = create(server)
    joined = requests.post(f"{server.url}/api/workshops/{created['code']}/participants",
                           json={"name": "Anna"}, timeout=10).json()
    page.goto(f"{page.base}/workshops")
    link = page.get_by_role("textbox", name="Gespreksleiderslink")
    link.fill(f"{server.url}/facilitate/{created['code']}#token={joined['token']}")
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    page.get_by_text("Deze link is van een deelnemer, niet van de gespreksleider.").wait_for()
    page.get_by_role("textbox", name="Gespreksleiderslink").fill("https://example.org/join/ABCDEFGH")
    page.get_by_role("button", name="Toevoegen aan mijn werksessies").click()
    page.get_by_text("Dit is geen gespreksleiderslink.", exact=False).wait_for()
    assert page.locator("article.overview-card").count() == 0


def test_the_facilitator_edits_scaling_goals_and_reads_results_per_group(server, page):
    created = create(server)
    for i in range(3):
        requests.post(f"{server.url}/api/workshops/{created['code']}/participants",
                      json={"name": f"Deelnemer {i}", "group": "provider"}, timeout=10)
    page.goto(f"{page.base}/workshops")
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
    state = requests.get(f"{server.url}/api/workshops/{created['code']}", headers=bearer, timeout=10).json()
    goals = state["workshop"]["goals"]
    assert goals["locations"] == {"now": 12, "goal": 40}
    assert goals["level"] == {"now": "regional", "goal": "national"}
    assert goals["note"] == "Landelijk binnen vijf jaar"

    card.get_by_role("button", name="Resultaten per groep").click()
    page.get_by_role("heading", name="Uitvoerder · 3 deelnemers").wait_for()
    page.get_by_role("button", name="Sluiten").click()
    assert page.errors == []
