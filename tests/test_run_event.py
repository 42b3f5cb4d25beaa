"""examples/run_event.py runs the source text's afternoon as an event against the real server."""

import importlib.util
import subprocess
import sys

import pytest

from tests.helpers import ROOT

pytestmark = pytest.mark.live


def test_the_afternoon_runs_through_the_contract(server, tmp_path):
    spec = importlib.util.spec_from_file_location("run_event", ROOT / "examples" / "run_event.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    summary = module.main(server.url, tmp_path / "report")
    assert [g["workshop"]["title"] for g in summary["groups"]] == [
        "Context gebonden?", "Eigenaarschap", "De interventie voorbij", "Complexiteit"]
    assert all(g["questions"][0]["themes"] and g["questions"][0]["insights"] for g in summary["groups"])
    assert (tmp_path / "report" / "event-summary.pdf").read_bytes().startswith(b"%PDF")
    assert "Traceback" not in server.log()


def test_the_script_fails_when_no_server_answers():
    result = subprocess.run([sys.executable, "examples/run_event.py", "http://127.0.0.1:9"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "broken" in result.stderr
