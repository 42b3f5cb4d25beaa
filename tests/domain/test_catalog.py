"""The strategy catalogue and the domain package's independence from the web stack."""

import subprocess
import sys

from workshop.domain import vocab
from workshop.domain.catalog import STRATEGIES, catalog


def test_catalogue_is_the_same_strategies_in_dutch_and_english():
    dutch, english = catalog("nl"), catalog("en")
    assert len(dutch) == len(english) == len(STRATEGIES)
    assert [s["category"] for s in dutch] == [s["category"] for s in english]
    assert dutch[0]["title"] == "Lobby bij relevante partijen"
    assert english[0]["title"] == "Lobby relevant stakeholders"
    assert all(s["origin"] == "catalog" for s in dutch + english)


def test_catalogue_covers_every_expandnet_category_with_valid_fields():
    strategies = catalog("en")
    assert {s["category"] for s in strategies} == set(vocab.STRATEGY_CATEGORIES)
    for s in strategies:
        assert 1 <= len(s["title"]) <= 120 and len(s["description"]) <= 2000
        assert set(s) == {"category", "title", "description", "origin"}


def test_domain_imports_without_flask_socketio_or_sqlalchemy():
    code = (
        "import sys, pkgutil, importlib, workshop.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('workshop.domain.' + m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in "
        "('flask', 'flask_socketio', 'flask_sqlalchemy', 'sqlalchemy', 'socketio', 'engineio'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
