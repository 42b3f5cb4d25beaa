"""The pure front-end modules' unit tests (tests/js/*.test.mjs), run by Node's own test runner."""

import shutil
import subprocess

import pytest

from tests.helpers import ROOT


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (installed with npm for the set-up)")
def test_the_front_end_unit_tests_pass():
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests" / "js").glob("*.test.mjs"))
    assert files
    result = subprocess.run(["node", "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout
