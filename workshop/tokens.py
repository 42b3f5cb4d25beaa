"""Join codes and tokens: how they are made, typed by people and kept in the database."""

import base64
import hashlib
import hmac
import secrets

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """Codes are typed as spoken: case, dashes and spaces do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def bearer(header: str) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; the scheme's case does not matter
    (HTTP auth schemes are case-insensitive). None for any other header."""
    scheme, _, token = header.strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough to make a leaked table useless.
    return hashlib.sha256(token.encode()).hexdigest()


def moved_token(token_hash: str, secret: str) -> str:
    """The token of the participant someone became when the organiser moved them, made from
    the hash of their old token and the server's secret: the server can hand it again to the
    old token's holder (`arrivals.followed`) without keeping it, and the stored hashes alone
    do not give it away."""
    digest = hmac.new(secret.encode(), f"moved:{token_hash}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
