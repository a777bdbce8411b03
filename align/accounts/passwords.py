"""Password hashing with argon2id (argon2-cffi's defaults: RFC 9106's low-memory profile).

A password is only ever hashed or verified here; no message, log line or exception carries it.
"""

from __future__ import annotations

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from align.errors import AlignError

#: Shortest password an account may have (NIST SP 800-63B's minimum for a user-chosen one).
MIN_LENGTH = 8
#: Longest: argon2 hashes any length, but a megabyte "password" only costs the server time.
MAX_LENGTH = 1024

_HASHER = PasswordHasher()
# Verified for unknown account names, so that a wrong name takes as long as a wrong password (made on first use).
_DUMMY_HASH = ""


def use_parameters(parameters: Parameters | None) -> None:
    """Hash with other argon2 parameters (None: the defaults again). For tests that log in hundreds of times:
    ``argon2.profiles.CHEAPEST`` is argon2 still, at 0.1 ms instead of ~0.2 s a hash."""
    global _HASHER, _DUMMY_HASH
    _HASHER = PasswordHasher() if parameters is None else PasswordHasher.from_parameters(parameters)
    _DUMMY_HASH = ""


def check_password_rules(password: str) -> None:
    """Refuse a password too short or too long; the message never repeats it."""
    if len(password) < MIN_LENGTH:
        raise AlignError(f"a password needs at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise AlignError(f"a password may have at most {MAX_LENGTH} characters")
    if password != password.strip():
        raise AlignError("a password must not start or end with a space or line break")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; None as the hash (no such account) costs the same time and is False."""
    global _DUMMY_HASH
    if stored_hash is None and not _DUMMY_HASH:
        _DUMMY_HASH = _HASHER.hash("not a password of anyone")
    try:
        return _HASHER.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's: rehash it at the next login."""
    return _HASHER.check_needs_rehash(stored_hash)
