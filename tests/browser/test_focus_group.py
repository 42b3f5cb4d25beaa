"""The facilitator's agenda and discussion questions in real browsers: building an agenda in
the console, a question step on a phone, the console and the room display, and a focus
group built from the first source text, run with three phones, ending in its report."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import ARTIFACTS, LAPTOP, PHONE, join, no_horizontal_scroll, shoot

pytestmark = [pytest.mark.browser, pytest.mark.live]

WIDE = {"viewport": {"width": 1920, "height": 1080}}


def create(page, title: str, template: str, language: str = "en", description: str = "") -> str:
    """Through the landing page with a chosen format; returns the join code."""
    page.goto(f"/?lang={language}")
    page.locator("#create-title").fill(title)
    page.locator("#create-intervention").fill("Beweegkuur")
    page.locator("#create-template").select_option(template)
    if description:
        page.locator("#create-description").fill(description)
    page.locator(f"input[name=language][value={language}]").check()
    page.locator("#create-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    return page.url.rsplit("/", 1)[1]


def open_display(console):
    with console.context.expect_page() as opened:
        console.locator("a[target=opschalen-display]").click()
    display = opened.value
    display.set_viewport_size(WIDE["viewport"])
    return display


def word(page, kind: str, index: int, title: str | None = None, prompt: str | None = None) -> None:
    """Retitle / reword the index-th step of a kind in the open agenda editor."""
    row = page.locator(f"#agenda-editor .agenda-step[data-kind={kind}]").nth(index)
    for cls, text in ((".agenda-title", title), (".agenda-prompt", prompt)):
        if text is not None:
            row.locator(cls).fill(text)
            row.locator(cls).press("Tab" if cls == ".agenda-title" else "Shift+Tab")
            expect(row.locator(cls)).to_have_value(text)


def go(console, index: int, *pages, kind: str) -> None:
    """Move the room by the console's stepper and wait for every screen to show it."""
    console.locator(".stepper .step").nth(index).click()
    for page in (console, *pages):
        expect(page.locator(f".phase-{kind}:visible")).to_have_count(1)


def post(phone, text: str, anonymous: bool = False) -> None:
    form = phone.locator(".phase-question:visible .card-form")
    form.locator("textarea").fill(text)
    if anonymous:
        form.locator(".card-anonymous").check()
    form.locator("textarea").press("Enter")
    expect(form.locator("textarea")).to_have_value("")


def font_px(page, selector: str) -> float:
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


def theme(page, title: str):
    return page.locator(".phase-question:visible .wall-group").filter(
        has=page.locator(".theme-title", has_text=title))


def card(page, text: str):
    return page.locator(".phase-question:visible .wall-card:not(.waiting)", has_text=text)


