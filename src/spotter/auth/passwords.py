"""What a password must be, and sign-in that takes the same time either way."""

from __future__ import annotations

from functools import lru_cache

import anyio.to_thread

from spotter.kit.passwords import MAX_LENGTH, MIN_LENGTH, hash_password, verify_password

# Verified against when the email is unknown or has no password, so the
# answer takes as long as a real check.
_DUMMY_HASH = hash_password("spotter-dummy-password-for-timing")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 most common passwords from real leaks.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str) -> str | None:
    """Why this password is refused, or None."""
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"must have {MIN_LENGTH} to {MAX_LENGTH} characters"
    if password.lower() in _common_passwords():
        return "is too common; choose one that is not on lists of leaked passwords"
    return None


async def hash_password_async(password: str) -> str:
    return await anyio.to_thread.run_sync(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    """Always runs one Argon2 verification, whether or not there is a hash."""
    if password_hash is None:
        await anyio.to_thread.run_sync(verify_password, _DUMMY_HASH, password)
        return False
    return await anyio.to_thread.run_sync(verify_password, password_hash, password)
