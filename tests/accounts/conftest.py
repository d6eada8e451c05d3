"""Accounts for each test, written straight to the tables (hashing a password costs
~150 ms; one hash serves the session): what one user does, the other must not see."""

from __future__ import annotations

import pytest

from gateway.passwords import hash_password
from gateway.settings import Settings
from tests.accounts.factories import PASSWORD, Account, write_account


@pytest.fixture(scope="session")
def password_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
def alice(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Alice")


@pytest.fixture
def bob(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Bob")


@pytest.fixture
def admin(settings: Settings, password_hash: str) -> Account:
    return write_account(settings, password_hash, "Root", roles=("customer", "admin"))
