"""The pages: landing, participant view, facilitator console, room display; QR codes,
the translation catalogue and the vocabularies for scripts, and the browser libraries
installed from npm."""

import io
import json

import segno
from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, send_from_directory

from . import limits, reads
from .config import ROOT
from .database import reading
from .domain import vocab
from .event.reads import event_by_code
from .i18n import DEFAULT_LANGUAGE, catalog, translate
from .security import base_url
from .tokens import display_code

bp = Blueprint("pages", __name__)

# Every vocabulary of domain/vocab.py, by its lower-case name: {"phases": [...], "areas": [...], ...}.
VOCABULARY = {name.lower(): list(values) for name, values in vars(vocab).items()
              if name.isupper() and isinstance(values, tuple)}

VENDOR = {
    "socket.io.esm.min.js": ROOT / "node_modules" / "socket.io-client" / "dist",
    "socket.io.esm.min.js.map": ROOT / "node_modules" / "socket.io-client" / "dist",
}


def page_language(default: str = DEFAULT_LANGUAGE) -> str:
    """`?lang=` wins (the language switch), then the workshop's language."""
    asked = request.args.get("lang", "")
    return asked if asked in vocab.LANGUAGES else default


def render_page(template: str, view: str, language: str, **context):
    return render_template(
        template, view=view, lang=language, t=lambda key, **values: translate(language, key, **values),
        languages=vocab.LANGUAGES, **context)


def workshop_or_404(code: str):
    w = limits.lookup(lambda: reads.workshop_by_code(code))
    if w is None:
        abort(404)
    return w


@bp.get("/")
def landing():
    return render_page("landing.html", "landing", page_language())


def live_page(code: str, view: str):
    # A page answers whether a code exists, so it counts against guessing like the API.
    with reading():
        w = limits.lookup(lambda: reads.workshop_by_code(code))
        if w is None:
            if view == "participant" and event_by_code(code) is not None:
                return redirect(f"/e/{event_by_code(code).code}")  # an event's code: pick a group
            return render_page("missing.html", "missing", page_language()), 404
        language = page_language(w.language)
        return render_page("live.html", view, language, code=w.code,
                           display_code=display_code(w.code), title=w.title,
                           workshop_language=w.language)


@bp.get("/join/<code>")
def join(code: str):
    return live_page(code, "participant")


@bp.get("/facilitate/<code>")
def facilitate(code: str):
    return live_page(code, "console")


@bp.get("/display/<code>")
def display(code: str):
    return live_page(code, "display")


@bp.get("/qr/<code>.svg")
def qr(code: str):
    """The join link as a QR code, drawn on the server so no script library is needed."""
    with reading():
        w = workshop_or_404(code)
        code, language = w.code, w.language
    return qr_svg(f"{base_url()}/join/{code}", language, code)


def qr_svg(url: str, language: str, code: str) -> Response:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, dark="#111827", light="#ffffff",
        title=translate(language, "ui.qr.title", code=display_code(code)))
    response = Response(buffer.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@bp.get("/i18n/<language>.json")
def messages(language: str):
    if language not in vocab.LANGUAGES:
        abort(404)
    response = Response(json.dumps(catalog(language), ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/vocabulary.json")
def vocabulary():
    """The contract's vocabularies for scripts, so the browser keeps no copy of its own."""
    response = jsonify(VOCABULARY)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/vendor/<path:name>")
def vendor(name: str):
    """Browser libraries from node_modules (installed by `npm ci`), never from a CDN."""
    if name not in VENDOR:
        abort(404)
    return send_from_directory(VENDOR[name], name, mimetype="text/javascript" if name.endswith(".js")
                               else "application/json")


ICONS = ROOT / "static" / "icons"


@bp.get("/favicon.ico")
@bp.get("/apple-touch-icon.png")
def root_icon():
    """Icons browsers and phones ask for at the root, whatever the page says."""
    return send_from_directory(ICONS, request.path.lstrip("/"), max_age=86400)


@bp.get("/manifest.webmanifest")
def manifest():
    """Name and icons for a phone's home screen."""
    name = translate(DEFAULT_LANGUAGE, "ui.app.name")
    body = {"name": name, "short_name": name,
            "start_url": "/", "display": "browser", "background_color": "#f4f5f9", "theme_color": "#3b3fc4",
            "icons": [{"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                      {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
                      {"src": "/static/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"}]}
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
