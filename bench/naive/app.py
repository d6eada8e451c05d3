"""The naive schema served like the gateway: Starlette, one aioboto3 client, the call trace."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

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
from bench.recording import DynamoClient, Recorder
from gateway.lifespan import open_client
from gateway.settings import Settings


class NaiveGraphQL(GraphQL[dict[str, Any], None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(schema, graphql_ide=None)
        self.settings = settings
        self.client: DynamoClient = None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> dict[str, Any]:
        authorization = request.headers.get("authorization", "")
        store = Store(Recorder(self.client))
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
        async with open_client(settings) as client:
            view.client = client
            yield

    return Starlette(routes=[Route("/graphql", view, methods=["POST"])], lifespan=lifespan)
