"""The Starlette application: `/graphql`, `/healthz`, `/readyz` (and GraphiQL's assets in
development); the schema with the settings' limits, CORS and the body size limit on every
request."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from strawberry.extensions import DisableIntrospection, SchemaExtension

from gateway.body_limit import BodyLimit
from gateway.client_address import behind_proxies
from gateway.cors import cors
from gateway.cost_budget import CostBudget
from gateway.documents import DocumentCache, checked_documents
from gateway.graphiql import graphiql_assets
from gateway.graphql_view import ClientHolder, GatewayGraphQL
from gateway.kept_answers import KeptAnswers, kept_answers
from gateway.lifespan import open_client, open_s3
from gateway.limits import Limits
from gateway.live.service import LiveUpdates
from gateway.mail import open_mailer
from gateway.observability.middleware import observed
from gateway.once import once_per_request
from gateway.query_cost import cost_limit
from gateway.settings import Settings
from loaders.images import bucket_missing
from loaders.shared_cache import SharedCache
from loaders.streams import missing_streams
from loaders.tables import missing_tables
from schema import build_schema

logger = logging.getLogger("gateway")


def gateway_schema(settings: Settings, cache: SharedCache | None = None) -> strawberry.Schema:
    """The schema, refusing what is over the settings' limits before it runs; with the
    process's catalog `cache`, keeping the answers built from it alone."""
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
        once_per_request(),
        cost_limit(settings.max_query_cost, cost_budget(settings)),
    ]
    if not settings.introspection_enabled:
        extensions.append(DisableIntrospection)
    answers = KeptAnswers(cache, settings.kept_answers) if cache is not None else None
    if answers is not None and answers.enabled:
        extensions.append(kept_answers(answers))  # last: after every check
    batch = settings.max_batch_size if settings.allow_batching else None
    return build_schema(max_batch_size=batch, extensions=extensions)


def cost_budget(settings: Settings) -> CostBudget | None:
    """The process's cost budget per client, if the settings turn it on."""
    if not settings.cost_budget_enabled:
        return None
    return CostBudget(
        settings.cost_budget_capacity,
        settings.cost_budget_restore_rate,
        settings.cost_budget_clients,
    )


def create_app(settings: Settings) -> Starlette:
    holder = ClientHolder()
    holder.cache = SharedCache(settings.catalog_cache_seconds, settings.catalog_cache_entries)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        async with (
            open_client(settings) as client,
            open_mailer(settings) as mailer,
            open_s3(settings) as s3,
        ):
            holder.client, holder.mailer, holder.s3 = client, mailer, s3
            holder.live = LiveUpdates(settings, client)
            try:
                yield
            finally:
                await holder.live.close()
                holder.client, holder.mailer, holder.s3, holder.live = None, None, None, None

    async def healthz(_: Request) -> JSONResponse:
        """The process is alive (says nothing of DynamoDB)."""
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        """DynamoDB answers, every table of the model exists (with its indexes and stream),
        and so does the images' bucket."""
        try:
            missing = await missing_tables(holder.client, settings.table_prefix)
            if await bucket_missing(holder.s3, settings.images_bucket):
                missing.append(f"bucket {settings.images_bucket}")
        except Exception as error:  # any failure to reach DynamoDB means not ready
            logger.warning("readiness check failed: %s", error)
            return JSONResponse({"status": "unavailable", "reason": "DynamoDB unreachable"}, 503)
        if missing:
            return JSONResponse({"status": "unavailable", "missingTables": missing}, 503)
        if streamless := await missing_streams(holder.client, settings.table_prefix):
            # Live updates need them: `python -m gateway tables create` turns them on.
            return JSONResponse({"status": "unavailable", "missingStreams": streamless}, 503)
        return JSONResponse({"status": "ok"})

    view = GatewayGraphQL(gateway_schema(settings, holder.cache), settings, holder)
    routes: list[BaseRoute] = [
        Route("/graphql", view, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", view),
        Route("/healthz", healthz),
        Route("/readyz", readyz),
    ]
    if not settings.is_production:
        routes.append(graphiql_assets())  # GraphiQL's page is /graphql in a browser
    # CORS outside the body limit: a browser reads a 413 only with the CORS headers on it.
    middleware = [cors(settings), Middleware(BodyLimit, max_bytes=settings.max_body_bytes)]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware)
    token = settings.metrics_token.get_secret_value() if settings.metrics_token else None
    return behind_proxies(observed(app, token), settings.forwarded_allow_ips)
