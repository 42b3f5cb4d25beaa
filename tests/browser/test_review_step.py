"""The organisation's memory as one story in headless Chromium against a real server: a facilitator
logs in on a fresh browser and finds last year's workshops about her intervention, starts a
follow-up that opens with the review of last time's actions (live on the console, a phone and the
room display), shares it with a colleague who runs the console with her, and the timeline report
shows the three workshops side by side."""

import re
import uuid

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, SIZES, join, log_in, no_horizontal_scroll, shoot
from tests.chain import backdate, build_chain
from tests.helpers import PASSWORD, add_account

pytestmark = [pytest.mark.browser, pytest.mark.live]

# The 2025 workshop's open actions, in order: what the follow-up reviews.
OPEN_LAST_YEAR = ["Trainers opleiden in de regio", "Wethouder uitnodigen",
                  "Aansluiten bij het e-healthplatform"]


@pytest.fixture(scope="module")
def history(site):
    anna, bram = (f"{name}-{uuid.uuid4().hex[:8]}@ggd.nl" for name in ("anna", "bram"))
    add_account(site.sessions_dir, anna)
    add_account(site.sessions_dir, bram)
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": anna, "password": PASSWORD}, timeout=30).ok
    made = build_chain(site.url, http, titles=("Beweegkuur 2024", "Beweegkuur 2025"))
    backdate(site.sessions_dir, [m["code"] for m in made], [2, 1])
    other = {"title": "Samen in de wijk", "intervention": "Welzijn op recept"}
    assert http.post(f"{site.url}/api/workshops", json=other, timeout=30).status_code == 201
    return {"anna": anna, "bram": bram, "codes": [m["code"] for m in made]}


def pick(console, title: str) -> None:
    console.locator(".review-pick", has_text=title).click()