def test_the_facilitator_builds_the_agenda_in_the_console_and_everyone_follows(browsers):
    console = browsers.person("facilitator", LAPTOP)
    code = create(console, "Agenda", "scaling")
    phone = browsers.person("phone", PHONE)
    join(phone, f"/join/{code}", "Ans")
    expect(phone.locator(".phase-step")).to_be_hidden()  # the lobby is no step of the work

    console.locator(".agenda-toggle").click()
    editor = console.locator("#agenda-editor")
    expect(editor.locator(".agenda-step")).to_have_count(7)
    editor.locator("#agenda-add-kind").select_option("question")
    editor.get_by_role("button", name="Add step").click()
    expect(editor.locator(".agenda-step:not(.pending)")).to_have_count(8)
    word(console, "question", 0, title="What works?", prompt="What works in your region?")
    # Alt+↑ moves a step by keyboard; the lobby stays first.
    title = editor.locator(".agenda-step[data-kind=question] .agenda-title")
    title.focus()
    for _ in range(7):
        console.keyboard.press("Alt+ArrowUp")
    expect(editor.locator(".agenda-step").nth(1)).to_have_attribute("data-kind", "question")
    expect(console.locator(".stepper .step").nth(1)).to_contain_text("What works?")
    # The down button, then taking a step off the agenda (asked first).
    editor.locator(".agenda-step[data-kind=question] .agenda-down").click()
    expect(editor.locator(".agenda-step").nth(2)).to_have_attribute("data-kind", "question")
    editor.locator(".agenda-step[data-kind=actors] .agenda-remove").click()
    console.locator("#dialog").get_by_role("button", name="Remove").click()
    expect(console.locator(".stepper .step")).to_have_count(7)
    expect(phone.locator(".phase-step")).to_be_hidden()
    assert editor.locator(".agenda-step[data-kind=lobby] .agenda-up").is_hidden()
    assert editor.locator(".agenda-step[data-kind=lobby] .agenda-remove").is_hidden()

    # Taking actors off put the question right after the lobby.
    go(console, 1, phone, kind="question")
    expect(phone.locator(".phase-step")).to_have_text("Phase 1 of 5")
    expect(phone.locator(".phase-title")).to_have_text("What works?")
    expect(phone.locator(".phase-instruction")).to_have_text("What works in your region?")
    # The step where the room is cannot be taken off; going back two steps asks first.
    expect(editor.locator(".agenda-step.current .agenda-remove")).to_be_hidden()
    go(console, 3, phone, kind="determinants")
    console.locator(".stepper .step").nth(1).click()
    dialog = console.locator("#dialog")
    expect(dialog).to_contain_text("Go back 2 steps")
    dialog.get_by_role("button", name="Cancel").click()
    expect(phone.locator(".phase-determinants")).to_be_visible()
    console.locator(".stepper .step").nth(1).click()
    dialog.get_by_role("button", name="Go to What works?").click()
    expect(phone.locator(".phase-question")).to_be_visible()
    shoot(console, "agenda-editor-console")


def test_a_question_step_on_a_phone_the_console_and_the_room_display(browsers):
    console = browsers.person("facilitator", LAPTOP)
    code = create(console, "Vragen", "focus_group")
    display = open_display(console)
    phone = browsers.person("phone", PHONE)
    join(phone, f"/join/{code}", "Ans")
    other = browsers.person("other", PHONE)
    join(other, f"/join/{code}", "Bram")
    go(console, 2, phone, display, kind="question")
    post(phone, "Kennis delen tussen regio's")
    post(other, "Niet alles past 1-op-1", anonymous=True)
    expect(card(console, "Kennis delen")).to_contain_text("Ans")
    # The facilitator knows who wrote what; the other participants do not, for an anonymous card.
    expect(card(console, "1-op-1")).to_contain_text("Bram")
    expect(card(phone, "1-op-1")).not_to_contain_text("Bram")
    expect(card(display, "Kennis delen")).to_be_visible()
    expect(card(phone, "Kennis delen")).to_contain_text("Yours")
    expect(card(other, "Kennis delen")).not_to_contain_text("Ans")

    # The console makes a theme and moves a card into it with the select (keyboard path).
    console.locator(".phase-question:visible .theme-form input").fill("Samenwerking")
    console.locator(".phase-question:visible .theme-form button").click()
    together = theme(console, "Samenwerking")
    expect(together).to_be_visible()
    card(console, "Kennis delen").locator(".card-theme").select_option(label="Samenwerking")
    expect(together.locator(".wall-card", has_text="Kennis delen")).to_be_visible()
    expect(theme(display, "Samenwerking").locator(".wall-card", has_text="Kennis delen")).to_be_visible()
    # A phone moves the other card into a new theme of its own.
    card(phone, "1-op-1").locator(".card-theme").select_option(label="+ New theme…")
    phone.locator("#dialog input").fill("Not invented here")
    phone.locator("#dialog").get_by_role("button", name="Save").click()
    expect(theme(display, "Not invented here").locator(".wall-card")).to_have_count(1)
    # Drag on a laptop: the console drags it back into Samenwerking.
    card(console, "1-op-1").drag_to(together)
    expect(together.locator(".wall-card")).to_have_count(2)

    # Votes: counted for the console, hidden from the phones and the display until shown.
    card(phone, "Kennis delen").locator(".vote-plus").click()
    card(other, "Kennis delen").locator(".vote-plus").click()
    expect(phone.locator(".phase-question:visible .votes-left")).to_contain_text("4 of 5")
    expect(card(console, "Kennis delen").locator(".card-votes")).to_have_text("● 2")
    expect(card(phone, "Kennis delen").locator(".card-votes")).to_be_hidden()
    expect(card(display, "Kennis delen").locator(".card-votes")).to_be_hidden()
    console.get_by_role("button", name="Show results to everyone").click()
    expect(card(display, "Kennis delen").locator(".card-votes")).to_have_text("● 2")
    expect(card(phone, "Kennis delen").locator(".card-votes")).to_have_text("● 2")

    # Insights, written in the console, are there at once on every screen.
    console.locator(".insight-form textarea:visible").fill(
        "Kennis is vaak overdraagbaar; de vertaalslag kost moeite.")
    console.locator(".insight-form:visible button").click()
    for page in (phone, display):
        expect(page.locator(".phase-question:visible .insight")).to_contain_text("vertaalslag")
    assert no_horizontal_scroll(phone)
    # The wall is readable from the back of the room and fits the screen.
    assert font_px(display, ".phase-question:not([hidden]) .card-text") >= 24
    assert font_px(display, ".corner .join-code") >= 48
    for name, page in (("console", console), ("phone", phone), ("display", display)):
        shoot(page, f"question-{name}")
    assert display.evaluate("document.scrollingElement.scrollHeight <= innerHeight + 1")


