"""What a phone shows follows the server's answers: a change the server refuses snaps back
(the move, the score and the vote are shown only until the refusal comes), and a vote whose
answer is lost in a reconnect counts once, not twice."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import LAPTOP, PHONE, create_workshop, join, place

pytestmark = [pytest.mark.browser, pytest.mark.live]

EVENT = re.compile(r"^42(\d*)(\[.*)$", re.S)


class Relay:
    """Between a phone and the server (Socket.IO over WebSocket), changing what the test asks:
    `spoil` makes the named client events invalid (an unknown field), `lose_vote_ack` drops
    the next vote's answer and cuts the connection, as a network that fails at that moment,
    and `hold()` keeps what the server sends from the phone until `release()`, so the test sees
    what the phone shows before an answer comes, however fast the answer is."""

    def __init__(self):
        self.spoil: set[str] = set()
        self.lose_vote_ack = False
        self.lost: list[str] = []
        self.held: list | None = None
        self.page = None

    def hold(self) -> None:
        self.held = []

    def release(self) -> None:
        held, self.held = self.held, None
        for message in held:
            self.page.send(message)

    def __call__(self, ws):
        server = ws.connect_to_server()
        self.page = ws

        def from_page(message):
            match = EVENT.match(message) if isinstance(message, str) else None
            if match:
                packet = json.loads(match.group(2))
                if packet[0] in self.spoil:
                    packet[1]["spoiled_by_the_network"] = True
                    message = f"42{match.group(1)}{json.dumps(packet)}"
            server.send(message)

        def from_server(message):
            ack = isinstance(message, str) and message.startswith("43")
            if self.lose_vote_ack and ack and "votes_left" in message:
                self.lose_vote_ack = False
                self.lost.append(message)
                ws.close()
                server.close()
                return
            if self.held is not None:
                self.held.append(message)
            else:
                ws.send(message)

        ws.on_message(from_page)
        server.on_message(from_server)


@pytest.fixture
def room(browsers):
    """A console and a phone (behind a relay) in a fresh workshop with one actor on the map."""
    console = browsers.person("facilitator", LAPTOP)
    code = create_workshop(console, "Antwoorden van de server")
    phone = browsers.person("phone", PHONE)
    relay = Relay()
    phone.route_web_socket(re.compile(r"/socket\.io/"), relay)
    join(phone, f"/join/{code}", "Anna")
    console.locator(".step[data-phase=actors]").click()
    console.get_by_label("Name of the organisation or role").fill("Gemeente Leiden")
    console.get_by_role("button", name="Add to the map").click()
    expect(phone.locator(".actor-card", has_text="Gemeente Leiden")).to_be_visible()
    return console, phone, relay


def settled(page):
    """Connected with nothing left to send."""
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    expect(page.locator("#conn")).to_have_text("Connected")


# Every refusal the page reports, kept: a toast leaves after a few seconds, which a loaded machine
# can take between the refusal and the test looking at it.
COUNT_REFUSALS = """() => {
  window.refusals = [];
  new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
    if (node.classList && node.classList.contains("toast-error")) window.refusals.push(node.textContent);
  }))).observe(document.getElementById("toasts"), { childList: true });
}"""


# Every state the connection shows, kept: a reconnect on a quiet machine is over before a look.
COUNT_STATES = """() => {
  const conn = document.getElementById("conn");
  window.states = [];
  new MutationObserver(() => window.states.push(conn.dataset.state))
    .observe(conn, { attributes: true, attributeFilter: ["data-state"] });
}"""


def refusals(page) -> list[str]:
    return page.evaluate("() => window.refusals")


def test_a_move_a_score_and_a_vote_the_server_refuses_snap_back(room):
    console, phone, relay = room
    relay.spoil = {"actor:update", "rating:set", "vote:cast"}
    phone.evaluate(COUNT_REFUSALS)

    card = phone.locator(".actor-card", has_text="Gemeente Leiden")
    before = place(card).text_content()
    influence = int(re.search(r"Influence (\d+)", before).group(1))
    card.focus()
    relay.hold()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    expect(place(card)).to_have_text(re.compile(f"Influence {influence + 10},"))
    relay.release()
    expect(place(card)).to_have_text(before)
    settled(phone)
    moved = refusals(phone)
    assert moved and all("Not saved" in text for text in moved)

    console.locator(".step[data-phase=determinants]").click()
    funding = phone.locator(".det-card", has_text="Funding")
    expect(funding).to_be_visible()
    relay.hold()
    funding.locator(".score", has_text="4").click()
    expect(funding.locator("input[value='4']")).to_be_checked()
    relay.release()
    settled(phone)
    expect(funding.locator("input[value='4']")).not_to_be_checked()
    expect(phone.locator(".progress-chip")).to_have_text("You scored 0 of 5")
    assert refusals(phone)[len(moved):] == [moved[-1]]  # one more "Not saved"
    room_funding = console.locator(".det-card", has_text="Funding")
    expect(room_funding.locator(".det-mean")).to_have_text("No scores yet")

    console.locator(".step[data-phase=strategies]").click()
    lobby = phone.locator(".strategy", has_text="Lobby relevant stakeholders")
    expect(lobby).to_be_visible()
    relay.hold()
    phone.get_by_role("button", name="Give a vote to Lobby relevant stakeholders").click()
    expect(lobby.locator(".my-votes")).to_have_text("1")
    relay.release()
    settled(phone)
    expect(phone.locator(".votes-left")).to_contain_text("5 of 5 votes left")
    expect(lobby.locator(".my-votes")).to_have_text("0")
    assert refusals(phone)[len(moved):] == [moved[-1]] * 2
    expect(console.locator(".results .hint")).to_contain_text("0 of 5 votes cast.")


def test_a_vote_whose_answer_is_lost_in_a_reconnect_counts_once(room):
    console, phone, relay = room
    console.locator(".step[data-phase=strategies]").click()
    lobby = phone.locator(".strategy", has_text="Lobby relevant stakeholders")
    phone.evaluate(COUNT_STATES)
    relay.lose_vote_ack = True
    lobby.get_by_role("button", name="Give a vote to Lobby relevant stakeholders").click()
    settled(phone)
    assert len(relay.lost) == 1
    assert "reconnecting" in phone.evaluate("() => window.states")  # however briefly
    expect(phone.locator(".votes-left")).to_contain_text("4 of 5 votes left")
    expect(lobby.locator(".my-votes")).to_have_text("1")
    expect(console.locator(".rank-row").first).to_contain_text("1 vote")
    # The next vote counts from the right number.
    lobby.get_by_role("button", name="Give a vote to Lobby relevant stakeholders").click()
    settled(phone)
    expect(phone.locator(".votes-left")).to_contain_text("3 of 5 votes left")
    expect(lobby.locator(".my-votes")).to_have_text("2")
