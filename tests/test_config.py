"""Settings from the environment, and what the factory leaves alone."""

import os
import stat

from tests.helpers import make_app


def test_the_generated_secret_key_is_private_from_the_start(tmp_path):
    make_app(tmp_path)
    key = tmp_path / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_text()) == 64
    first = key.read_text()
    make_app(tmp_path)
    assert key.read_text() == first  # kept, not made again


def test_the_factory_does_not_point_the_flask_command_at_run_py(tmp_path, monkeypatch):
    monkeypatch.delenv("FLASK_APP", raising=False)
    make_app(tmp_path)
    assert "FLASK_APP" not in os.environ


def test_deadlines_and_limits_come_from_the_environment(tmp_path, monkeypatch):
    from workshop.config import from_environment

    monkeypatch.setenv("HTTP_BODY_TIMEOUT", "2.5")
    monkeypatch.setenv("TRUSTED_HOSTS", "workshop.example, www.workshop.example")
    monkeypatch.setenv("JOINS_PER_IP_PER_WORKSHOP", "40")
    settings = from_environment()
    assert settings["HTTP_BODY_TIMEOUT"] == 2.5 and settings["HTTP_HEADER_TIMEOUT"] == 10.0
    assert settings["TRUSTED_HOSTS"] == ["workshop.example", "www.workshop.example"]
    assert settings["JOINS_PER_IP_PER_WORKSHOP"] == 40 and settings["MAX_PARTICIPANTS"] == 500
