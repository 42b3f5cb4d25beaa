"""Logging in and out over HTTP: the contract's answers, sessions that survive a restart and end on
logout, on a new password and on disabling; no account enumeration, no session fixation, no login
from another site, and failed logins limited per IP and per account."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from tests.helpers import PASSWORD, make_app
from workshop.accounts import passwords
from workshop.extensions import db
from workshop.models import Login, utcnow


def login(client, email="anna@ggd.nl", password=PASSWORD, **kwargs):
    return client.post("/api/login", json={"email": email, "password": password}, **kwargs)


def cookie(client) -> str | None:
    found = client.get_cookie("session")
    return found.value if found else None


def client_with(app, value: str):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


@pytest.fixture
def anna(accounts):
    return accounts.create("anna@ggd.nl", name="Anna de Vries")


def test_login_answers_the_user_and_opens_a_cookie_session(client, anna):
    response = login(client, email="  Anna@GGD.nl ")
    assert response.status_code == 200
    assert response.json == {"user": {"email": "anna@ggd.nl", "name": "Anna de Vries", "admin": False}}
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    assert client.get("/api/me").json["user"]["email"] == "anna@ggd.nl"
    assert client.get("/api/accounts").json["user"] == response.json["user"]


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(client, anna):
    wrong = login(client, password="niet het wachtwoord")
    unknown = login(client, email="nobody@ggd.nl")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json
    assert wrong.json["error"]["code"] == "unauthorized"
    assert client.get("/api/me").status_code == 401


def test_an_unknown_email_costs_a_real_password_check():
    # The stand-in hash has today's parameters, so verifying against it takes as long as a real one.
    stand_in = passwords._stand_in()
    assert stand_in.startswith("$argon2id$") and not passwords.needs_rehash(stand_in)
    assert passwords.verify(None, PASSWORD) is False


def test_a_disabled_account_cannot_log_in(app, client, anna, runner):
    assert runner.invoke(args=["users", "disable", anna]).exit_code == 0
    assert login(client).status_code == 403
    assert login(client).json["error"]["code"] == "forbidden"
    assert login(client, password="niet het wachtwoord").status_code == 401
    assert client.get("/api/me").status_code == 401


def test_logout_ends_the_login_even_for_a_copy_of_the_cookie(app, client, anna):
    login(client)
    copy = cookie(client)
    assert client.post("/api/logout").status_code == 204
    assert client.get("/api/me").status_code == 401
    assert client_with(app, copy).get("/api/me").status_code == 401


def test_logging_out_without_a_login_is_harmless(client):
    assert client.post("/api/logout").status_code == 204


def test_a_new_password_ends_every_other_login(app, anna, accounts):
    here, elsewhere = accounts.login(anna), accounts.login(anna)
    refused = here.post("/api/me/password",
                        json={"password": "niet het wachtwoord", "new_password": "x" * 12})
    assert refused.status_code == 403
    assert elsewhere.get("/api/me").status_code == 200
    short = here.post("/api/me/password", json={"password": PASSWORD, "new_password": "kort"})
    assert short.status_code == 400
    changed = here.post("/api/me/password",
                        json={"password": PASSWORD, "new_password": "een nieuw lang wachtwoord"})
    assert changed.status_code == 204
    assert here.get("/api/me").status_code == 200
    assert elsewhere.get("/api/me").status_code == 401
    assert login(app.test_client()).status_code == 401
    assert login(app.test_client(), password="een nieuw lang wachtwoord").status_code == 200


def test_the_login_survives_a_server_restart(tmp_path):
    first = make_app(tmp_path)
    with first.app_context():
        from workshop.accounts import users
        users.create("anna@ggd.nl", PASSWORD)
    client = first.test_client()
    assert login(client).status_code == 200
    kept = cookie(client)
    restarted = make_app(tmp_path)  # same sessions/ folder: same secret key, same logins table
    assert client_with(restarted, kept).get("/api/me").json["user"]["email"] == "anna@ggd.nl"


def test_a_login_ends_when_its_time_is_up(app, client, anna):
    login(client)
    with app.app_context():
        db.session.execute(update(Login).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert client.get("/api/me").status_code == 401


def test_logging_in_starts_a_fresh_session(app, client, workshops, anna):
    # Someone plants a cookie in the browser (session fixation): it holds a workshop identity.
    created = workshops.create()
    planted = cookie(client)
    assert planted
    assert login(client).status_code == 200
    assert cookie(client) != planted
    # The planted cookie opens nothing of the account, and the old session's contents are gone.
    assert client_with(app, planted).get("/api/me").status_code == 401
    assert client.get(f"/api/workshops/{created['code']}").status_code == 401


def test_login_from_another_site_is_refused(client, anna):
    response = login(client, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    response = login(client, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert client.get("/api/me").status_code == 401


@pytest.mark.parametrize("body", [
    None, "email=anna@ggd.nl&password=x", [], {}, {"email": "anna@ggd.nl"}, {"password": PASSWORD},
    {"email": 5, "password": PASSWORD}, {"email": "anna@ggd.nl", "password": PASSWORD, "admin": True},
    {"email": "anna@ggd.nl", "password": "x" * 1001},
])
def test_a_malformed_login_is_invalid_and_logs_nobody_in(client, anna, body):
    if isinstance(body, str) or body is None:
        response = client.post("/api/login", data=body or "", content_type="text/plain")
    else:
        response = client.post("/api/login", json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid"
    assert client.get("/api/me").status_code == 401


def test_a_json_looking_text_body_from_a_form_is_not_a_login(client, anna):
    # A cross-site form can send text/plain that looks like JSON; it is not accepted as JSON.
    body = f'{{"email": "anna@ggd.nl", "password": "{PASSWORD}", "x": "="}}'
    response = client.post("/api/login", data=body, content_type="text/plain")
    assert response.status_code == 400
    assert client.get("/api/me").status_code == 401


@pytest.fixture
def strict(tmp_path):
    yield make_app(tmp_path, LOGIN_FAILURES_PER_IP_PER_HOUR=3, LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR=5)


def test_failed_logins_are_limited_per_ip(strict):
    from tests.helpers import Accounts

    Accounts(strict).create("anna@ggd.nl")
    client = strict.test_client()
    for email in ("anna@ggd.nl", "nobody@ggd.nl", "anna@ggd.nl"):
        assert login(client, email=email, password="niet het wachtwoord").status_code == 401
    limited = login(client)
    assert limited.status_code == 429 and limited.json["error"]["code"] == "rate_limited"
    assert client.get("/api/me").status_code == 401
    other_ip = strict.test_client()
    assert login(other_ip, environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 200


def test_failed_logins_are_limited_per_account_whether_or_not_it_exists(tmp_path):
    from tests.helpers import Accounts

    app = make_app(tmp_path, LOGIN_FAILURES_PER_IP_PER_HOUR=0, LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR=2)
    Accounts(app).create("anna@ggd.nl")
    for email in ("anna@ggd.nl", "nobody@ggd.nl"):
        for n in range(2):
            ip = {"REMOTE_ADDR": f"10.0.{n}.1"}
            failed = login(app.test_client(), email=email, password="fout fout fout", environ_base=ip)
            assert failed.status_code == 401
        answer = login(app.test_client(), email=email, environ_base={"REMOTE_ADDR": "10.9.9.9"})
        assert answer.status_code == 429, email
    # Another account from the same addresses is not held up.
    Accounts(app).create("bram@ggd.nl")
    other = login(app.test_client(), email="bram@ggd.nl", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert other.status_code == 200
