"""Every page in headless Chromium: no serious or critical axe-core finding, exactly one h1,
the favicon and app icons answer, and no request of the page fails (no 404 in its console)."""

import time
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, join, log_in
from tests.helpers import PASSWORD, ROOT, add_account

pytestmark = [pytest.mark.browser, pytest.mark.live]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_findings(page, seconds: float = 10.0) -> list[str]:
    """Serious and critical axe-core violations on the page once its scripts have drawn it: axe
    runs again while it finds some, for up to `seconds` (a loaded machine draws over many frames)."""
    page.add_script_tag(path=str(AXE))
    deadline = time.monotonic() + seconds
    while True:
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                 for v in result["violations"] if v["impact"] in ("serious", "critical")]
        if not found or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(250)


@pytest.fixture(scope="module")
def setup(site):
    """An admin account that owns a closed-free workshop with one participant."""
    email = f"beheer-{uuid.uuid4().hex[:8]}@ggd.nl"
    add_account(site.sessions_dir, email, admin=True)
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": email, "password": PASSWORD}, timeout=30).ok
    body = {"title": "Beweegkuur regio", "intervention": "Beweegkuur", "description": "In de regio."}
    created = http.post(f"{site.url}/api/workshops", json=body, timeout=30).json()
    return {"email": email, "created": created}


def visit(page, path: str, failures: list[str]) -> None:
    page.on("response", lambda r: r.status >= 400 and failures.append(f"{r.status} {r.url}"))
    page.goto(path)


PAGES = ["landing", "join", "participant", "console", "display", "overview", "login", "mine", "admin",
         "timeline"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_is_accessible_with_one_h1_and_its_icons(site, browsers, setup, name):
    # axe-core is injected as a script: the test's browser lets it past the page's CSP.
    page = browsers.person(name, {**LAPTOP, "bypass_csp": True}, locale="nl-NL")
    failures: list[str] = []
    code = setup["created"]["code"]
    if name in ("mine", "admin", "timeline"):
        log_in(page, setup["email"], PASSWORD, next_path="/mine")
    path = {"landing": "/", "join": f"/join/{code}", "participant": f"/join/{code}",
            "console": setup["created"]["facilitator_url"], "display": f"/display/{code}",
            "overview": "/workshops", "login": "/login", "mine": "/mine", "admin": "/admin",
            "timeline": f"/timeline/{code}"}[name]
    if name == "display":  # the room display opens from the console, on the facilitator's device
        page.goto(setup["created"]["facilitator_url"])
        expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    visit(page, path, failures)
    if name == "participant":
        join(page, None, "Anna", role="GGD")
    if name in ("console", "display"):
        expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    page.wait_for_load_state("load")
    expect(page.locator("h1")).to_have_count(1)  # once the page's own scripts have drawn it
    assert axe_findings(page) == []
    assert failures == []
    for icon in ("/favicon.ico", "/apple-touch-icon.png", "/static/icons/icon.svg", "/manifest.webmanifest"):
        assert page.request.get(icon).status == 200, icon
