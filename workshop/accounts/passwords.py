"""Password hashes: argon2id (argon2-cffi), computed off the event loop.

Hashing is deliberately slow and memory-hard, and a C call that does not yield: under
eventlet it would stop every client of every workshop for its duration, so it runs in
a native thread (eventlet's tpool) there.
"""

import secrets
import sys
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): memory-hard for an attacker, and a few tens
# of milliseconds per login on a 2-core server. Stronger later parameters rehash on the next login.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def off_loop(function, *args):
    """Run `function` in a native thread when eventlet runs the server, else directly."""
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("thread"):
        from eventlet import tpool

        return tpool.execute(function, *args)
    return function(*args)


def _matches(stored: str, password: str) -> bool:
    # Exceptions stay inside: tpool would print the traceback of every wrong password.
    try:
        return HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _stand_in() -> str:
    """A hash no password matches, verified for unknown emails so they cost the same time."""
    return HASHER.hash(secrets.token_urlsafe(32))


def hash_password(password: str) -> str:
    return off_loop(HASHER.hash, password)


def verify(stored: str | None, password: str) -> bool:
    """Whether `password` matches `stored`; with no stored hash, as slow as a real check and False."""
    matched = off_loop(_matches, stored or _stand_in(), password)
    return matched and stored is not None


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return HASHER.check_needs_rehash(stored)
