"""The naive schema served like the gateway (Starlette, one DynamoDB client, the call
trace), but over a synchronous boto3 client: its resolvers block the event loop while
they wait for DynamoDB, so it serves one request at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import boto3
from botocore.config import Config
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from bench.naive.schema import schema
from bench.naive.store import Store
from bench.recording import SyncDynamoClient, SyncRecorder
from gateway.settings import Settings


def open_sync_client(settings: Settings) -> SyncDynamoClient:
    """A boto3 DynamoDB client with the gateway's endpoint, region, timeouts and pool;
    boto3's own retries, as a first implementation keeps them."""
    return boto3.client(
        "dynamodb",
        region_name=settings.aws_region,
        endpoint_url=settings.dynamodb_endpoint,
        config=Config(
            connect_timeout=settings.dynamodb_connect_timeout,
            read_timeout=settings.dynamodb_read_timeout,
            max_pool_connections=settings.dynamodb_max_connections,
            tcp_keepalive=True,
        ),
    )


class NaiveGraphQL(GraphQL[dict[str, Any], None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(schema, graphql_ide=None)
        self.settings = settings
        self.client: SyncDynamoClient = None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> dict[str, Any]:
        authorization = request.headers.get("authorization", "")
        store = Store(SyncRecorder(self.client))
        request.scope["naive.store"] = store
        return {
            "store": store,
            "token": authorization.removeprefix("Bearer ") or None,
            "secret": self.settings.secret,
        }

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        store: Store | None = request.scope.get("naive.store")
        if store is not None:
            response["extensions"] = {"dynamodb": store.rec.log.as_dict()}
        return response


def create_naive_app(settings: Settings) -> Starlette:
    view = NaiveGraphQL(settings)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        view.client = open_sync_client(settings)
        try:
            yield
        finally:
            view.client.close()

    return Starlette(routes=[Route("/graphql", view, methods=["POST"])], lifespan=lifespan)
