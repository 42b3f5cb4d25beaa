"""The lock files that `scripts/install.sh` installs hold every package the edited lists pin.

A package added to requirements.txt but not to the lock would install on the machine of
whoever added it and be missing on every fresh machine.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line, following `-r other.txt`."""
    text = path.read_text()
    found = {}
    for included in re.findall(r"^-r\s+(\S+)", text, re.MULTILINE):
        found.update(pins(path.parent / included))
    found.update({canonical(name): version for name, version in PIN.findall(text)})
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@pytest.mark.parametrize("edited, lock", [("requirements.txt", "requirements.lock"),
                                          ("requirements-dev.txt", "requirements-dev.lock")])
def test_every_pinned_requirement_is_in_its_lock_file(edited, lock):
    wanted = pins(ROOT / edited)
    locked = pins(ROOT / lock)
    missing = {name: version for name, version in wanted.items() if locked.get(name) != version}
    assert not missing, f"{lock} is out of date (run the pip-compile line in scripts/install.sh): {missing}"
