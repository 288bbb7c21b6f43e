"""Staff passwords: argon2id hashes and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from flask import Flask
from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 12
MAX_LENGTH = 256
#: zxcvbn's scale: 3 is "safely unguessable: moderate protection from offline attack".
MIN_STRENGTH = 3
#: The 30,000 most common passwords from real breaches, as zxcvbn ships them.
_COMMON = frozenset(FREQUENCY_LISTS["passwords"])
#: OWASP's floor for argon2id; production settings may only be stronger.
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2


def hasher_for(app: Flask) -> PasswordHasher:
    """Return the app's password hasher, built from its settings."""
    if "screener.hasher" not in app.extensions:
        config = app.config
        if not app.testing and (
            config["ARGON2_MEMORY_KIB"] < OWASP_MIN_MEMORY_KIB
            or config["ARGON2_TIME_COST"] < OWASP_MIN_TIME_COST
        ):
            raise ValueError("argon2 settings are below OWASP's minimum")
        app.extensions["screener.hasher"] = PasswordHasher(
            time_cost=config["ARGON2_TIME_COST"],
            memory_cost=config["ARGON2_MEMORY_KIB"],
            parallelism=config["ARGON2_PARALLELISM"],
        )
    hasher: PasswordHasher = app.extensions["screener.hasher"]
    return hasher


def verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    """Tell whether the password matches; a damaged hash simply does not match."""
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def password_problems(password: str, username: str) -> list[str]:
    """Say what is wrong with a proposed password; an empty list means it is fine."""
    if len(password) < MIN_LENGTH:
        return [f"Use at least {MIN_LENGTH} characters."]
    if len(password) > MAX_LENGTH:
        return [f"Use at most {MAX_LENGTH} characters."]
    if password.lower() in _COMMON:
        return ["This password is one of the most common ones. Choose another."]
    if zxcvbn(password, user_inputs=[username])["score"] < MIN_STRENGTH:
        return [
            "This password is too easy to guess. Try a few unrelated words together."
        ]
    return []
