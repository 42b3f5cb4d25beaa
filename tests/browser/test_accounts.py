"""Facilitator accounts in headless Chromium against a real server: logging in and out in both
languages, "my workshops" (search, groups, downloads, follow-up by login), sharing with a colleague
who then runs the console at the same time, the admin page, and claiming this device's workshops."""

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, SIZES, log_in, no_horizontal_scroll, shoot
from tests.helpers import PASSWORD, add_account

pytestmark = [pytest.mark.browser, pytest.mark.live]


def new_email(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@ggd.nl"


def api_login(site, email: str) -> requests.Session:
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": email, "password": PASSWORD}, timeout=30).ok
    return http


def test_log_in_find_my_workshops_and_start_a_follow_up(site, browsers):
    anna = new_email("anna")
    add_account(site.sessions_dir, anna)
    http = api_login(site, anna)
    for title, intervention in (("Beweegkuur 2025", "Beweegkuur"), ("Samen in de wijk", "Welzijn op recept"),
                                ("Beweegkuur 2026", "Beweegkuur")):
        body = {"title": title, "intervention": intervention}
        http.post(f"{site.url}/api/workshops", json=body, timeout=30)

    page = browsers.person("anna", LAPTOP, locale="nl-NL")
    page.goto("/mine?lang=nl")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.locator("#login-email").fill(anna)
    page.locator("#login-password").fill("niet mijn wachtwoord")
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.locator("#login-error")).to_have_text("Het e-mailadres of het wachtwoord klopt niet.")
    expect(page.locator("#login-password")).to_be_focused()
    page.locator("#login-password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen", exact=True).click()
    page.wait_for_url("**/mine?lang=nl")

    groups = page.locator(".intervention-group")
    expect(groups).to_have_count(2)
    expect(groups.first.locator("h2")).to_have_text("Beweegkuur")
    expect(groups.first.locator("article")).to_have_count(2)
    page.get_by_placeholder("Zoek op titel of interventie").fill("recept")
    expect(page.locator("article.workshop-card")).to_have_count(1)
    expect(page.locator("#mine-count")).to_have_text("1 werksessie")
    page.get_by_placeholder("Zoek op titel of interventie").fill("geen enkele")
    expect(page.locator("#mine-status")).to_contain_text("Geen werksessie past bij")
    page.get_by_placeholder("Zoek op titel of interventie").fill("")

    card = page.locator("article.workshop-card", has_text="Beweegkuur 2026")
    href = card.get_by_role("link", name="Verslag PDF: Beweegkuur 2026").get_attribute("href")
    assert page.request.get(href).body().startswith(b"%PDF")  # downloaded by login, no token
    card.get_by_role("button", name="Vervolgsessie starten").click()
    page.get_by_label("Titel van de vervolgsessie").fill("Beweegkuur 2027")
    page.get_by_role("button", name="Vervolgsessie aanmaken").click()
    page.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(page.locator(".console-nav")).to_be_visible()  # the console, as facilitator, by login

    page.goto("/mine")
    expect(page.locator("article.workshop-card").first).to_contain_text("Beweegkuur 2027")
    expect(page.locator("article.workshop-card").first).to_contain_text("Vervolgsessie van")
    for name, device in SIZES.items():
        other = browsers.person(f"anna-{name}", device, locale="nl-NL")
        log_in(other, anna, PASSWORD)
        expect(other.locator("article.workshop-card")).to_have_count(4)
        assert no_horizontal_scroll(other), name
        shoot(other, f"accounts-mine-{name}")


