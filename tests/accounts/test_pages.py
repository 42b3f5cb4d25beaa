"""The account pages: login and logout forms that work without JavaScript and refuse a forged post
(login CSRF), no redirect to another site, who sees "my workshops" and the admin page, a strict CSP,
and complete Dutch and English texts."""

import json
import re
from pathlib import Path

import pytest

from tests.helpers import PASSWORD
from workshop.i18n import catalog

ROOT = Path(__file__).resolve().parents[2]
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def anna(accounts):
    return accounts.create("anna@ggd.nl")


def form_token(client, path="/login") -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def logged_in(client) -> bool:
    return client.get("/api/me").status_code == 200


def test_the_login_form_logs_in_without_javascript(client, anna):
    token = form_token(client)
    response = client.post("/login", data={"email": "anna@ggd.nl", "password": PASSWORD, "csrf": token,
                                           "next": "/timeline/ABCDEFGH"})
    assert response.status_code == 303 and response.headers["Location"] == "/timeline/ABCDEFGH"
    assert logged_in(client)
    assert client.get("/login?next=/mine").status_code == 302


def test_a_login_form_without_this_browsers_token_is_refused(app, client, anna):
    # Login CSRF: another site posts the form with its own account's password into this browser.
    form_token(app.test_client())  # a token of some other browser
    for data in ({}, {"csrf": "forged"}, {"csrf": form_token(app.test_client())}):
        response = client.post("/login", data={"email": "anna@ggd.nl", "password": PASSWORD, **data})
        assert response.status_code == 403, data
        assert "Het formulier was verlopen" in response.get_data(as_text=True)
    assert not logged_in(client)


def test_a_cross_site_form_post_is_refused_before_it_is_read(client, anna):
    token = form_token(client)
    response = client.post("/login", data={"email": "anna@ggd.nl", "password": PASSWORD, "csrf": token},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert not logged_in(client)


def test_a_wrong_password_shows_the_form_again_with_the_reason(client, anna):
    response = client.post("/login?lang=en", data={"email": "anna@ggd.nl", "password": "fout fout fout",
                                                   "csrf": form_token(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "The email address or the password is not right." in page and 'value="anna@ggd.nl"' in page
    assert not logged_in(client)


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example", "/\\evil.example",
                                    "javascript:x"])
def test_after_logging_in_the_browser_stays_on_this_site(client, anna, target):
    response = client.post("/login", data={"email": "anna@ggd.nl", "password": PASSWORD,
                                           "csrf": form_token(client), "next": target})
    assert response.headers["Location"] == "/mine"


def test_logging_out_by_form_needs_this_browsers_token(client, anna, accounts):
    accounts.login(anna, client=client)
    page = client.get("/logout?lang=en").get_data(as_text=True)
    assert "You are logged in as anna@ggd.nl" in page
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 403
    assert logged_in(client)
    response = client.post("/logout", data={"csrf": form_token(client, "/logout")})
    assert response.status_code == 303 and not logged_in(client)
    assert "Je bent uitgelogd" in client.get("/logout").get_data(as_text=True)


def test_my_workshops_and_the_admin_page_ask_for_a_login(client, anna, accounts):
    assert client.get("/mine?lang=en").headers["Location"] == "/login?next=%2Fmine%3Flang%3Den"
    assert client.get("/admin").headers["Location"] == "/login?next=%2Fadmin"
    accounts.login(anna, client=client)
    assert client.get("/mine").status_code == 200
    refused = client.get("/admin?lang=en")
    assert refused.status_code == 403 and "Only for admins" in refused.get_data(as_text=True)
    accounts.create("beheer@ggd.nl", admin=True)
    assert accounts.login("beheer@ggd.nl").get("/admin").status_code == 200


def test_an_unknown_timeline_is_a_missing_page(client):
    response = client.get("/timeline/ZZZZZZZZ")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_the_pages_work_under_a_strict_content_security_policy(client, anna, accounts, workshops):
    from tests.test_views import INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE

    code = workshops.create()["code"]
    accounts.create("beheer@ggd.nl", admin=True)
    admin = accounts.login("beheer@ggd.nl")
    for path in ("/login", "/logout", "/mine", "/admin", f"/timeline/{code}", "/workshops"):
        html = (client if path == "/login" else admin).get(path).get_data(as_text=True)
        assert not INLINE_SCRIPT.search(html) and not INLINE_HANDLER.search(html), path
        assert not INLINE_STYLE.search(html), path
        assert 'type="module"' in html and "css/accounts.css" in html, path


def test_dutch_and_english_have_every_account_and_timeline_text_the_pages_use():
    nl = json.loads((ROOT / "workshop/translations/nl/accounts.json").read_text(encoding="utf-8"))
    en = json.loads((ROOT / "workshop/translations/en/accounts.json").read_text(encoding="utf-8"))
    assert set(nl) == set(en)
    assert all(value.strip() for value in [*nl.values(), *en.values()])
    used = set()
    for path in [*(ROOT / "static/js").glob("*.js"), *(ROOT / "templates").glob("*.html"),
                 *(ROOT / "workshop/accounts").glob("*.py")]:
        used |= set(re.findall(r"""["'`]((?:accounts|timeline)\.[a-z0-9_.]+[a-z0-9_])["'`]""",
                               path.read_text(encoding="utf-8")))
    used = {key for key in used if not key.endswith((".js", ".py", ".html", ".css"))}
    assert used, "the pages use account texts"
    for language in ("nl", "en"):
        assert not used - set(catalog(language)), language
