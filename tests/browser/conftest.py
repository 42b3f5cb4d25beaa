"""Browser fixtures: headless Chromium through Playwright, against the real server process.

Without /usr/bin/chromium these tests skip with the reason, unless REQUIRE_CHROMIUM is set
(CI), where a missing browser is a failure.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import ROOT, ServerProcess

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 860}}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists() or os.environ.get("REQUIRE_CHROMIUM"):
        return
    skip = pytest.mark.skip(reason=f"needs Chromium at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"REQUIRE_CHROMIUM is set but {CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One real server for a module's stories (each story makes its own workshop)."""
    process = ServerProcess(tmp_path_factory.mktemp("browser")).start()
    yield process
    process.stop()


class Browsers:
    """Separate browser contexts (separate people); fails the test on a script error or alert."""

    def __init__(self, chromium, base_url: str):
        self.chromium, self.base_url = chromium, base_url
        self.contexts, self.problems = [], []

    def person(self, label: str, device: dict, locale: str = "en-GB"):
        context = self.chromium.new_context(base_url=self.base_url, locale=locale, **device)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.problems.append(f"{label}: {error}"))
        page.on("dialog", lambda dialog: (self.problems.append(f"{label}: dialog {dialog.message}"),
                                          dialog.dismiss()))
        return page

    def close(self):
        for context in self.contexts:
            context.close()


@pytest.fixture
def browsers(chromium, site):
    people = Browsers(chromium, site.url)
    yield people
    people.close()
    assert people.problems == []


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def create_workshop(page, title: str, language: str = "en") -> str:
    """Through the landing page; returns the join code from the console's address."""
    page.goto(f"/?lang={language}")
    page.locator("#create-title").fill(title)
    page.locator("#create-intervention").fill("Beweegkuur")
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("#create-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    return page.url.rsplit("/", 1)[1]


def join(page, path: str | None, name: str, role: str = "") -> None:
    if path:
        page.goto(path)
    page.locator("#join-name").fill(name)
    if role:
        page.locator("#join-role").fill(role)
    page.locator(".join-card button[type=submit]").click()
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
