"""Shared fixtures: an app on a fresh SQLite file, HTTP and Socket.IO test clients,
and a real server process (`python run.py`, eventlet) for tests that need one.
The helpers they use are in `tests/helpers.py`."""

import os

import pytest

from tests.helpers import Accounts, ServerProcess, Workshops, make_app, services_available, wait_for


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    # Flushes still on their way would reach the next test's clients (same rooms, same socketio).
    assert wait_for(app.extensions["live"].idle, timeout=10)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def workshops(app, client):
    helper = Workshops(app, client)
    yield helper
    helper.close()


@pytest.fixture
def server(tmp_path):
    """A real eventlet server on SQLite, started fresh for the test."""
    process = ServerProcess(tmp_path).start()
    yield process
    process.stop()


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL/Redis or Chromium skip with a reason, unless CI requires them."""
    if not services_available() and not os.environ.get("REQUIRE_SERVICES"):
        skip = pytest.mark.skip(reason="needs PostgreSQL and Redis on 127.0.0.1 (see README)")
        for item in items:
            if "services" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def accounts(app):
    return Accounts(app)
