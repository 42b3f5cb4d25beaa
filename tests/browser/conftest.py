"""Browser fixtures: headless Chromium through Playwright, against the real server process.

Without /usr/bin/chromium these tests skip with the reason, unless REQUIRE_CHROMIUM is set
(CI), where a missing browser is a failure. The helpers are in `tests/browser/helpers.py`.
"""

import os

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CHROMIUM, FLAGS, Browsers
from tests.helpers import ServerProcess

# How long an `expect` waits for the page to come round (Playwright's default is 5 s): a busy
# machine renders and delivers slowly; one that comes round returns at once.
expect.set_options(timeout=30_000)


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


@pytest.fixture
def browsers(chromium, site):
    people = Browsers(chromium, site.url)
    yield people
    people.close()
    assert people.problems == []
