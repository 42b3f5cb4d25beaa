"""The account pages: log in, log out, "my workshops" and the admin page, in both languages.

The login and logout forms work without JavaScript too (POST /login, POST /logout). Those
form posts carry a CSRF token from the cookie session on top of the cross-site refusal of
`security.py`, so no other site can log a browser in to an account of its choosing.
"""

import hmac
import secrets
from urllib.parse import urlencode

from flask import Blueprint, redirect, request, session

from ..domain.rules import RuleError
from ..views import page_language, render_page
from . import logins

bp = Blueprint("accounts_pages", __name__)


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_valid() -> bool:
    sent, kept = request.form.get("csrf", ""), session.get("csrf", "")
    return bool(kept) and hmac.compare_digest(sent.encode(), kept.encode())


def safe_next(target: str | None, default: str = "/mine") -> str:
    """Only a path on this site: never another host (`//host`, `/\\host`) to be sent to."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def page(template: str, view: str, status: int = 200, **context):
    return render_page(template, view, page_language(), csrf=csrf_token(), **context), status


@bp.get("/login")
def login_page():
    target = safe_next(request.args.get("next"))
    if logins.current() is not None:
        return redirect(target)
    return page("login.html", "login", next=target)


@bp.post("/login")
def login_form():
    """The login form without JavaScript: a redirect on success, the page with the error otherwise."""
    target = safe_next(request.form.get("next"))
    email = request.form.get("email", "")
    if not csrf_valid():
        return page("login.html", "login", 403, next=target, email=email, error="accounts.error.expired")
    try:
        logins.log_in(logins.authenticate(email, request.form.get("password", "")))
    except RuleError as error:
        status = {"unauthorized": 401, "forbidden": 403, "rate_limited": 429}.get(error.code, 400)
        return page("login.html", "login", status, next=target, email=email,
                    error=f"accounts.error.{error.code}")
    return redirect(target, code=303)


@bp.get("/logout")
def logout_page():
    return page("logout.html", "logout", account=logins.current())


@bp.post("/logout")
def logout_form():
    if not csrf_valid():
        return page("logout.html", "logout", 403, account=logins.current(), error="accounts.error.expired")
    logins.log_out()
    return redirect("/logout", code=303)


@bp.get("/mine")
def mine():
    account = logins.current()
    if account is None:
        return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
    return page("mine.html", "mine", account=account)


@bp.get("/admin")
def admin():
    account = logins.current()
    if account is None:
        return redirect("/login?" + urlencode({"next": request.full_path.rstrip("?")}))
    if not account.user.admin:
        return page("admin.html", "admin", 403, account=account, allowed=False)
    return page("admin.html", "admin", account=account, allowed=True)
