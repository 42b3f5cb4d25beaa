"""Helpers of the browser stories: devices, separate people, screenshots, creating and joining."""

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.helpers import ROOT

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}
LAPTOP = {"viewport": {"width": 1366, "height": 860}}
# The sizes every page is looked at in: a phone, a laptop, a wide screen.
SIZES = {"phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
         "laptop": {"viewport": {"width": 1366, "height": 768}},
         "wide": {"viewport": {"width": 1920, "height": 1080}}}


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


def settled(page, script: str, arg=None, want=True, seconds: float = 30.0):
    """What `script` evaluates to once it is `want`, or its last value after `seconds`: the page's
    scripts lay out labels and panels over a few frames, on a busy machine over many."""
    deadline = time.monotonic() + seconds
    while (value := page.evaluate(script, arg)) != want and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return value


def still(page, script: str, arg=None, seconds: float = 30.0):
    """What `script` evaluates to once two evaluations 100 ms apart agree (the page's panels have
    stopped moving), or its last value after `seconds`."""
    deadline = time.monotonic() + seconds
    value = page.evaluate(script, arg)
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        value, before = page.evaluate(script, arg), value
        if value == before:
            break
    return value


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


def log_in(page, email: str, password: str, next_path: str = "/mine") -> None:
    """Through the login page, on to `next_path`."""
    page.goto(f"/login?next={next_path}")
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url and url.endswith(next_path))


def move_room(console, step, kind: str) -> None:
    """Click a step in the console's agenda; if the console asks first (going back more than
    one step, or leaving votes or scores that are not all in), say yes."""
    step.click()
    asked = console.locator("#dialog[open]")
    expect(console.locator(f".phase-{kind}:visible").or_(asked)).to_be_visible()
    if asked.is_visible():
        asked.locator(".dialog-actions .btn-primary").click()


def place(card):
    """An actor card's description: where it stands on the map and how to move it."""
    return card.locator("[id^='actor-place-']")
