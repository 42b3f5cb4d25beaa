"""One schema per HTTP body of the account routes (strict types, unknown fields refused)."""

from typing import Annotated

from pydantic import Field

from ..domain.accounts import EMAIL_MAX, PASSWORD_MAX
from ..validation import Schema, ShortText

Email = Annotated[str, Field(min_length=1, max_length=EMAIL_MAX + 20)]
# Length rules for a new password are the domain's (check_password); this only bounds the body.
Password = Annotated[str, Field(min_length=1, max_length=PASSWORD_MAX)]


class LoginBody(Schema):
    email: Email
    password: Password


class PasswordChange(Schema):
    password: Password
    new_password: Password


class ShareBody(Schema):
    email: Email


class NewUser(Schema):
    email: Email
    password: Password
    name: ShortText = None
    admin: bool = False


class UserChange(Schema):
    name: ShortText = None
    password: Password | None = None
    admin: bool | None = None
    disabled: bool | None = None
