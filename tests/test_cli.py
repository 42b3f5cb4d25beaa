"""The operators' commands (`flask workshops ...`) on a real SQLite database."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.helpers import ROOT, make_app
from tests.summary_workshop import run_workshop, summary, unthrottled_app
from workshop.extensions import db
from workshop.models import Participant, Rating, Vote


@pytest.fixture
def app(tmp_path):
    yield from unthrottled_app(tmp_path)


def test_list_shows_every_workshop_with_its_participants(workshops, runner):
    first = run_workshop(workshops)
    empty = workshops.create(title="Lege sessie")
    result = runner.invoke(args=["workshops", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["code", "phase", "created", "people", "title"]
    row = next(line for line in lines if line.startswith(first["created"]["code"]))
    assert " 4  Beweegkuur opschalen" in row
    assert any(line.startswith(empty["code"]) and " 0  Lege sessie" in line for line in lines)
    listed = json.loads(runner.invoke(args=["workshops", "list", "--json"]).output)
    assert {w["code"]: w["participants"] for w in listed} == {first["created"]["code"]: 4, empty["code"]: 0}


def test_export_writes_each_format_to_a_file(workshops, runner, client, tmp_path):
    run = run_workshop(workshops)
    code = run["created"]["code"]
    for fmt in ("json", "md", "csv", "pdf"):
        target = tmp_path / f"out.{fmt}"
        result = runner.invoke(args=["workshops", "export", code.lower(), "--format", fmt,
                                     "--output", str(target)])
        assert result.exit_code == 0, result.output
        assert f"Wrote {target}" in result.output
        if fmt in ("md", "csv"):  # the others carry the moment they were made
            assert target.read_bytes() == summary(client, run, fmt).data
    exported = json.loads((tmp_path / "out.json").read_text())
    served = summary(client, run).json
    assert {k: v for k, v in exported.items() if k != "generated_at"} \
        == {k: v for k, v in served.items() if k != "generated_at"}
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")


def test_export_of_an_unknown_code_fails_with_a_message(runner, tmp_path):
    result = runner.invoke(args=["workshops", "export", "ZZZZZZZZ", "--output", str(tmp_path / "x.json")])
    assert result.exit_code != 0
    assert "No workshop with code ZZZZZZZZ" in result.output
    assert not (tmp_path / "x.json").exists()


def test_delete_removes_the_workshop_with_its_participants_names_and_comments(workshops, runner, app, client):
    gone = run_workshop(workshops)
    kept = run_workshop(workshops)
    code = gone["created"]["code"]
    result = runner.invoke(args=["workshops", "delete", code, "--yes"])
    assert result.exit_code == 0, result.output
    assert f"Deleted workshop {code}" in result.output
    assert summary(client, gone).status_code == 401
    assert summary(client, kept).status_code == 200
    with app.app_context():
        names = set(db.session.scalars(select(Participant.name)))
        comments = db.session.scalar(select(func.count()).select_from(Rating)
                                     .where(Rating.comment.is_not(None)))
    assert "Deelnemer 1" in names and comments == 1, "the other workshop keeps its own data"
    assert code not in runner.invoke(args=["workshops", "list"]).output


def test_delete_asks_first_and_a_no_keeps_everything(workshops, runner, client):
    run = run_workshop(workshops)
    result = runner.invoke(args=["workshops", "delete", run["created"]["code"]], input="n\n")
    assert result.exit_code != 0
    assert "Aborted" in result.output
    assert summary(client, run).status_code == 200


def test_delete_keep_results_erases_personal_data_but_keeps_the_votes(workshops, runner, app):
    run = run_workshop(workshops)
    result = runner.invoke(args=["workshops", "delete", run["created"]["code"], "--keep-results", "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert set(db.session.scalars(select(Participant.name))) == {None}
        assert db.session.scalar(select(func.count()).select_from(Rating)
                                 .where(Rating.comment.is_not(None))) == 0
        assert db.session.scalar(select(func.sum(Vote.count))) == 10


def test_the_commands_run_from_the_shell_with_the_app_factory(tmp_path):
    """`flask --app workshop:create_app ...` as the README says: no run.py, no monkey patching."""
    flask = Path(sys.executable).with_name("flask")
    env = {**os.environ, "SESSIONS_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(flask), "--app", "workshop:create_app", "workshops", *args],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    assert run("list").stdout.strip() == "No workshops."
    app = make_app(tmp_path)
    body = {"title": "Beweegkuur", "intervention": "Beweegkuur"}
    code = app.test_client().post("/api/workshops", json=body).json["code"]
    assert code in run("list").stdout
    exported = run("export", code, "--format", "csv", "--output", str(tmp_path / "out.csv"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfparticipants;")
    assert run("delete", code, "--yes").returncode == 0
    assert run("list").stdout.strip() == "No workshops."