TAKE_AWAYS = """Opschalen is een langdurig proces (5-10 jaar).
- De aanjager is onmisbaar: een toegewijde eigenaar die zich continu inzet.
- Opschalen is mensenwerk: de strategie wordt op maat gemaakt, passend bij de context.
- Niet één doorslaggevende determinant, maar een cocktail: meerwaarde, financiering, timing en tijd."""
Q1 = "In welke mate zijn de strategieën en determinanten van opschalen domeinspecifiek?"
Q2 = "Hoe en onder welke randvoorwaarden vertalen we kennis naar andere contexten?"


def test_a_focus_group_from_the_source_text_runs_with_three_phones_and_ends_in_its_report(browsers):
    console = browsers.person("facilitator", LAPTOP, locale="nl-NL")
    code = create(console, "Context gebonden?", "focus_group", language="nl",
                  description="Focusgroep: kunnen we kennis over opschalen vertalen naar andere domeinen?")
    console.locator(".agenda-toggle").click()
    word(console, "info", 0, title="Wat het onderzoek liet zien", prompt=TAKE_AWAYS)
    word(console, "question", 0, title="Domeinspecifiek?", prompt=Q1)
    word(console, "question", 1, title="Vertalen naar andere contexten", prompt=Q2)
    console.locator(".agenda-toggle").click()
    display = open_display(console)
    names = ("Ans", "Bram", "Chris")
    phones = [browsers.person(name, PHONE, locale="nl-NL") for name in names]
    for page, name in zip(phones, names, strict=True):
        join(page, f"/join/{code}?lang=nl", name)
    expect(phones[0].locator(".phase-step")).to_be_hidden()

    go(console, 1, display, *phones, kind="info")
    expect(phones[0].locator(".phase-step")).to_have_text("Fase 1 van 4")
    expect(display.locator(".slide li")).to_have_count(3)
    expect(phones[0].locator(".slide")).to_contain_text("langdurig proces")
    shoot(display, "focus-group-slide-display")

    go(console, 2, display, *phones, kind="question")
    expect(display.locator(".phase-instruction")).to_have_text(Q1)
    post(phones[0], "Veel overeenkomsten met andere domeinen; het is herkenbaar")
    post(phones[1], "Het fenomeen van de trekker die grote lasten draagt")
    post(phones[2], "Not invented here: organisaties oordelen te snel dat iets niet past", anonymous=True)
    post(phones[0], "Soms onderzoekt de ene regio hetzelfde als de andere")
    console.locator(".card-form:visible textarea").fill("Leren vanuit de praktijk geeft energie")
    console.locator(".card-form:visible button").click()
    expect(display.locator(".phase-question:visible .wall-card:not(.waiting)")).to_have_count(5)
    for title in ("Herkenbaarheid", "Kennis delen"):
        console.locator(".phase-question:visible .theme-form input").fill(title)
        console.locator(".phase-question:visible .theme-form button").click()
        expect(theme(console, title)).to_be_visible()
    for text, title in (("Veel overeenkomsten", "Herkenbaarheid"), ("trekker", "Herkenbaarheid"),
                        ("Not invented here", "Kennis delen"), ("ene regio", "Kennis delen")):
        card(console, text).locator(".card-theme").select_option(label=title)
        expect(theme(display, title).locator(".wall-card", has_text=text)).to_be_visible()
    for page in phones:
        card(page, "Not invented here").locator(".vote-plus").click()
    card(phones[0], "trekker").locator(".vote-plus").click()
    expect(card(console, "Not invented here").locator(".card-votes")).to_have_text("● 3")
    expect(card(display, "Not invented here").locator(".card-votes")).to_be_hidden()
    console.get_by_role("button", name="Resultaten aan iedereen tonen").click()
    expect(card(display, "Not invented here").locator(".card-votes")).to_have_text("● 3")
    console.locator(".insight-form:visible textarea").fill(
        "Kennis over opschalen is grotendeels overdraagbaar, maar vraagt een vertaalslag naar de context.")
    console.locator(".insight-form:visible button").click()
    expect(display.locator(".phase-question:visible .insight")).to_have_count(1)
    shoot(display, "focus-group-question-display")

    # Leaving while votes are still open asks first.
    console.locator(".stepper .step").nth(3).click()
    dialog = console.locator("#dialog")
    expect(dialog).to_contain_text("Er wordt nog gestemd")
    dialog.get_by_role("button", name=re.compile("^Naar ")).click()
    for page in (display, *phones):
        expect(page.locator(".phase-instruction")).to_have_text(Q2)
    post(phones[1], "Best practices delen tussen domeinen")
    post(phones[2], "Randvoorwaarden uitwisselen")
    console.locator(".insight-form:visible textarea").fill(
        "Deel best practices én de randvoorwaarden waaronder ze werkten.")
    console.locator(".insight-form:visible button").click()
    expect(phones[0].locator(".phase-question:visible .insight")).to_have_count(1)

    go(console, 4, *phones, kind="actions")
    form = console.locator(".action-form")
    form.locator("input").first.fill("Voorbeelden uit andere domeinen verzamelen")
    form.locator("button[type=submit]").click()
    expect(phones[0].locator(".phase-actions")).to_contain_text("Voorbeelden uit andere domeinen")

    report = console.request.get(f"/api/workshops/{code}/summary.md")
    assert report.ok, report.text()
    md = report.text()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "focus-group-report.md").write_text(md, encoding="utf-8")
    # It reads like section 3.1: the question, the themes the group found, the cards that
    # mattered most (by votes) and the insights, in the room's own words.
    for text in (Q1, "Herkenbaarheid", "Kennis delen", "Not invented here", "Leren vanuit de praktijk",
                 "grotendeels overdraagbaar", Q2, "randvoorwaarden waaronder", "Wat het onderzoek liet zien",
                 "De aanjager is onmisbaar", "Voorbeelden uit andere domeinen verzamelen"):
        assert text in md, text
    assert md.index(Q1) < md.index("Kennis delen") < md.index(Q2)
    themes = md[md.index(Q1):md.index(Q2)]
    assert themes.index("Kennis delen") < themes.index("Herkenbaarheid"), "themes by votes"
    assert themes.index("Not invented here") < themes.index("ene regio"), "cards by votes"
    for absent in ("Actoren", "Eigenaarschap", "Determinanten"):
        assert f"## {absent}" not in md, absent


