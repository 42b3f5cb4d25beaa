"""The intervention's timeline page in headless Chromium: three workshops of one intervention, a year
apart, side by side — the determinant means as a line chart with a table of the same figures, gaps
closed, stages, goals and actions across the workshops; only for the workshop's facilitators."""

import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, SIZES, log_in, no_horizontal_scroll, shoot
from tests.chain import backdate, build_chain
from tests.helpers import PASSWORD, add_account

pytestmark = [pytest.mark.browser, pytest.mark.live]


@pytest.fixture(scope="module")
def chain(site):
    email = f"anna-{uuid.uuid4().hex[:8]}@ggd.nl"
    add_account(site.sessions_dir, email)
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": email, "password": PASSWORD}, timeout=30).ok
    made = build_chain(site.url, http)
    backdate(site.sessions_dir, [m["code"] for m in made], [2, 1, 0])
    return {"email": email, "codes": [m["code"] for m in made]}


def test_three_workshops_side_by_side(site, browsers, chain):
    page = browsers.person("anna", LAPTOP, locale="nl-NL")
    page.goto("/login?lang=nl")
    log_in(page, chain["email"], PASSWORD)
    page.locator(f"article[data-code='{chain['codes'][0]}']").get_by_role("link", name="Tijdlijn").click()
    expect(page.get_by_role("heading", name="Beweegkuur", exact=True)).to_be_visible()
    expect(page.locator("#timeline-count")).to_contain_text("3 werksessies")
    expect(page.locator(".workshop-strip li")).to_have_count(3)

    chart = page.get_by_role("img", name="Lijngrafiek", exact=False)
    expect(chart).to_be_visible()
    expect(chart.locator("g[data-key]")).to_have_count(5)
    expect(chart.locator("g[data-key='driver'] circle")).to_have_count(3)
    expect(chart.locator("text.end-label")).to_have_count(5)

    figures = page.get_by_role("table", name="Determinanten door de tijd")
    page.get_by_role("button", name="Als tabel tonen").click()
    expect(figures).to_be_visible()
    driver = figures.get_by_role("row", name="Toegewijde aanjager", exact=False)
    expect(driver.get_by_role("cell")).to_have_text(["3,7", "4,3", "4,7"])
    expect(page.get_by_role("button", name="Tabel verbergen")).to_have_attribute("aria-expanded", "true")

    ownership = page.get_by_role("table", name="Eigenaarschap door de tijd")
    supply = ownership.get_by_role("row", name="Opschaling van het aanbod", exact=False).get_by_role("cell")
    expect(supply.nth(0)).to_contain_text("leemte: geen verantwoordelijke")
    expect(supply.nth(1)).to_contain_text("geregeld")
    expect(supply.nth(1)).to_contain_text("leemte gedicht")

    stages = page.get_by_role("table", name="Fases per gebied")
    expect(stages.get_by_role("row", name="De interventie zelf", exact=False).get_by_role("cell")) \
        .to_have_text(["Kunnen", "Doen", "Blijven doen"])
    goals = page.get_by_role("table", name="Doelen: bereik, kwaliteit en inbedding")
    expect(goals.get_by_role("row", name="Locaties", exact=False).get_by_role("cell")) \
        .to_have_text(["4 → 12", "9 → 15", "16 → 25"])
    actions = page.get_by_role("table", name="Acties door de werksessies heen")
    trainers = actions.get_by_role("row", name="Trainers opleiden in de regio", exact=False)
    expect(trainers.get_by_role("cell")).to_have_text(["Open", "Bezig", "Klaar"])
    expect(actions.get_by_role("row", name="Aansluiten bij het e-healthplatform", exact=False)
           .get_by_role("cell").first).to_have_text("—")

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name="Determinants over time")).to_be_visible()
    expect(page.get_by_role("img", name="Line chart", exact=False)).to_be_visible()

    for name, device in SIZES.items():
        other = browsers.person(f"anna-{name}", device, locale="nl-NL")
        other.goto("/login?lang=nl")
        log_in(other, chain["email"], PASSWORD)
        other.goto(f"/timeline/{chain['codes'][-1]}")
        expect(other.locator(".line-chart")).to_be_visible()
        assert no_horizontal_scroll(other), name
        shoot(other, f"timeline-{name}")


def test_someone_who_does_not_run_it_sees_no_figures(site, browsers, chain):
    page = browsers.person("stranger", LAPTOP, locale="nl-NL")
    failed = []
    page.on("response", lambda r: failed.append(r.status) if "/api/" in r.url and r.status >= 400 else None)
    page.goto(f"/timeline/{chain['codes'][1]}?lang=nl")
    expect(page.locator("#timeline-status")).to_contain_text("Alleen de gespreksleiders van deze werksessie")
    expect(page.get_by_role("link", name="Inloggen").last).to_be_visible()
    expect(page.locator(".line-chart")).to_have_count(0)
    assert failed == [401]
