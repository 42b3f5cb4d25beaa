"""Managing accounts, for the `flask users` commands and the admin page alike: create, list,
change a password, disable, enable and delete (the workshops pass to an admin)."""

from sqlalchemy import func, select

from ..domain import accounts as rules
from ..domain.rules import RuleError
from ..extensions import db
from ..models import User, WorkshopFacilitator, utcnow
from . import access, logins, passwords


def by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == rules.normalize_email(email)))


def in_use() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def create(email: str, password: str, name: str | None = None, admin: bool = False) -> User:
    email = rules.check_email(email)
    rules.check_password(password)
    if by_email(email) is not None:
        raise RuleError("invalid", "An account with this email address already exists.")
    db.session.rollback()  # no transaction held while the password is hashed
    user = User(email=email, name=name, admin=admin, password_hash=passwords.hash_password(password))
    db.session.add(user)
    db.session.commit()
    return user


def user_json(user: User, workshops: int = 0) -> dict:
    """An account as the admin page and `flask users list` show it."""
    return {"id": user.id, **logins.user_json(user), "disabled": user.disabled_at is not None,
            "created_at": access.iso(user.created_at), "last_login_at": access.iso(user.last_login_at),
            "workshops": workshops}


def listing() -> list[dict]:
    counts = dict(db.session.execute(select(WorkshopFacilitator.user_id, func.count())
                                     .group_by(WorkshopFacilitator.user_id)).all())
    return [user_json(u, counts.get(u.id, 0)) for u in db.session.scalars(select(User).order_by(User.email))]


def set_password(user: User, password: str, *, keep_login: int | None = None) -> None:
    """A new password ends every login of the account (but `keep_login`, the one changing it)."""
    rules.check_password(password)
    user_id = user.id
    db.session.rollback()
    hashed = passwords.hash_password(password)
    user = db.session.get(User, user_id)
    user.password_hash = hashed
    db.session.commit()
    logins.end_logins(user_id, keep=keep_login)


def set_disabled(user: User, disabled: bool) -> None:
    """A disabled account cannot log in and its logins end; its workshops keep working by token."""
    if disabled == (user.disabled_at is not None):
        return
    user.disabled_at = utcnow() if disabled else None
    db.session.commit()
    if disabled:
        logins.end_logins(user.id)


def heir_for(user: User) -> int | None:
    admins = list(db.session.scalars(select(User.id).where(User.admin.is_(True), User.disabled_at.is_(None))))
    return rules.heir(admins, user.id)


def delete(user: User) -> tuple[User | None, int]:
    """Delete an account; the workshops it owns pass to an admin. Returns (the heir, how many)."""
    heir_id = heir_for(user)
    passed = access.pass_on(user, heir_id)
    logins.end_logins(user.id)  # commits the passing on, then closes the account's connections
    db.session.delete(db.session.get(User, user.id))
    db.session.commit()
    return (db.session.get(User, heir_id) if heir_id else None), passed
