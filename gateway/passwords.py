"""Password hashing with Argon2id.

The parameters default to OWASP's minimum for Argon2id (19 MiB of memory, 2 iterations,
1 lane), where argon2-cffi's own defaults (RFC 9106's second recommendation: 64 MiB,
3 iterations, 4 lanes) cost about 135 ms of CPU per check. A hash carries its parameters:
one made with others still verifies, and `needs_rehash` says so, for the caller to store a
new hash (at the next successful sign-in).

Argon2id hashes are made and checked by libsodium (PyNaCl), whose AVX2 code does the same
work as argon2-cffi's in about 60% of the CPU (12 ms a check at OWASP's minimum here,
against 21): the same algorithm, parameters and PHC string, so each library checks the
other's hashes. argon2-cffi stays for what libsodium does not do: hashing with more than
one lane, checking Argon2i and Argon2d hashes, and reading a hash's parameters.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from functools import cached_property

import nacl.pwhash.argon2id as sodium
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from nacl.exceptions import InvalidkeyError

ARGON2ID = "$argon2id$"


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
        if self.parameters.parallelism > 1:  # libsodium hashes with one lane only
            return self._hasher.hash(password)
        return sodium.str(
            password.encode(),
            opslimit=self.parameters.iterations,
            memlimit=self.parameters.memory_kib * 1024,
        ).decode()

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            if password_hash.startswith(ARGON2ID):
                return sodium.verify(password_hash.encode(), password.encode())
            return self._hasher.verify(password_hash, password)
        except (InvalidkeyError, VerificationError, InvalidHashError):
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
