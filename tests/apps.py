"""Apps of their own for tests that need them: other settings, metrics from zero, their
own caches; over the session's tables, their lifespan running."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.routing import Route

from gateway.app import create_app
from gateway.graphql_view import GatewayGraphQL
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.graphql_client import GraphQLClient


@asynccontextmanager
async def running_app(settings: Settings, **overrides: object) -> AsyncIterator[Starlette]:
    """An app with `overrides` to the settings, its lifespan running."""
    app = create_app(settings.model_copy(update=overrides))
    async with app.router.lifespan_context(app):
        yield app


@asynccontextmanager
async def client_for(settings: Settings, **overrides: object) -> AsyncIterator[GraphQLClient]:
    """A client of an app of its own, with `overrides` to the settings."""
    async with running_app(settings, **overrides) as app, GraphQLClient.over(app) as client:
        yield client


def client_of(app: Starlette) -> DynamoClient:
    """The app's DynamoDB client (its lifespan running)."""
    for route in app.routes:
        if isinstance(route, Route) and isinstance(route.endpoint, GatewayGraphQL):
            return route.endpoint.holder.client
    raise LookupError("the app serves no GraphQL view")
