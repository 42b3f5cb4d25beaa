"""The translation catalogue, shared by pages, scripts, summaries and the CLI.

Strings live in `translations/<language>/<part>.json` (flat key → text); the parts
are merged, so different parts of the product keep their strings apart. Plain
Python: the domain uses it for labels, the web layer serves it to the browser.
"""

import json
from functools import cache
from pathlib import Path

from babel import Locale

from .domain import catalog as strategy_catalog
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
    merged.update(strategy_catalog.texts(language))  # the built-in strategies, kept in one place
    return merged


@cache
def locale(language: str) -> Locale:
    return Locale.parse(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def plural_key(language: str, key: str, count) -> str | None:
    """`key.one`, `key.other`, … as the language's plural rules (CLDR, through Babel) pick for
    `count`, when the catalogue has that form."""
    if not isinstance(count, int | float) or isinstance(count, bool):
        return None
    form = f"{key}.{locale(language).plural_form(abs(count))}"
    return form if form in catalog(language) else None


def translate(language: str, key: str, **values) -> str:
    """The text for `key`, with `{name}` placeholders filled (a `count` picks the plural form:
    "1 deelnemer", "2 deelnemers"); the key itself if missing."""
    key = plural_key(language, key, values.get("count")) or key
    text = catalog(language).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    return text.format(**values) if values else text