def test_own_determinants_and_a_saved_template_start_the_next_workshop(browsers):
    console = browsers.person("facilitator", LAPTOP)
    code = create(console, "Eigen lijst", "scaling")
    phone = browsers.person("phone", PHONE)
    join(phone, f"/join/{code}", "Ans")
    console.locator(".agenda-toggle").click()
    console.get_by_role("button", name="Edit determinants").click()
    dialog = console.locator("#dialog")
    expect(dialog.locator(".det-row")).to_have_count(5)
    dialog.get_by_role("button", name="Add determinant").click()
    dialog.locator(".det-row").last.locator(".det-label").fill("Draagvlak")
    dialog.locator(".det-row").last.locator(".det-help-input").fill("Steunen de partners het?")
    dialog.locator(".det-row").first.get_by_role("button", name=re.compile("^Remove")).click()
    dialog.get_by_role("button", name="Save").click()
    expect(console.locator("#toasts")).to_contain_text("Determinants saved.")
    go(console, 3, phone, kind="determinants")
    cards = phone.locator(".det-card h3")
    expect(cards).to_have_count(5)
    expect(cards.last).to_have_text("Draagvlak")
    expect(phone.locator(".det-card").last).to_contain_text("Steunen de partners het?")

    # The strategy catalogue: reworded, one taken off, one of the workshop's own added.
    console.get_by_role("button", name="Edit strategies").click()
    rows = dialog.locator(".strat-row")
    first = rows.first.locator(".strat-title").input_value()
    second = rows.nth(1).locator(".strat-title").input_value()
    rows.first.locator(".strat-title").fill("Lobby bij de gemeenteraad")
    rows.nth(1).get_by_role("button", name=re.compile("^Remove")).click()
    dialog.get_by_role("button", name="Add a strategy").click()
    rows.last.locator(".strat-title").fill("Samen met de zorgverzekeraar")
    rows.last.locator(".strat-category").select_option("financing")
    dialog.get_by_role("button", name="Save").click()
    go(console, 4, phone, kind="strategies")
    strategies = phone.locator(".strategy-title")
    expect(strategies.filter(has_text="Lobby bij de gemeenteraad")).to_have_count(1)
    expect(strategies.filter(has_text="Samen met de zorgverzekeraar")).to_have_count(1)
    expect(strategies.filter(has_text=first)).to_have_count(0)
    expect(strategies.filter(has_text=second)).to_have_count(0)

    # Saved as a template, the agenda and the list start the next workshop on this device.
    word(console, "strategies", 0, title="Wat gaan we doen?")
    console.get_by_role("button", name="Save as template").click()
    dialog.locator("input").fill("Onze opzet")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".template-id")).to_have_text(re.compile(r"^[A-Z0-9]{10}$"))
    dialog.get_by_role("button", name="Done").click()
    console.goto("/?lang=en")
    console.locator("#create-title").fill("Volgende")
    console.locator("#create-intervention").fill("Beweegkuur")
    console.locator("#create-template").select_option(label="Saved: Onze opzet")
    console.locator("#create-form button[type=submit]").click()
    console.wait_for_url(re.compile(r"/facilitate/[A-Z0-9]{8}$"))
    expect(console.locator(".stepper .step", has_text="Wat gaan we doen?")).to_be_visible()
    go(console, 4, kind="strategies")
    expect(console.locator(".strategy-title", has_text="Samen met de zorgverzekeraar")).to_be_visible()
    go(console, 3, kind="determinants")
    expect(console.locator(".det-card h3").last).to_have_text("Draagvlak")
