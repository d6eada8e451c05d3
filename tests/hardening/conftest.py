"""Apps with their own settings: production mode, small limits, batching on."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from gateway.app import create_app
from gateway.settings import Settings
from tests.graphql_client import GraphQLClient


@asynccontextmanager
async def client_for(settings: Settings, **overrides: object) -> AsyncIterator[GraphQLClient]:
    """A client of an app over the session's tables, with `overrides` to its settings."""
    app = create_app(settings.model_copy(update=overrides))
    async with app.router.lifespan_context(app), GraphQLClient.over(app) as client:
        yield client


@pytest.fixture(scope="module")
async def production(settings: Settings) -> AsyncIterator[GraphQLClient]:
    """The gateway as it runs in production (GATEWAY_ENV=production)."""
    async with client_for(settings, env="production") as client:
        yield client
