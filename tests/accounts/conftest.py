"""Accounts for each test, written straight to the tables (hashing a password costs
~20 ms; one hash serves the session): what one user does, the other must not see."""

from __future__ import annotations

import pytest

from gateway.passwords import Passwords, hash_password
from gateway.settings import Settings
from tests.accounts.factories import PASSWORD, Account, write_account


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def checked_hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The hashes each password check of the test compares with, in order."""
    checked: list[str] = []
    verify = Passwords.verify

    def counting_verify(passwords: Passwords, password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return verify(passwords, password_hash, password)

    monkeypatch.setattr(Passwords, "verify", counting_verify)
    return checked


@pytest.fixture
def alice(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Alice")


@pytest.fixture
def bob(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Bob")


@pytest.fixture
def admin(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Root", roles=("customer", "admin"))
