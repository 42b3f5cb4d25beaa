"""The issue's "done when": examples/run_workshop.py runs a whole workshop against the real server."""

import importlib.util
import subprocess
import sys

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def server(module_server):
    """One server for this module: each test makes its own workshop."""
    return module_server


def load_example():
    spec = importlib.util.spec_from_file_location("run_workshop", ROOT / "examples" / "run_workshop.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_complete_workshop_runs_through_the_contract(server):
    summary = load_example().main(server.url)
    assert summary["workshop"]["phase"] == "closed"
    assert [s["rank"] for s in summary["strategies"][:4]] == [1, 2, 2, 4]
    assert "Traceback" not in server.log()


def test_the_script_runs_from_the_command_line(server):
    result = subprocess.run([sys.executable, "examples/run_workshop.py", server.url], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "ran through the contract" in result.stdout


def test_the_script_fails_when_no_server_answers():
    result = subprocess.run([sys.executable, "examples/run_workshop.py", "http://127.0.0.1:9"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
