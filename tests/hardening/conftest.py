"""Apps with their own settings: production mode, small limits, batching on."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from gateway.settings import Settings
from tests.apps import client_for
from tests.graphql_client import GraphQLClient


@pytest.fixture(scope="module")
async def production(settings: Settings) -> AsyncIterator[GraphQLClient]:
    """The gateway as it runs in production (GATEWAY_ENV=production)."""
    async with client_for(settings, env="production") as client:
        yield client
