"""Shared fixtures; the helpers they use are in `tests/helpers.py`.

- `app`: the test app (threading mode) on a fresh SQLite file in `tmp_path`, copied from a
  database migrated once per test process; `client`, `runner`: its HTTP and CLI test clients.
  A module that needs other settings defines its own `app` with `make_app(tmp_path, KEY=value)`
  (or `yield from unthrottled_app(tmp_path)` from tests/summary_workshop.py).
- `workshops`: creates workshops and participants over HTTP and connects them over Socket.IO
  (`Workshops.room()` for a facilitator with participants); `accounts`: facilitator accounts.
- `server`: a real `python run.py` process for the test; `module_server`: one for a module.
- Browser fixtures (`chromium` per session, `site` per module, `browsers`) are in
  tests/browser/conftest.py.

Every test may run beside others, in another pytest process (`-n 2`) or another person's run:
servers listen on free ports, files go under `tmp_path`, PostgreSQL tests make their own
database (`fresh_postgres_database`) and Redis tests their own redis-server (`RedisServer`).
"""

import os

import pytest

from tests.helpers import Accounts, ServerProcess, Workshops, make_app, services_available, wait_for


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    # Flushes still on their way would reach the next test's clients (same rooms, same socketio).
    assert wait_for(app.extensions["live"].idle)


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
def lively(tmp_path):
    """Workshops whose participants may send many events at once (the live layer's stories);
    the live layer has nothing left to send when the test ends."""
    app = make_app(tmp_path, EVENT_BURST=1000)
    helper = Workshops(app, app.test_client())
    yield helper
    helper.close()
    assert wait_for(app.extensions["live"].idle)


@pytest.fixture
def server(tmp_path):
    """A real eventlet server on SQLite, started fresh for the test: for a test that kills or
    restarts it, reads its whole log, or spends a server-wide limit (per address, per hour)."""
    process = ServerProcess(tmp_path).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def module_server(tmp_path_factory):
    """One real server for a module's tests that each make their own workshop and leave the
    server as they found it. Starting a server costs seconds on a busy machine, so a module whose
    tests qualify takes this one for `server` (as tests/test_server.py does):

        @pytest.fixture(scope="module")
        def server(module_server):
            return module_server
    """
    process = ServerProcess(tmp_path_factory.mktemp("server")).start()
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
