"""The translation catalogue, shared by pages, scripts, summaries and the CLI.

Strings live in `translations/<language>/<part>.json` (flat key → text); the parts
are merged, so different parts of the product keep their strings apart. Plain
Python: the domain uses it for labels, the web layer serves it to the browser.
"""

import json
from functools import cache
from pathlib import Path

from .domain.vocab import LANGUAGES

FOLDER = Path(__file__).resolve().parent / "translations"
DEFAULT_LANGUAGE = "nl"


@cache
def catalog(language: str) -> dict[str, str]:
    """Every string of one language; unknown languages fall back to the default."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    merged: dict[str, str] = {}
    for part in sorted((FOLDER / language).glob("*.json")):
        merged.update(json.loads(part.read_text(encoding="utf-8")))
    return merged


def translate(language: str, key: str, **values) -> str:
    """The text for `key`, with `{name}` placeholders filled; the key itself if missing."""
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text
