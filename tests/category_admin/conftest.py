"""Accounts of each role in the module's own tables (`isolated`): these tests add roots."""

from __future__ import annotations

import pytest

from tests.accounts.factories import Account
from tests.category_admin.factories import account
from tests.conftest import Isolated


@pytest.fixture
def admin(isolated: Isolated) -> Account:
    return account(isolated.settings, "admin")


@pytest.fixture
def seller(isolated: Isolated) -> Account:
    return account(isolated.settings, "seller")


@pytest.fixture
def customer(isolated: Isolated) -> Account:
    return account(isolated.settings)
