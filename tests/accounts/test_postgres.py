"""Accounts on PostgreSQL: the migration, logins, sharing, "my workshops" and deleting an account
with its workshops passing to an admin work there as on SQLite."""

import pytest

from tests.helpers import Accounts, fresh_postgres_database, make_app
from workshop.extensions import socketio

pytestmark = pytest.mark.services


@pytest.fixture
def app(tmp_path):
    with fresh_postgres_database("accounts") as url:
        app = make_app(tmp_path, DATABASE_URL=url)
        yield app
        with app.app_context():
            from workshop.extensions import db
            db.engine.dispose()


def test_accounts_on_postgresql(app):
    accounts = Accounts(app)
    accounts.create("beheer@ggd.nl", admin=True)
    accounts.create("anna@ggd.nl")
    accounts.create("bram@ggd.nl")
    anna, bram = accounts.login("anna@ggd.nl"), accounts.login("bram@ggd.nl")
    code = anna.post("/api/workshops", json={"title": "T", "intervention": "I"}).json["code"]
    assert anna.post(f"/api/workshops/{code}/facilitators", json={"email": "bram@ggd.nl"}).status_code == 201
    assert [w["code"] for w in bram.get("/api/me").json["workshops"]] == [code]
    console = socketio.test_client(app, auth={"code": code}, flask_test_client=bram)
    assert console.is_connected()
    admin = accounts.login("beheer@ggd.nl")
    anna_id = next(u["id"] for u in admin.get("/api/users").json["users"] if u["email"] == "anna@ggd.nl")
    assert admin.delete(f"/api/users/{anna_id}").json["workshops"] == 1
    assert [w["owner"] for w in admin.get("/api/me").json["workshops"]] == [True]
    bram_id = next(u["id"] for u in admin.get("/api/users").json["users"] if u["email"] == "bram@ggd.nl")
    assert admin.patch(f"/api/users/{bram_id}", json={"disabled": True}).status_code == 200
    assert not console.is_connected()
    assert app.test_cli_runner().invoke(args=["retention"]).exit_code == 0