def test_logging_out_in_english_ends_the_login(site, browsers):
    bram = new_email("bram")
    add_account(site.sessions_dir, bram)
    page = browsers.person("bram", LAPTOP, locale="en-GB")
    page.goto("/login?lang=en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in(page, bram, PASSWORD)
    page.get_by_role("link", name="Log out").click()
    expect(page.get_by_text(f"You are logged in as {bram}")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You are logged out")).to_be_visible()
    page.get_by_role("link", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Je bent uitgelogd")).to_be_visible()
    page.goto("/mine")
    page.wait_for_url(re.compile(r"/login\?next="))
    for name, device in SIZES.items():
        other = browsers.person(f"login-{name}", device, locale="nl-NL")
        other.goto("/login?lang=nl")
        assert no_horizontal_scroll(other), name
        shoot(other, f"accounts-login-{name}")


def test_share_with_a_colleague_and_run_the_console_together(site, browsers):
    anna, bram = new_email("anna"), new_email("bram")
    add_account(site.sessions_dir, anna)
    add_account(site.sessions_dir, bram)
    body = {"title": "Samen leiden", "intervention": "Beweegkuur"}
    code = api_login(site, anna).post(f"{site.url}/api/workshops", json=body, timeout=30).json()["code"]
    owner = browsers.person("anna", LAPTOP, locale="nl-NL")
    log_in(owner, anna, PASSWORD)
    owner.locator(f"article[data-code='{code}']").get_by_role("button", name="Delen").click()
    field = owner.get_by_label("E-mailadres van je collega")
    field.fill("niemand@ggd.nl")
    field.press("Enter")
    expect(owner.locator("#share-error")).to_have_text(
        "Er is geen account met dit e-mailadres. Vraag je beheerder er een te maken.")
    field.fill(anna)
    owner.locator("#dialog").get_by_role("button", name="Delen", exact=True).click()
    expect(owner.locator("#share-error")).to_contain_text("je eigen account")
    field.fill(bram.upper())
    owner.locator("#dialog").get_by_role("button", name="Delen", exact=True).click()
    expect(owner.locator(f".people-shared li[data-email='{bram}']")).to_be_visible()
    expect(owner.get_by_role("button", name=f"{bram} van deze werksessie halen")).to_be_visible()
    shoot(owner, "accounts-share-dialog")
    owner.get_by_role("button", name="Klaar").click()

    colleague = browsers.person("bram", LAPTOP, locale="nl-NL")
    log_in(colleague, bram, PASSWORD)
    card = colleague.locator(f"article[data-code='{code}']")
    expect(card.get_by_text("Met je gedeeld")).to_be_visible()
    card.get_by_role("link", name="Open console").click()
    expect(colleague.locator("#conn")).to_have_attribute("data-state", "online")
    owner.goto(f"/facilitate/{code}")
    expect(owner.locator("#conn")).to_have_attribute("data-state", "online")
    expect(owner.get_by_role("heading", name="Collega's")).to_be_visible()
    owner.get_by_role("button", name="Volgende: Actoren").click()
    expect(colleague.locator(".phase-title")).to_have_text("Actoren")
    colleague.get_by_role("button", name="Volgende: Eigenaarschap").click()
    expect(owner.locator(".phase-title")).to_have_text("Eigenaarschap")
    shoot(owner, "accounts-console-colleagues")


def test_the_admin_adds_and_disables_a_facilitator(site, browsers):
    admin, carla = new_email("beheer"), new_email("carla")
    add_account(site.sessions_dir, admin, admin=True)
    page = browsers.person("admin", LAPTOP, locale="en-GB")
    page.goto("/login?lang=en")  # the language is remembered in this browser
    log_in(page, admin, PASSWORD, next_path="/admin")
    page.get_by_label("Email address").fill(carla)
    page.get_by_label("Name (optional)").fill("Carla")
    page.get_by_role("button", name="Make a password").click()
    password = page.get_by_label("First password").input_value()
    assert len(password) >= 10
    page.get_by_role("button", name="Add account").click()
    row = page.locator(f"tr[data-email='{carla}']")
    expect(row).to_contain_text("Facilitator")
    assert requests.post(f"{site.url}/api/login", json={"email": carla, "password": password}, timeout=30).ok
    page.get_by_label("Email address").fill(carla)
    page.get_by_label("First password").fill("nog een lang wachtwoord")
    page.get_by_role("button", name="Add account").click()
    expect(page.locator("#add-error")).to_have_text("An account with this email address already exists.")
    row.get_by_role("button", name=f"Disable: {carla}").click()
    page.locator("#dialog").get_by_role("button", name="Disable").click()
    expect(row).to_contain_text("Disabled")
    refused = requests.post(f"{site.url}/api/login", json={"email": carla, "password": password}, timeout=30)
    assert refused.status_code == 403
    for name, device in SIZES.items():
        other = browsers.person(f"admin-{name}", device, locale="nl-NL")
        log_in(other, admin, PASSWORD, next_path="/admin")
        expect(other.locator(f"tr[data-email='{carla}']")).to_contain_text("Uitgeschakeld")
        assert no_horizontal_scroll(other), name
        shoot(other, f"accounts-admin-{name}")


def test_claim_the_workshops_this_browser_knows(site, browsers):
    dora = new_email("dora")
    add_account(site.sessions_dir, dora)
    page = browsers.person("dora", LAPTOP, locale="nl-NL")
    page.goto("/?lang=nl")
    page.locator("#create-title").fill("Zonder account gemaakt")
    page.locator("#create-intervention").fill("Beweegkuur")
    page.locator("#create-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    code = page.url.rsplit("/", 1)[1]
    expect(page.get_by_text("Inloggen", exact=True)).to_be_visible()  # the console offers to log in

    log_in(page, dora, PASSWORD, next_path="/workshops")
    expect(page.locator("#claim")).to_contain_text(f"Je bent ingelogd als {dora}")
    page.get_by_role("button", name="Alle aan mijn account toevoegen").click()
    expect(page.locator(f"article[data-code='{code}']").get_by_text("In je account")).to_be_visible()
    shoot(page, "accounts-claim")
    page.goto("/mine")
    expect(page.locator(f"article[data-code='{code}']")).to_be_visible()
