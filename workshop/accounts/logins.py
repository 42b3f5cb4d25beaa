"""The login session: Flask-Login on the signed cookie, backed by one `Login` row per browser.

The cookie holds a random key; the table holds its hash and when it expires. Every
request looks the key up, so a login ends for good on logout, on a new password, and
when its account is disabled or deleted, even if someone kept a copy of the cookie.
Socket.IO connections a login let in are recorded too, and closed when it ends.

Failed logins are limited per IP address and per email address (known or not, so the
limit tells nothing about which accounts exist).
"""

import hashlib
import secrets
from datetime import timedelta

from flask import Flask, current_app, g, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import delete, select

from .. import limits
from ..domain import accounts as rules
from ..domain.rules import RuleError
from ..extensions import db, socketio
from ..models import Connection, Login, LoginConnection, User, utcnow
from . import passwords

login_manager = LoginManager()
# Whether the browser's address or user agent changed says little behind proxies and phones;
# a login ends through its row in the database instead.
login_manager.session_protection = None


class Account(UserMixin):
    """The logged-in account of this request. `get_id` is the login's key, not the user's id,
    so Flask-Login stores the key in the cookie and hands it back to `load`."""

    def __init__(self, user: User, login: Login, key: str):
        self.user, self.login, self.key = user, login, key

    def get_id(self) -> str:
        return self.key

    def as_json(self) -> dict:
        return user_json(self.user)


def user_json(user: User) -> dict:
    return {"email": user.email, "name": user.name, "admin": user.admin}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@login_manager.user_loader
def load(key: str) -> Account | None:
    if not isinstance(key, str) or len(key) > 100:
        return None
    found = db.session.execute(select(Login, User).join(User, User.id == Login.user_id)
                               .where(Login.key_hash == hash_key(key))).first()
    if found is None:
        return None
    login, user = found
    if user.disabled_at is not None or login.expires_at <= utcnow():
        return None
    return Account(user, login, key)


@login_manager.unauthorized_handler
def unauthorized():
    raise RuleError("unauthorized", "Log in first.")


def current() -> Account | None:
    """The account logged in on this request or connection, if any."""
    return current_user if current_user.is_authenticated else None


def required() -> Account:
    account = current()
    if account is None:
        raise RuleError("unauthorized", "Log in first.")
    return account


def admin_required() -> Account:
    account = required()
    if not account.user.admin:
        raise RuleError("forbidden", "Only an admin can manage accounts.")
    return account


# --- logging in and out --------------------------------------------------------------------

class LoginLimits:
    def __init__(self, config: dict):
        per_hour = config["LOGIN_FAILURES_PER_IP_PER_HOUR"], config["LOGIN_FAILURES_PER_ACCOUNT_PER_HOUR"]
        self.ip, self.email = (limits.Limit(n, n / limits.HOUR) for n in per_hour)


def authenticate(email: str, password: str) -> User:
    """The account whose password this is. Wrong password or unknown email: the same 401, at the
    same cost; either counts against the IP's and the email's failed logins (429 once spent)."""
    buckets: LoginLimits = current_app.extensions["login_limits"]
    ip, key = limits.client_ip(), rules.normalize_email(email)
    buckets.ip.check(ip)
    buckets.email.check(key)
    user = db.session.scalar(select(User).where(User.email == key))
    # Verified off the event loop; no transaction is held while it runs.
    stored = user.password_hash if user is not None else None
    db.session.rollback()
    if not passwords.verify(stored, password):
        buckets.ip.take(ip, refuse=False)
        buckets.email.take(key, refuse=False)
        raise RuleError("unauthorized", "The email address or the password is not right.")
    user = db.session.get(User, user.id)
    if user is None or user.disabled_at is not None:
        raise RuleError("forbidden", "This account is disabled. Ask your admin.")
    if passwords.needs_rehash(stored):
        user.password_hash = passwords.hash_password(password)
    return user


def log_in(user: User) -> Account:
    """Start a fresh cookie session for `user`: nothing from before survives (no session fixation)."""
    key = secrets.token_urlsafe(32)
    login = Login(user_id=user.id, key_hash=hash_key(key),
                  expires_at=utcnow() + timedelta(days=current_app.config["LOGIN_DAYS"]))
    db.session.add(login)
    user.last_login_at = utcnow()
    db.session.commit()
    session.clear()
    account = Account(user, login, key)
    login_user(account)
    session.permanent = True
    return account


def log_out() -> None:
    account = current()
    if account is not None:
        end_logins(account.user.id, only=account.login.id)
    logout_user()
    session.clear()


def end_logins(user_id: int, *, only: int | None = None, keep: int | None = None) -> None:
    """End the user's logins (just `only`, or all but `keep`) and close what they connected."""
    query = select(Login.id).where(Login.user_id == user_id)
    if only is not None:
        query = query.where(Login.id == only)
    if keep is not None:
        query = query.where(Login.id != keep)
    ids = list(db.session.scalars(query))
    sids = list(db.session.scalars(select(LoginConnection.sid).where(LoginConnection.login_id.in_(ids))))
    db.session.execute(delete(Login).where(Login.id.in_(ids)))
    db.session.commit()
    close_connections(sids)


# --- live connections ---------------------------------------------------------------------

def connected_by_login(sid: str) -> None:
    """Record that the login of this request let connection `sid` in (see `facilitator_in`)."""
    login_id = g.pop("login_connects", None)
    if login_id is None:
        return
    db.session.add(LoginConnection(sid=sid, login_id=login_id))
    db.session.commit()


def connections_of(user_id: int, workshop_id: int) -> list[str]:
    return list(db.session.scalars(
        select(LoginConnection.sid).join(Login, Login.id == LoginConnection.login_id)
        .join(Connection, Connection.sid == LoginConnection.sid)
        .where(Login.user_id == user_id, Connection.workshop_id == workshop_id)))


def close_connections(sids: list[str]) -> None:
    """Disconnect these Socket.IO connections, on whichever server process holds them.
    Call after committing: the disconnect handler writes to the database."""
    for sid in sids:
        socketio.server.disconnect(sid, namespace="/")


def init_app(app: Flask) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(days=app.config["LOGIN_DAYS"])
    # Not login_manager.init_app: its after_request hook serves the remember-me cookie, which a
    # login here does not use, and reading the session for it made every response, static files
    # too, vary by cookie.
    app.login_manager = login_manager
    app.context_processor(lambda: {"current_user": current_user})
    app.extensions["login_limits"] = LoginLimits(app.config)