def test_a_follow_up_opens_with_the_review_of_last_times_actions(site, browsers, history):
    # A fresh browser: nothing in localStorage, only the login.
    anna = browsers.person("anna", LAPTOP, locale="nl-NL")
    anna.goto("/mine?lang=nl")
    anna.wait_for_url(re.compile(r"/login\?next="))
    log_in(anna, history["anna"], PASSWORD)
    anna.get_by_placeholder("Zoek op titel of interventie").fill("beweegkuur")
    group = anna.locator(".intervention-group")
    expect(group).to_have_count(1)
    expect(group.locator("h2")).to_have_text("Beweegkuur")
    expect(group.locator("article.workshop-card")).to_have_count(2)
    last_year = anna.locator(f"article[data-code='{history['codes'][1]}']")
    last_year.get_by_role("button", name="Vervolgsessie starten").click()
    anna.get_by_label("Titel van de vervolgsessie").fill("Beweegkuur 2026")
    anna.get_by_role("button", name="Vervolgsessie aanmaken").click()
    anna.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    code = anna.url.rsplit("/", 1)[1]
    expect(anna.locator("#conn")).to_have_attribute("data-state", "online")

    # Shared with a colleague from "my workshops".
    anna.goto("/mine")
    anna.locator(f"article[data-code='{code}']").get_by_role("button", name="Delen").click()
    anna.get_by_label("E-mailadres van je collega").fill(history["bram"])
    anna.locator("#dialog").get_by_role("button", name="Delen", exact=True).click()
    expect(anna.locator(f".people-shared li[data-email='{history['bram']}']")).to_be_visible()
    anna.get_by_role("button", name="Klaar").click()
    anna.goto(f"/facilitate/{code}")
    expect(anna.locator("#conn")).to_have_attribute("data-state", "online")

    phone = browsers.person("els", PHONE, locale="nl-NL")
    join(phone, f"/join/{code}", "Els", "Beleidsadviseur")
    display = anna.context.new_page()
    display.goto(f"/display/{code}")
    expect(display.locator("#conn")).to_have_attribute("data-state", "online")

    anna.get_by_role("button", name="Volgende: Terugblik op de acties").click()
    for page in (anna, phone, display):
        expect(page.locator(".phase-title")).to_have_text("Terugblik op de acties")
        expect(page.locator(".review-item-title")).to_have_text(OPEN_LAST_YEAR)
    expect(phone.locator(".review-waiting")).to_be_visible()
    expect(phone.locator(".review-progress")).to_have_text("0 van 3 besproken")

    pick(anna, OPEN_LAST_YEAR[0])
    for page in (phone, display):
        expect(page.locator(".review-focus .review-title")).to_have_text(OPEN_LAST_YEAR[0])
        expect(page.locator(".review-focus .review-agreed")).to_contain_text("Eigenaar: GGD regio Utrecht")
        expect(page.locator(".review-focus .review-agreed")).to_contain_text("Bezig")
    anna.locator(".review-choice", has_text="Gedaan").click()
    anna.get_by_label("Notitie").fill("Twaalf trainers opgeleid.")
    anna.get_by_role("button", name="Notitie bewaren").click()
    for page in (phone, display):
        expect(page.locator(".review-focus .review-outcome")).to_have_text("Gedaan")
        expect(page.locator(".review-focus .review-note")).to_have_text("Twaalf trainers opgeleid.")
    expect(phone.locator(".review-progress")).to_have_text("1 van 3 besproken")

    # The colleague runs the console at the same time and takes the next action.
    bram = browsers.person("bram", LAPTOP, locale="nl-NL")
    log_in(bram, history["bram"], PASSWORD)
    card = bram.locator(f"article[data-code='{code}']")
    expect(card.get_by_text("Met je gedeeld")).to_be_visible()
    card.get_by_role("link", name="Open console").click()
    expect(bram.locator("#conn")).to_have_attribute("data-state", "online")
    expect(bram.locator(".review-focus .review-title")).to_have_text(OPEN_LAST_YEAR[0])
    bram.get_by_role("button", name="Volgende", exact=True).click()
    for page in (anna, phone, display):
        expect(page.locator(".review-focus .review-title")).to_have_text(OPEN_LAST_YEAR[1])
    bram.get_by_label("Nieuwe eigenaar").select_option(label="Zorgverzekeraar")
    bram.get_by_label("Nieuwe datum").fill("2027-03-01")
    bram.get_by_role("button", name="Doorschuiven").click()
    carry = anna.locator(".review-choice[data-outcome='carried_over']")
    expect(carry).to_have_attribute("aria-pressed", "true")
    for page in (phone, display):
        expect(page.locator(".review-focus .review-carried")).to_have_text(
            "Doorgeschoven naar Zorgverzekeraar, nieuwe datum 2027-03-01")
    pick(anna, OPEN_LAST_YEAR[2])
    anna.locator(".review-choice", has_text="Vervallen").click()
    expect(phone.locator(".review-item.outcome-dropped")).to_have_text(re.compile(OPEN_LAST_YEAR[2]))
    expect(phone.locator(".review-progress")).to_have_text("3 van 3 besproken")
    shoot(anna, "review-console")
    shoot(phone, "review-phone")
    shoot(display, "review-display")

    # The actions step starts from the outcome: done, carried over with its new owner, dropped gone.
    anna.get_by_role("button", name="Volgende: Actoren").click()
    expect(bram.locator(".phase-title")).to_have_text("Actoren")
    summary = anna.request.get(f"/api/workshops/{code}/summary.json").json()
    assert [(i["title"], i["outcome"]) for i in summary["review"]["items"]] == list(zip(
        OPEN_LAST_YEAR, ["done", "carried_over", "dropped"], strict=True))
    assert {a["title"]: (a["status"], a["owner"], a["due"]) for a in summary["actions"]} == {
        OPEN_LAST_YEAR[0]: ("done", "GGD regio Utrecht", None),
        OPEN_LAST_YEAR[1]: ("open", "Zorgverzekeraar", "2027-03-01")}

    # The timeline: three workshops of the intervention side by side, on the page and in the report.
    anna.goto(f"/timeline/{code}")
    expect(anna.locator(".workshop-strip li")).to_have_count(3)
    actions = anna.get_by_role("table", name="Acties door de werksessies heen")
    trainers = actions.get_by_role("row", name=OPEN_LAST_YEAR[0], exact=False).get_by_role("cell")
    expect(trainers).to_have_text(["Open", "Bezig", re.compile(r"Klaar\s*terugblik: Gedaan")])
    link = anna.get_by_role("link", name="Tijdlijnrapport (Markdown)")
    report = anna.request.get(link.get_attribute("href"))
    assert report.ok
    text = report.text()
    header = next(line for line in text.splitlines() if line.startswith("| Determinant |"))
    assert header.count("|") == 5 and all(c in header for c in [*history["codes"], code])
    assert "terugblik: Vervallen" in text
    pdf = anna.request.get(anna.get_by_role("link", name="Tijdlijnrapport (PDF)").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")


def test_the_review_fits_every_screen(site, browsers, history):
    http = requests.Session()
    assert http.post(f"{site.url}/api/login", json={"email": history["anna"], "password": PASSWORD},
                     timeout=30).ok
    body = {"title": "Beweegkuur tussentijds", "intervention": "Beweegkuur",
            "follow_up_of": history["codes"][1]}
    code = http.post(f"{site.url}/api/workshops", json=body, timeout=30).json()["code"]
    for name, device in SIZES.items():
        console = browsers.person(f"anna-{name}", device, locale="nl-NL")
        log_in(console, history["anna"], PASSWORD)
        console.goto(f"/facilitate/{code}")
        expect(console.locator("#conn")).to_have_attribute("data-state", "online")
        if name == "phone":
            console.get_by_role("button", name="Volgende: Terugblik op de acties").click()
            pick(console, OPEN_LAST_YEAR[1])
        expect(console.locator(".review-focus .review-title")).to_have_text(OPEN_LAST_YEAR[1])
        phone = browsers.person(f"els-{name}", device, locale="nl-NL")
        join(phone, f"/join/{code}", f"Els {name}")
        expect(phone.locator(".review-focus .review-title")).to_have_text(OPEN_LAST_YEAR[1])
        for page in (console, phone):
            assert no_horizontal_scroll(page), name
        shoot(phone, f"review-participant-{name}")
