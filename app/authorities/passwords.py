"""Passwords of authority users: argon2id (argon2-cffi), and the rule a new one must meet.

A sign-in for an address that has no user, or a user without a password yet, is checked
against a dummy hash, so that a wrong address costs the same time as a wrong password.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.authorities import messages

MIN_LENGTH = 12
# Long enough for any passphrase, short enough that hashing one is no way to load the server.
MAX_LENGTH = 1024
# argon2-cffi's defaults are RFC 9106's second recommended argon2id parameters.
HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return HASHER.hash("a password no user has, hashed like theirs")


def verify(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash, the same work against a dummy one, then no."""
    try:
        matched = HASHER.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def password_problem(password: str, repeat: str) -> str | None:
    """Why a new password is refused (in Swedish), or None when it is accepted."""
    if len(password) < MIN_LENGTH:
        return messages.PASSWORD_TOO_SHORT.format(minimum=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return messages.PASSWORD_TOO_LONG.format(maximum=MAX_LENGTH)
    if password != repeat:
        return messages.PASSWORDS_DIFFER
    return None
