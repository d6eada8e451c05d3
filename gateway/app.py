"""The Starlette application: `/graphql`, `/healthz`, `/readyz`; the schema with the
settings' limits, and the body size limit on every request."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.extensions import DisableIntrospection, SchemaExtension

from gateway.body_limit import BodyLimit
from gateway.documents import DocumentCache, checked_documents
from gateway.graphql_view import ClientHolder, GatewayGraphQL
from gateway.lifespan import open_client, open_s3
from gateway.limits import Limits
from gateway.observability.middleware import observed
from gateway.query_cost import cost_limit
from gateway.settings import Settings
from loaders.images import bucket_missing
from loaders.shared_cache import SharedCache
from loaders.tables import missing_tables
from schema import build_schema

logger = logging.getLogger("gateway")


def gateway_schema(settings: Settings) -> strawberry.Schema:
    """The schema, refusing what is over the settings' limits before it runs."""
    limits = Limits(
        depth=settings.max_query_depth,
        aliases=settings.max_query_aliases,
        fields=settings.max_query_fields,
        directives=settings.max_query_directives,
        tokens=settings.max_query_tokens,
        repeats=settings.max_query_field_repeats,
    )
    extensions: list[type[SchemaExtension]] = [
        checked_documents(limits, DocumentCache(settings.document_cache_entries)),
        cost_limit(settings.max_query_cost),
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    batch = settings.max_batch_size if settings.allow_batching else None
    return build_schema(max_batch_size=batch, extensions=extensions)


def create_app(settings: Settings) -> Starlette:
    holder = ClientHolder()
    holder.cache = SharedCache(settings.catalog_cache_seconds, settings.catalog_cache_entries)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with open_client(settings) as client, open_s3(settings) as s3:
            holder.client = client
            holder.s3 = s3
            yield
            holder.client = None

    async def healthz(_: Request) -> JSONResponse:
        """The process is alive (says nothing of DynamoDB)."""
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        """DynamoDB answers and every table of the model exists (with its indexes), and
        so does the images' bucket."""
        try:
            missing = await missing_tables(holder.client, settings.table_prefix)
            if await bucket_missing(holder.s3, settings.images_bucket):
                missing.append(f"bucket {settings.images_bucket}")
        except Exception as error:  # any failure to reach DynamoDB means not ready
            logger.warning("readiness check failed: %s", error)
            return JSONResponse({"status": "unavailable", "reason": "DynamoDB unreachable"}, 503)
        if missing:
            return JSONResponse({"status": "unavailable", "missingTables": missing}, 503)
        return JSONResponse({"status": "ok"})

    view = GatewayGraphQL(gateway_schema(settings), settings, holder)
    routes = [
        Route("/graphql", view, methods=["GET", "POST"]),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    limited = [Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=limited)
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    return observed(app, token)  # logs, metrics, traces
