"""The pages blueprint: pages that a strict CSP allows, QR codes, the catalogue for scripts,
browser libraries from node_modules, and complete Dutch and English UI texts."""

import json
import re
from pathlib import Path

import pytest

from workshop.domain import vocab
from workshop.i18n import catalog

ROOT = Path(__file__).resolve().parent.parent
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.I)


def pages(workshops) -> list[str]:
    code = workshops.create()["code"]
    return ["/", "/?lang=en", f"/join/{code}", f"/facilitate/{code}", f"/display/{code}", "/join/AAAABBBB"]


def test_every_page_works_under_a_strict_content_security_policy(client, workshops):
    for path in pages(workshops):
        html = client.get(path).get_data(as_text=True)
        assert not INLINE_SCRIPT.search(html), path
        assert not INLINE_HANDLER.search(html), path
        assert not INLINE_STYLE.search(html), path
        assert 'type="module"' in html, path


def test_a_page_speaks_the_workshop_language_unless_asked_otherwise(client, workshops):
    code = workshops.create(language="en", title="Scaling <b>up</b>")["code"]
    html = client.get(f"/join/{code}").get_data(as_text=True)
    assert '<html lang="en">' in html and "Scaling &lt;b&gt;up&lt;/b&gt;" in html
    assert '<html lang="nl">' in client.get(f"/join/{code}?lang=nl").get_data(as_text=True)


def test_an_unknown_code_answers_a_page_with_404(client):
    response = client.get("/facilitate/ZZZZZZZZ")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert "Deze sessie bestaat niet" in response.get_data(as_text=True)


def test_the_qr_code_is_an_svg_of_the_join_link(client, workshops):
    code = workshops.create()["code"]
    response = client.get(f"/qr/{code.lower()}.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith("<svg")
    assert client.get("/qr/ZZZZZZZZ.svg").status_code == 404


@pytest.mark.parametrize("language", ["nl", "en"])
def test_scripts_get_the_merged_catalogue(client, language):
    response = client.get(f"/i18n/{language}.json")
    assert response.status_code == 200 and response.json == catalog(language)
    assert "phase.actors" in response.json and "ui.conn.reconnecting" in response.json
    assert client.get("/i18n/de.json").status_code == 404


def test_scripts_get_the_vocabularies_of_the_domain(client):
    response = client.get("/vocabulary.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["phases"] == list(vocab.PHASES)
    assert response.json["actor_categories"] == list(vocab.ACTOR_CATEGORIES)
    assert response.json["required_roles"] == list(vocab.REQUIRED_ROLES)
    # The front end's unit tests run against this same list.
    assert response.json == json.loads((ROOT / "tests/js/vocabulary.json").read_text(encoding="utf-8"))


def test_socket_io_client_is_served_from_node_modules_and_nothing_else_is(client):
    response = client.get("/vendor/socket.io.esm.min.js")
    assert response.status_code == 200 and "javascript" in response.mimetype
    assert client.get("/vendor/..%2Fpackage.json").status_code == 404
    assert client.get("/vendor/socket.io-client/package.json").status_code == 404


def test_dutch_and_english_have_the_same_ui_texts_and_cover_every_key_the_scripts_use():
    nl = json.loads((ROOT / "workshop/translations/nl/ui.json").read_text(encoding="utf-8"))
    en = json.loads((ROOT / "workshop/translations/en/ui.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en)
    assert all(value.strip() for value in [*nl.values(), *en.values()])
    used = set()
    for path in [*(ROOT / "static/js").rglob("*.js"), *(ROOT / "templates").glob("*.html")]:
        used |= set(re.findall(r"""["'`](ui\.[a-z0-9_.]+[a-z0-9_])["'`]""", path.read_text(encoding="utf-8")))
    for language in ("nl", "en"):
        assert not used - set(catalog(language)), language


def test_the_favicon_app_icons_and_manifest_answer_and_every_page_links_them(client, workshops):
    for path, kind in (("/favicon.ico", "image/"), ("/apple-touch-icon.png", "image/png"),
                       ("/static/icons/icon.svg", "image/svg+xml"),
                       ("/static/icons/icon-192.png", "image/png"),
                       ("/manifest.webmanifest", "application/manifest+json")):
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype.startswith(kind), path
    manifest = client.get("/manifest.webmanifest").get_json(force=True)
    assert all(client.get(icon["src"]).status_code == 200 for icon in manifest["icons"])
    code = workshops.create()["code"]
    for path in ("/", f"/join/{code}", f"/facilitate/{code}", f"/display/{code}", "/workshops", "/login"):
        html = client.get(path).get_data(as_text=True)
        assert 'rel="icon"' in html and 'rel="manifest"' in html, path
