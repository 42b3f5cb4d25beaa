"""Rules of facilitator accounts: what an email and a password must be, who may share a workshop
with whom or take someone off it, and who inherits a deleted account's workshops.
No Flask, no database: callers pass plain values."""

import re
from dataclasses import dataclass

from .rules import RuleError

EMAIL_MAX = 254
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
PASSWORD_MIN = 10
PASSWORD_MAX = 1000


def normalize_email(text: str) -> str:
    """Emails are matched without regard to case or surrounding spaces."""
    return text.strip().lower()


def check_email(text: str) -> str:
    email = normalize_email(text)
    if len(email) > EMAIL_MAX or not EMAIL.match(email):
        raise RuleError("invalid", "This is not an email address.")
    return email


def check_password(password: str) -> str:
    """Long enough to resist guessing; no rules on character classes (NIST SP 800-63B)."""
    if len(password) < PASSWORD_MIN or not password.strip():
        raise RuleError("invalid", f"A password needs at least {PASSWORD_MIN} characters.")
    if len(password) > PASSWORD_MAX:
        raise RuleError("invalid", f"A password has at most {PASSWORD_MAX} characters.")
    return password


@dataclass(frozen=True)
class Account:
    """What the rules need to know of an account."""

    id: int
    disabled: bool = False


def check_share(sharer: int, members: dict[int, bool], target: Account | None) -> bool:
    """May `sharer` share the workshop whose accounts are `members` (id → owner) with `target`?
    Raises RuleError; returns False when the target already facilitates it (nothing to do)."""
    if sharer not in members:
        raise RuleError("forbidden", "Only a facilitator of this workshop can share it.")
    if target is None:
        raise RuleError("not_found", "No account with this email address.")
    if target.id == sharer:
        raise RuleError("invalid", "You already facilitate this workshop.")
    if target.disabled:
        raise RuleError("invalid", "This account is disabled.")
    return target.id not in members


def check_removal(remover: int, members: dict[int, bool], target: int) -> None:
    """The owner takes co-facilitators off a workshop; a co-facilitator may leave it."""
    if remover not in members:
        raise RuleError("forbidden", "Only a facilitator of this workshop can change who runs it.")
    if target not in members:
        raise RuleError("not_found", "This account does not facilitate this workshop.")
    if members[target]:
        raise RuleError("invalid", "The owner of a workshop cannot be taken off it.")
    if target != remover and not members[remover]:
        raise RuleError("forbidden", "Only the owner can take someone else off this workshop.")


def check_account_change(actor: int, target: int, *, locks_out: bool) -> None:
    """An admin cannot disable, remove or demote their own account (and so lock themselves out)."""
    if actor == target and locks_out:
        raise RuleError("invalid", "You cannot disable, remove or demote your own account.")


def heir(admins: list[int], leaving: int) -> int | None:
    """Who takes over the workshops of a deleted account: the longest-standing other admin."""
    others = sorted(a for a in admins if a != leaving)
    return others[0] if others else None
