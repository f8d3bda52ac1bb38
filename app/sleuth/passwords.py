"""Password hashing for people who sign in to the Sleuth UI: argon2id through argon2-cffi.

Hashing and verifying cost about 0.1 s of CPU and 64 MiB each (argon2-cffi's RFC 9106 low-memory
profile), so both run in a worker thread: on the event loop they would stall every other request for
that long. Passwords are capped in length so nobody can make the server hash a megabyte.
"""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1024

_HASHER = PasswordHasher()  # immutable: its parameters are fixed at construction

# The hash of a random password nobody knows, verified when an email is unknown so that a wrong
# email costs as much time as a wrong password: the answer's timing does not say who has an account.
_UNKNOWN_USER_HASH = "$argon2id$v=19$m=65536,t=3,p=4$SdCQ3RtVrb8sIXeD4FSX4A$uch3NFjGlsHgNwNDsWZ55KSNTTl3PIcnzSUyURBYUAk"


def password_problem(password: str) -> str | None:
    """None when `password` may be set; otherwise the sentence that says why not."""
    if len(password) < MIN_LENGTH:
        return f"The password must be at least {MIN_LENGTH} characters long."
    if len(password) > MAX_LENGTH:
        return f"The password must be at most {MAX_LENGTH} characters long."
    return None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash`; with no hash (unknown user) it spends the same
    time on a hash that matches nothing and answers False."""
    if len(password) > MAX_LENGTH:
        return False
    return await asyncio.to_thread(_verify, password_hash or _UNKNOWN_USER_HASH, password) and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's, so it is replaced at sign-in."""
    return _HASHER.check_needs_rehash(password_hash)
