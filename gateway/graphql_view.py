"""The `/graphql` endpoint Starlette mounts: Strawberry's ASGI view with the gateway's
settings, its process-wide clients (ClientHolder) and the context of a request or of a
connection. An HTTP request is answered as gateway/graphql_http.py says, its operations run
as gateway/graphql_http_operations.py says; a WebSocket speaks graphql-transport-ws, from
an origin CORS allows, signed in by `connection_init` and at most so many per process
(gateway/live/connection.py); a subscription may be an event stream too
(gateway/live/event_stream.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL

from gateway.auth import authenticate
from gateway.context import Context
from gateway.cors import origin_allowed
from gateway.graphql_http import CONTEXT_KEY, GraphQLOverHTTP
from gateway.graphql_http_operations import HTTPOperations
from gateway.live.connection import Connections, sign_in
from gateway.live.event_stream import asks_for_events
from gateway.live.service import LiveUpdates
from gateway.mail import Mailer
from gateway.persisted_queries import PersistedQueries
from gateway.request_id import request_id_of
from gateway.settings import Settings
from gateway.tokens import TokenVerifier
from loaders.dynamo import Dynamo, DynamoClient
from loaders.images import ImageStore, S3Client
from loaders.request import RequestLoaders
from loaders.shared_cache import SharedCache

TRACE_HEADER = "x-gateway-trace"
CONNECTION_INIT_SECONDS = 10  # a WebSocket must send `connection_init` within this


class ClientHolder:
    """Where the lifespan puts the process-wide DynamoDB client for the view to find, with
    the process-wide cache of catalog reads."""

    client: DynamoClient | None = None
    cache: SharedCache | None = None
    live: LiveUpdates | None = None
    mailer: Mailer | None = None
    s3: S3Client | None = None  # the product images' bucket (resolvers/images.py)


class GatewayGraphQL(GraphQLOverHTTP, HTTPOperations):
    def __init__(self, schema: Any, settings: Settings, holder: ClientHolder) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,  # and by hash alone in production (execute_single)
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL),
            connection_init_wait_timeout=timedelta(seconds=CONNECTION_INIT_SECONDS),
            max_subscriptions_per_connection=settings.live_max_subscriptions,
        )
        self.connections = Connections(settings.live_max_connections)
        self.settings = settings
        self.holder = holder
        self.tokens = TokenVerifier(settings)
        self.persisted = PersistedQueries.from_manifest(
            settings.persisted_queries,
            only_registered=settings.only_persisted_queries,
            max_entries=settings.persisted_query_entries,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A WebSocket counts against the connections of the process; an HTTP request has
        its answer's media type picked first (GraphQLOverHTTP.serve_http)."""
        if scope["type"] == "websocket":
            return await self.connections.serve(
                scope,
                receive,
                send,
                lambda: super(GatewayGraphQL, self).__call__(scope, receive, send),
            )
        await self.serve_http(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """orjson's reading: it refuses a lone surrogate (`"\\ud800"`), which no UTF-8 text
        holds and DynamoDB would not store, as the malformed JSON it is (400)."""
        return orjson.loads(data)

    def _get_stream_transport_from_headers(self, headers: Mapping[str, str]) -> Any:
        """An event stream only for a client that takes no JSON answer: one that takes both
        gets JSON, as before event streams were served."""
        if not asks_for_events(headers.get("accept")):
            return None
        return super()._get_stream_transport_from_headers(headers)

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """A page on another origin opens a WebSocket on the terms of CORS."""
        return origin_allowed(self.settings, origin)

    async def on_ws_connect(self, context: Context) -> None:
        await sign_in(context, self.tokens)

    def _loaders(self, *, cached: bool = True) -> RequestLoaders:
        cache = self.holder.cache if cached else None
        return RequestLoaders(Dynamo(self.holder.client, self.settings.table_prefix, cache=cache))

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        if isinstance(request, WebSocket):
            # A connection: its caller comes with `connection_init` (on_ws_connect); each
            # event is read through fresh loaders, past the catalog cache.
            return Context(
                request=request,
                response=response,
                request_id=request_id_of(request),
                settings=self.settings,
                loaders=self._loaders(cached=False),
                images=ImageStore(self.holder.s3, self.settings),
                live=self.holder.live,
                new_loaders=lambda: self._loaders(cached=False),
            )
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        headers = request.headers
        trace = headers.get(TRACE_HEADER) == "1"
        if trace and self.settings.is_production and not self.settings.allow_call_trace:
            raise HTTPException(
                403, "Call tracing is off in production (GATEWAY_ALLOW_CALL_TRACE)."
            )
        request_id = request_id_of(request)
        response.headers["X-Request-ID"] = request_id
        streams = asks_for_events(headers.get("accept"))  # then it is a connection's context
        context = Context(
            request=request,
            response=response,
            request_id=request_id,
            settings=self.settings,
            loaders=self._loaders(cached=not streams),
            images=ImageStore(self.holder.s3, self.settings),
            trace_calls=trace,
            mailer=self.holder.mailer,
            caller=await authenticate(self.tokens, headers.get("authorization")),
            live=self.holder.live if streams else None,
            new_loaders=(lambda: self._loaders(cached=False)) if streams else None,
        )
        request.scope[CONTEXT_KEY] = context
        return context
