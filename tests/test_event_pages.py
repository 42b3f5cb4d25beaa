"""The event's pages: allowed by the strict CSP, in the event's language, 404 for an unknown code,
the room's QR code, an event code typed at the join box, and complete Dutch and English texts."""

import json
import re

from tests.test_event_api import AFTERNOON
from tests.test_views import INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE, ROOT
from workshop.extensions import socketio


def test_every_event_page_works_under_a_strict_content_security_policy(client):
    made = client.post("/api/events", json=AFTERNOON).json
    for path in (
        "/events/new",
        f"/e/{made['code']}",
        f"/events/{made['code']}",
        f"/events/{made['code']}/plenary",
    ):
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert not INLINE_SCRIPT.search(html) and not INLINE_HANDLER.search(html), path
        assert not INLINE_STYLE.search(html) and 'type="module"' in html, path
        assert "#token" not in html and made["facilitator_token"] not in html, path


def test_the_join_page_lists_the_groups_with_their_links(client):
    made = client.post("/api/events", json=AFTERNOON).json
    html = client.get(f"/e/{made['code'].lower()}").get_data(as_text=True)
    assert '<html lang="nl">' in html
    for group in made["groups"]:
        assert f'href="/join/{group["code"]}"' in html and group["title"] in html


def test_the_picker_says_which_groups_take_nobody_now(app, client):
    made = client.post("/api/events", json=AFTERNOON).json
    first, second = made["groups"]
    fac = socketio.test_client(app, auth={"code": second["code"], "token": made["facilitator_token"]})
    assert fac.emit("workshop:settings", {"joins_open": False}, callback=True)["ok"]
    fac.disconnect()

    def reasons():
        html = client.get(f"/e/{made['code']}").get_data(as_text=True)
        return re.findall(r'data-i18n="event\.refusal\.(\w+)">([^<]+)<', html)

    assert reasons() == [("joins_closed", "gesloten voor nieuwkomers")]
    client.post(f"/api/workshops/{first['code']}/participants", json={"name": "Anna"})
    app.config["MAX_PARTICIPANTS"] = 1
    assert reasons() == [("full", "vol"), ("joins_closed", "gesloten voor nieuwkomers")]


def test_while_people_choose_the_picker_marks_the_browsers_own_group(client):
    made = client.post("/api/events", json=AFTERNOON).json
    first, second = made["groups"]
    assert "group-choice-mine" not in client.get(f"/e/{made['code']}").get_data(as_text=True)
    client.post(f"/api/workshops/{second['code']}/participants", json={"name": "Anna"})
    html = client.get(f"/e/{made['code']}").get_data(as_text=True)
    assert html.count("group-choice-mine") == 1
    mine = html.index("group-choice-mine")
    assert html.rindex('href="/join/', 0, mine) == html.index(f'href="/join/{second["code"]}"')


def test_unknown_events_are_404_and_an_event_code_at_the_join_box_leads_to_its_groups(client):
    for path in ("/e/ZZZZZZZZ", "/events/ZZZZZZZZ", "/events/ZZZZZZZZ/plenary", "/qr/e/ZZZZZZZZ.svg"):
        assert client.get(path).status_code == 404, path
    made = client.post("/api/events", json=AFTERNOON).json
    spoken = f"{made['code'][:4]}-{made['code'][4:]}".lower()
    answer = client.get(f"/join/{spoken}")
    assert answer.status_code == 302 and answer.headers["Location"].endswith(f"/e/{made['code']}")


def test_the_qr_code_is_the_rooms_link(client):
    made = client.post("/api/events", json=AFTERNOON).json
    answer = client.get(f"/qr/e/{made['code']}.svg")
    assert answer.mimetype == "image/svg+xml" and b"<svg" in answer.data


def test_dutch_and_english_have_the_same_event_texts_and_cover_every_key_the_pages_use():
    nl = json.loads((ROOT / "workshop/translations/nl/events.json").read_text(encoding="utf-8"))
    en = json.loads((ROOT / "workshop/translations/en/events.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en) and all(v.strip() for v in [*nl.values(), *en.values()])
    used = set()
    for path in [
        *(ROOT / "static/js").glob("event*.js"),
        *(ROOT / "templates").glob("event_*.html"),
        ROOT / "workshop/export/event.py",
        ROOT / "workshop/export/pdf/event.py",
    ]:
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""["'`](event\.[a-z0-9_.]+[a-z0-9_])["'`]""", text))
    assert used and not used - set(nl)
