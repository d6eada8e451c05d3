"""The Starlette application: `/graphql`, `/healthz`, `/readyz`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from gateway.graphql_view import ClientHolder, GatewayGraphQL
from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.shared_cache import SharedCache
from loaders.tables import missing_tables
from schema import schema

logger = logging.getLogger("gateway")


def create_app(settings: Settings) -> Starlette:
    holder = ClientHolder()
    holder.cache = SharedCache(settings.catalog_cache_seconds, settings.catalog_cache_entries)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with open_client(settings) as client:
            holder.client = client
            yield
            holder.client = None

    async def healthz(_: Request) -> JSONResponse:
        """The process is alive (says nothing of DynamoDB)."""
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        """DynamoDB answers and every table of the model exists."""
        try:
            missing = await missing_tables(holder.client, settings.table_prefix)
        except Exception as error:  # any failure to reach DynamoDB means not ready
            logger.warning("readiness check failed: %s", error)
            return JSONResponse({"status": "unavailable", "reason": "DynamoDB unreachable"}, 503)
        if missing:
            return JSONResponse({"status": "unavailable", "missingTables": missing}, 503)
        return JSONResponse({"status": "ok"})

    view = GatewayGraphQL(schema, settings, holder)
    routes = [
        Route("/graphql", view, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
