"""Retention for accounts (run by `flask retention`): what an account holds that is personal
(email, name, password hash, logins) is kept only while it is in use.

- logins past their end (LOGIN_DAYS after logging in) are removed;
- an account disabled more than RETENTION_DAYS ago is deleted, like `flask users delete`:
  the workshops it owns pass to an admin and are never deleted by this rule.
"""

from datetime import timedelta

from sqlalchemy import delete, select

from ..extensions import db
from ..models import Login, User, utcnow
from . import users


def apply(days: int) -> tuple[int, list[str]]:
    """Returns how many expired logins were removed and the emails of the deleted accounts."""
    ended = db.session.execute(delete(Login).where(Login.expires_at <= utcnow())).rowcount
    db.session.commit()
    cutoff = utcnow() - timedelta(days=days)
    expired = list(db.session.scalars(select(User).where(User.disabled_at.is_not(None),
                                                         User.disabled_at <= cutoff).order_by(User.id)))
    emails = []
    for user in expired:
        emails.append(user.email)
        users.delete(user)
    return ended, emails
