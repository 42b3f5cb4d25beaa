"""The admin's JSON API: add, change, disable and remove facilitator accounts."""

from flask import Blueprint, jsonify

from ..api import body
from ..database import reading
from ..domain import accounts as rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import User
from . import logins, users
from .schemas import NewUser, UserChange

bp = Blueprint("accounts_admin", __name__)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise RuleError("not_found", "No such account.")
    return user


@bp.get("/api/users")
def listing():
    with reading():
        logins.admin_required()
        return jsonify({"users": users.listing()})


@bp.post("/api/users")
def create():
    logins.admin_required()
    fields = body(NewUser)
    user = users.create(fields.email, fields.password, fields.name, fields.admin)
    return jsonify({"user": users.user_json(user)}), 201


@bp.patch("/api/users/<int:user_id>")
def change(user_id: int):
    """Any of {name, password, admin, disabled}; a new password or disabling ends the account's logins."""
    admin = logins.admin_required()
    fields = body(UserChange)
    user = _user(user_id)
    given = fields.given()
    rules.check_account_change(admin.user.id, user.id,
                               locks_out=given.get("disabled") is True or given.get("admin") is False)
    if "password" in given:
        if fields.password is None:
            raise RuleError("invalid", "password: a new password is needed.")
        rules.check_password(fields.password)
    if "name" in given:
        user.name = fields.name
    if given.get("admin") is not None:
        user.admin = fields.admin
    db.session.commit()
    if given.get("disabled") is not None:
        users.set_disabled(user, fields.disabled)
    if "password" in given:
        users.set_password(user, fields.password)
    return jsonify({"user": users.user_json(db.session.get(User, user_id))})


@bp.delete("/api/users/<int:user_id>")
def delete(user_id: int):
    """Remove an account; the workshops it owns pass to an admin."""
    admin = logins.admin_required()
    user = _user(user_id)
    rules.check_account_change(admin.user.id, user.id, locks_out=True)
    heir, passed = users.delete(user)
    return jsonify({"workshops": passed, "passed_to": logins.user_json(heir) if heir else None})
