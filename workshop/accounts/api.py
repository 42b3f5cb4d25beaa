"""The account routes of the JSON API: log in and out, "my workshops", a new password; and the
workshop routes a login opens up: sharing with colleagues and claiming a workshop by its token."""

from flask import Blueprint, current_app, jsonify

from .. import limits
from ..api import body, identify
from ..database import reading
from ..domain import accounts as rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import User
from ..reads import workshop_by_code
from . import access, logins, users
from .schemas import LoginBody, PasswordChange, ShareBody

bp = Blueprint("accounts_api", __name__)


@bp.get("/api/accounts")
def accounts_in_use():
    """Whether this server has accounts at all (pages offer to log in only then), and who is
    logged in here, if anyone: pages ask this without a 401 when nobody is."""
    with reading():
        account = logins.current()
        return jsonify({"in_use": users.in_use(), "required": current_app.config["ACCOUNTS_REQUIRED"],
                        "user": account.as_json() if account else None})


@bp.post("/api/login")
def login():
    fields = body(LoginBody)
    account = logins.log_in(logins.authenticate(fields.email, fields.password))
    return jsonify({"user": account.as_json()})


@bp.post("/api/logout")
def logout():
    logins.log_out()
    return "", 204


@bp.get("/api/me")
def me():
    with reading():
        account = logins.required()
        return jsonify({"user": account.as_json(), "workshops": access.workshops_of(account.user),
                        "events": access.events_of(account.user)})


@bp.post("/api/me/password")
def change_password():
    """A new password for the logged-in account; every other login of it ends."""
    account = logins.required()
    fields = body(PasswordChange)
    try:
        user = logins.authenticate(account.user.email, fields.password)
    except RuleError as error:
        if error.code != "unauthorized":
            raise
        raise RuleError("forbidden", "The current password is not right.") from None
    users.set_password(user, rules.check_password(fields.new_password), keep_login=account.login.id)
    return "", 204


def _workshop_of_mine(code: str):
    """The workshop, for a logged-in account (whether it facilitates it is the caller's check)."""
    account = logins.required()
    w = limits.lookup(lambda: workshop_by_code(code))
    if w is None:
        raise RuleError("not_found", "No workshop with this code.")
    return account, w


@bp.get("/api/workshops/<code>/facilitators")
def facilitators(code: str):
    with reading():
        account, w = _workshop_of_mine(code)
        if not access.facilitates(account.user.id, w.id):
            raise RuleError("forbidden", "Only a facilitator of this workshop sees who runs it.")
        return jsonify({"facilitators": access.facilitators(w)})


@bp.post("/api/workshops/<code>/facilitators")
def share(code: str):
    """Share a workshop with a colleague's account: 201, or 200 when they already have it."""
    account, w = _workshop_of_mine(code)
    fields = body(ShareBody)
    target, added = access.share(w, account.user, fields.email)
    db.session.commit()
    return jsonify({"facilitator": {**logins.user_json(target), "owner": False},
                    "facilitators": access.facilitators(w)}), 201 if added else 200


@bp.delete("/api/workshops/<code>/facilitators/<path:email>")
def unshare(code: str, email: str):
    """Take a co-facilitator off a workshop (the owner), or leave it (a co-facilitator)."""
    account, w = _workshop_of_mine(code)
    target = users.by_email(email)
    access.unshare(w, account.user, target.id if target else 0)
    sids = logins.connections_of(target.id, w.id)
    db.session.commit()
    logins.close_connections(sids)
    return "", 204


@bp.post("/api/workshops/<code>/claim")
def claim(code: str):
    """Add a workshop this browser facilitates (by its token) to the logged-in account."""
    account = logins.required()
    w, person = identify(code)
    added = access.claim(w, person, db.session.get(User, account.user.id))
    db.session.commit()
    return jsonify({"workshop": next(x for x in access.workshops_of(account.user) if x["code"] == w.code)}), \
        201 if added else 200
