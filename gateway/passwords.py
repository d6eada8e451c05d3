"""Password hashing with Argon2id.

The parameters default to OWASP's minimum for Argon2id (19 MiB of memory, 2 iterations,
1 lane): about 18 ms of CPU per check here, where argon2-cffi's own defaults (RFC 9106's
second recommendation: 64 MiB, 3 iterations, 4 lanes) cost about 135 ms. A hash carries
its parameters: one made with others still verifies, and `needs_rehash` says so, for the
caller to store a new hash (at the next successful sign-in).
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


@dataclass(frozen=True)
class HashParameters:
    memory_kib: int = 19 * 1024
    iterations: int = 2
    parallelism: int = 1


class Passwords:
    def __init__(self, parameters: HashParameters = HashParameters()) -> None:
        self.parameters = parameters
        self._hasher = PasswordHasher(
            time_cost=parameters.iterations,
            memory_cost=parameters.memory_kib,
            parallelism=parameters.parallelism,
        )

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters (or another Argon2 variant)."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    @cached_property
    def stand_in_hash(self) -> str:
        """A hash of a password nobody knows, made with the same parameters as real ones:
        an unknown account's sign-in checks it, so it costs the time a known one does."""
        return self.hash(secrets.token_urlsafe(32))


@functools.cache
def passwords_with(parameters: HashParameters) -> Passwords:
    """One `Passwords` per set of parameters, for the process (its stand-in hash is made once)."""
    return Passwords(parameters)


DEFAULT = passwords_with(HashParameters())


def hash_password(password: str) -> str:
    """A hash with the default parameters (the demo data, the tests' accounts)."""
    return DEFAULT.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    return DEFAULT.verify(password_hash, password)
