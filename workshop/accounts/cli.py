"""`flask users …`: operators create and manage facilitator accounts from the command line.

    .venv/bin/flask --app workshop:create_app users create anna@example.org --name "Anna" --admin
    .venv/bin/flask --app workshop:create_app users list
    .venv/bin/flask --app workshop:create_app users delete anna@example.org

Passwords are read from standard input (asked twice, hidden, on a terminal), so they never
appear in the shell's history or the process list.
"""

import json
import sys

import click
from flask.cli import AppGroup

from ..domain.rules import RuleError
from . import users

group = AppGroup("users", help="Create, list, disable and delete facilitator accounts.")


def read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    line = sys.stdin.readline()
    if not line:
        raise click.ClickException("Give the password on standard input.")
    return line.rstrip("\r\n")


def find(email: str):
    user = users.by_email(email)
    if user is None:
        raise click.ClickException(f"No account with email {email}.")
    return user


def checked(action):
    try:
        return action()
    except RuleError as error:
        raise click.ClickException(error.message) from None


@group.command("create")
@click.argument("email")
@click.option("--name", default=None, help="The name shown to colleagues.")
@click.option("--admin", is_flag=True, help="May add, disable and remove accounts on the admin page.")
def create_command(email: str, name: str | None, admin: bool) -> None:
    """Create an account; the password is read from standard input."""
    password = read_password()
    user = checked(lambda: users.create(email, password, (name or "").strip() or None, admin))
    click.echo(f"Created {'admin ' if admin else ''}account {user.email}.")


@group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_command(as_json: bool) -> None:
    """List every account: email, name, admin or not, disabled or not, workshops."""
    rows = users.listing()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("No accounts.")
        return
    click.echo(f"{'email':<36}{'role':<14}{'workshops':>9}  name")
    for r in rows:
        role = ("admin" if r["admin"] else "facilitator") + (" (off)" if r["disabled"] else "")
        click.echo(f"{r['email']:<36}{role:<14}{r['workshops']:>9}  {r['name'] or ''}")


@group.command("password")
@click.argument("email")
def password_command(email: str) -> None:
    """Set a new password (from standard input); every login of the account ends."""
    user = find(email)
    password = read_password()
    checked(lambda: users.set_password(user, password))
    click.echo(f"New password set for {user.email}; its logins have ended.")


@group.command("disable")
@click.argument("email")
def disable_command(email: str) -> None:
    """Disable an account: it cannot log in, and its logins end. Its workshops keep working."""
    user = find(email)
    users.set_disabled(user, True)
    click.echo(f"Disabled {user.email}.")


@group.command("enable")
@click.argument("email")
def enable_command(email: str) -> None:
    """Enable a disabled account again."""
    user = find(email)
    users.set_disabled(user, False)
    click.echo(f"Enabled {user.email}.")


@group.command("delete")
@click.argument("email")
def delete_command(email: str) -> None:
    """Delete an account. The workshops it owns pass to an admin; they are never deleted."""
    user = find(email)
    address = user.email
    heir, passed = users.delete(user)
    if heir is not None:
        click.echo(f"Deleted {address}; {passed} workshop(s) passed to {heir.email}.")
    else:
        click.echo(f"Deleted {address}; {passed} workshop(s) kept without an account (no admin to pass "
                   "them to); their facilitator links still work.")
