"""`flask users …` through the app's CLI runner, and once from the shell as the README says."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import PASSWORD, ROOT, make_app


def login(app, email, password=PASSWORD):
    return app.test_client().post("/api/login", json={"email": email, "password": password}).status_code


def test_create_reads_the_password_from_standard_input(app, runner):
    result = runner.invoke(args=["users", "create", "Anna@GGD.nl", "--name", "Anna de Vries", "--admin"],
                           input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert login(app, "anna@ggd.nl") == 200
    me = app.test_client()
    me.post("/api/login", json={"email": "anna@ggd.nl", "password": PASSWORD})
    assert me.get("/api/me").json["user"] == {"email": "anna@ggd.nl", "name": "Anna de Vries", "admin": True}


@pytest.mark.parametrize(("args", "stdin"), [
    (["not-an-email"], f"{PASSWORD}\n"),
    (["anna@ggd.nl"], "kort\n"),
    (["anna@ggd.nl"], ""),
])
def test_create_refuses_bad_input_with_a_message(runner, args, stdin):
    result = runner.invoke(args=["users", "create", *args], input=stdin)
    assert result.exit_code != 0
    assert "Error:" in result.output
    assert "No accounts." in runner.invoke(args=["users", "list"]).output


def test_an_email_has_one_account(runner):
    assert runner.invoke(args=["users", "create", "anna@ggd.nl"], input=f"{PASSWORD}\n").exit_code == 0
    again = runner.invoke(args=["users", "create", "ANNA@ggd.nl"], input=f"{PASSWORD}\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_list_shows_every_account_with_its_workshops(app, runner, accounts):
    accounts.create("anna@ggd.nl", name="Anna")
    accounts.create("beheer@ggd.nl", admin=True)
    anna = accounts.login("anna@ggd.nl")
    anna.post("/api/workshops", json={"title": "T", "intervention": "I"})
    table = runner.invoke(args=["users", "list"]).output
    assert "anna@ggd.nl" in table and "facilitator" in table and "beheer@ggd.nl" in table and "admin" in table
    rows = json.loads(runner.invoke(args=["users", "list", "--json"]).output)
    assert [(r["email"], r["admin"], r["workshops"]) for r in rows] == [("anna@ggd.nl", False, 1),
                                                                       ("beheer@ggd.nl", True, 0)]


def test_delete_passes_the_workshops_to_an_admin(app, runner, accounts):
    accounts.create("anna@ggd.nl")
    accounts.create("beheer@ggd.nl", admin=True)
    anna = accounts.login("anna@ggd.nl")
    code = anna.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    result = runner.invoke(args=["users", "delete", "anna@ggd.nl"])
    assert result.exit_code == 0 and "1 workshop(s) passed to beheer@ggd.nl" in result.output
    assert login(app, "anna@ggd.nl") == 401
    assert [w["code"] for w in accounts.login("beheer@ggd.nl").get("/api/me").json["workshops"]] == [code]
    assert runner.invoke(args=["users", "delete", "anna@ggd.nl"]).exit_code != 0


def test_without_an_admin_a_deleted_accounts_workshops_keep_working_by_token(app, runner, accounts):
    accounts.create("anna@ggd.nl")
    anna = accounts.login("anna@ggd.nl")
    created = anna.post("/api/workshops", json={"title": "T", "intervention": "I"}).json
    assert "kept without an account" in runner.invoke(args=["users", "delete", "anna@ggd.nl"]).output
    state = app.test_client().get(f"/api/workshops/{created['code']}",
                                  headers={"Authorization": f"Bearer {created['facilitator_token']}"})
    assert state.status_code == 200


def test_password_disable_and_enable(app, runner, accounts):
    accounts.create("anna@ggd.nl")
    session = accounts.login("anna@ggd.nl")
    changed = runner.invoke(args=["users", "password", "anna@ggd.nl"], input="een nieuw wachtwoord\n")
    assert changed.exit_code == 0
    assert session.get("/api/me").status_code == 401
    assert login(app, "anna@ggd.nl", "een nieuw wachtwoord") == 200
    assert runner.invoke(args=["users", "disable", "anna@ggd.nl"]).exit_code == 0
    assert login(app, "anna@ggd.nl", "een nieuw wachtwoord") == 403
    assert "(off)" in runner.invoke(args=["users", "list"]).output
    assert runner.invoke(args=["users", "enable", "anna@ggd.nl"]).exit_code == 0
    assert login(app, "anna@ggd.nl", "een nieuw wachtwoord") == 200
    assert runner.invoke(args=["users", "disable", "nobody@ggd.nl"]).exit_code != 0


def test_the_users_commands_run_from_the_shell_with_the_app_factory(tmp_path):
    flask = Path(sys.executable).with_name("flask")
    env = {**os.environ, "SESSIONS_DIR": str(tmp_path), "LOG_LEVEL": "WARNING"}

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([str(flask), "--app", "workshop:create_app", "users", *args], input=stdin,
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    created = run("create", "anna@ggd.nl", "--name", "Anna", stdin=f"{PASSWORD}\n")
    assert created.returncode == 0, created.stderr
    assert "anna@ggd.nl" in run("list").stdout
    assert login(make_app(tmp_path), "anna@ggd.nl") == 200
    assert run("delete", "anna@ggd.nl").returncode == 0
    assert run("list").stdout.strip() == "No accounts."


def test_deleting_a_workshop_takes_it_off_its_facilitators_accounts(runner, accounts):
    accounts.create("anna@ggd.nl")
    accounts.create("bram@ggd.nl")
    anna = accounts.login("anna@ggd.nl")
    code = anna.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    anna.post(f"/api/workshops/{code}/facilitators", json={"email": "bram@ggd.nl"})
    assert runner.invoke(args=["workshops", "delete", code, "--yes"]).exit_code == 0
    assert anna.get("/api/me").json["workshops"] == []
    assert accounts.login("bram@ggd.nl").get("/api/me").json["workshops"] == []
