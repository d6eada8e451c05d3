"""The `/graphql` endpoint: Strawberry's ASGI view with the gateway's context and errors;
the GraphQL-over-HTTP spec's media types and status codes (gateway/media_types.py); GET
for queries only (by their text in development, by a persisted query's hash in both
modes); and the limits of HTTP: JSON bodies only (415), batches only when turned on
(400), and a time limit on execution (TIMEOUT, 504)."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import timedelta
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway.auth import authenticate
from gateway.context import Context
from gateway.cors import origin_allowed
from gateway.error_reporting import format_error
from gateway.errors import BadUserInput, GatewayError, RequestTimeout, ValidationFailed
from gateway.graphiql import graphiql_page
from gateway.live.connection import Connections, sign_in
from gateway.live.service import LiveUpdates
from gateway.mail import Mailer
from gateway.media_types import (
    GRAPHQL_RESPONSE,
    JSON,
    NOT_ACCEPTABLE,
    is_request_error,
    mark_errors,
    mark_request_error,
    negotiate,
)
from gateway.persisted_queries import PersistedQueries
from gateway.settings import Settings
from gateway.tokens import TokenVerifier
from loaders.dynamo import Dynamo, DynamoClient
from loaders.images import ImageStore, S3Client
from loaders.request import RequestLoaders
from loaders.shared_cache import SharedCache

TRACE_HEADER = "x-gateway-trace"
REQUEST_ID_HEADER = "x-request-id"
_CONTEXT_KEY = "gateway.context"
_MEDIA_KEY = "gateway.media_type"  # the media type negotiated for the answer
_BATCH_KEY = "gateway.batch"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
CONNECTION_INIT_SECONDS = 10  # a WebSocket must send `connection_init` within this
GET_RUNS_HASHES = (
    "In production, GET runs a persisted query by its hash (extensions.persistedQuery): "
    "send the query's text by POST."
)
_ALLOWED_OPERATIONS = {
    "GET": frozenset({OperationType.QUERY}),
    "POST": frozenset({OperationType.QUERY, OperationType.MUTATION}),
}
OVER_WEBSOCKET = (
    "Subscriptions are served over WebSocket at this URL (the graphql-transport-ws protocol, "
    "as the graphql-ws client speaks it), not over HTTP."
)


class PostOnly(BadUserInput):
    """A request GET cannot run: the answer is 405, with `Allow: POST`."""


class ClientHolder:
    """Where the lifespan puts the process-wide DynamoDB client for the view to find, with
    the process-wide cache of catalog reads."""

    client: DynamoClient | None = None
    cache: SharedCache | None = None
    live: LiveUpdates | None = None
    mailer: Mailer | None = None
    s3: S3Client | None = None  # the product images' bucket (resolvers/images.py)


def request_id_of(request: Request | WebSocket) -> str:
    """The caller's X-Request-ID when it is a sane token, else a new one."""
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if _VALID_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex


class GatewayGraphQL(GraphQL[Context, None]):
    def __init__(self, schema: Any, settings: Settings, holder: ClientHolder) -> None:
        super().__init__(
            schema,
            graphql_ide=None if settings.is_production else "graphiql",
            allow_queries_via_get=True,  # and by hash alone in production (execute_single)
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
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
        """Picks the answer's media type from `Accept` first: 406 if it allows none of ours.
        A WebSocket counts against the connections of the process."""
        if scope["type"] == "websocket":
            return await self.connections.serve(
                scope,
                receive,
                send,
                lambda: super(GatewayGraphQL, self).__call__(scope, receive, send),
            )
        request = Request(scope, receive)
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            if not self.should_render_graphql_ide(self.request_adapter_class(request)):
                await PlainTextResponse(NOT_ACCEPTABLE, 406)(scope, receive, send)
                return
            media_type = JSON
        scope[_MEDIA_KEY] = media_type
        await super().__call__(scope, receive, send)

    def decode_json(self, data: str | bytes) -> object:
        """orjson's reading: it refuses a lone surrogate (`"\\ud800"`), which no UTF-8 text
        holds and DynamoDB would not store, as the malformed JSON it is (400)."""
        return orjson.loads(data)

    def is_websocket_origin_allowed(self, request: WebSocket, origin: str) -> bool:
        """A page on another origin opens a WebSocket on the terms of CORS."""
        return origin_allowed(self.settings, origin)

    async def on_ws_connect(self, context: Context) -> None:
        await sign_in(context, self.tokens)

    def _loaders(self, *, cached: bool = True) -> RequestLoaders:
        cache = self.holder.cache if cached else None
        return RequestLoaders(Dynamo(self.holder.client, self.settings.table_prefix, cache=cache))

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        """Not for a persisted query by GET (no `query`, but `extensions`)."""
        no_extensions = request.query_params.get("extensions") is None
        return no_extensions and super().should_render_graphql_ide(request)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """The response's status and headers, set while the request runs; it carries the
        negotiated media type to `create_response`."""
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = request.scope.get(_MEDIA_KEY, JSON)
        sub_response.headers["Vary"] = "Accept"
        return sub_response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """In the negotiated media type; a batch (a JSON array, outside the spec) in JSON."""
        batch = isinstance(response_data, list)
        media_type = JSON if batch else (sub_response.media_type or JSON)
        # orjson rather than Strawberry's `encode_json` (json.dumps, compact): the same JSON,
        # characters beyond ASCII as UTF-8 rather than `\u` escapes, at a tenth of the CPU.
        # WebSocket messages keep Strawberry's, which must be text.
        response = Response(
            orjson.dumps(response_data),
            status_code=sub_response.status_code or 200,
            media_type=f"{media_type}; charset=utf-8",
        )
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        return response

    @property
    def graphql_ide_html(self) -> str:
        """GraphiQL's page with its assets served by the gateway (Strawberry's own loads
        them from unpkg.com)."""
        return graphiql_page()

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
        trace = request.headers.get(TRACE_HEADER) == "1"
        if trace and self.settings.is_production and not self.settings.allow_call_trace:
            raise HTTPException(
                403, "Call tracing is off in production (GATEWAY_ALLOW_CALL_TRACE)."
            )
        request_id = request_id_of(request)
        response.headers["X-Request-ID"] = request_id
        context = Context(
            request=request,
            response=response,
            request_id=request_id,
            settings=self.settings,
            loaders=self._loaders(),
            images=ImageStore(self.holder.s3, self.settings),
            trace_calls=trace,
            mailer=self.holder.mailer,
            caller=await authenticate(self.tokens, request.headers.get("authorization")),
        )
        request.scope[_CONTEXT_KEY] = context
        return context

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Only JSON POSTs (no forms: they are how a cross-site request would come), and
        batches (a JSON array) only when turned on."""
        if request.method == "POST" and parse_content_type(request.content_type or "")[0] != JSON:
            raise HTTPException(415, f"POST a GraphQL request as {JSON}.")
        try:
            data = await super().parse_http_body(request)
        except HTTPException as error:
            if error.reason == "Batching is not enabled":
                raise HTTPException(
                    400, "Batched operations (a JSON array) are off: send one per request."
                ) from None
            if error.reason == "Too many operations":
                raise HTTPException(
                    400, f"A batch holds at most {self.settings.max_batch_size} operations."
                ) from None
            raise
        for operation in data if isinstance(data, list) else [data]:
            if not isinstance(operation.operation_name, str | None):
                raise HTTPException(
                    400, "The GraphQL operation's `operationName` must be a string or null."
                )
        return data

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        """The whole request's operations, cut short after the time limit: TIMEOUT, 504."""
        request.scope[_BATCH_KEY] = isinstance(request_data, list)
        limit = self.settings.request_timeout_seconds
        timeout = asyncio.timeout(limit)
        try:
            async with timeout:
                return await super().execute_operation(
                    request, request_adapter, request_data, context, root_value, sub_response
                )
        except TimeoutError:
            if not timeout.expired():
                raise
        sub_response.status_code = 504
        problem = RequestTimeout(f"The request took longer than its time limit of {limit:g} s.")
        operations = request_data if isinstance(request_data, list) else [request_data]
        results = []
        for operation in operations:
            result = ExecutionResult(
                data=None, errors=[GraphQLError(str(problem), original_error=problem)]
            )
            context.observation.executed(operation, result)
            results.append(result)
        return results if isinstance(request_data, list) else results[0]

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Refuses the whole operation when the bearer token was bad or expired, when its
        persisted query is unknown or not allowed, when GET cannot run it (405), or when it
        is a subscription (400: they are served over WebSocket)."""
        method = request_adapter.method
        try:
            if context.caller.refusal is not None:
                raise context.caller.refusal
            if (
                method == "GET"
                and self.settings.is_production
                and not self.persisted.by_hash_alone(request_data)
            ):
                raise PostOnly(GET_RUNS_HASHES)
            request_data = self.persisted.resolve(request_data)
            result = await self.schema.execute(
                request_data.query,
                variable_values=request_data.variables,
                context_value=context,
                root_value=root_value,
                operation_name=request_data.operation_name,
                allowed_operation_types=_ALLOWED_OPERATIONS[method],
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as error:
            if error.operation_type is OperationType.SUBSCRIPTION:
                sub_response.status_code = 400
                result = _refused(BadUserInput(OVER_WEBSOCKET))
            else:
                result = _post_only(sub_response, _get_runs_queries(error))
        except PostOnly as error:
            result = _post_only(sub_response, error)
        except CannotGetOperationTypeError as error:
            sub_response.status_code = 400
            result = _refused(ValidationFailed(_unknown_operation(error.operation_name)))
        except GatewayError as refusal:
            result = _refused(refusal)
        except MissingQueryError:
            raise HTTPException(400, "No GraphQL query found in the request") from None
        context.observation.executed(request_data, result)  # its name and codes, for logs
        return result

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """With `application/graphql-response+json`, a request error (no operation ran) has
        no `data` and a 4xx or 5xx status."""
        context: Context | None = request.scope.get(_CONTEXT_KEY)
        request_id = context.request_id if context else request_id_of(request)
        sub_response = context.response if context else None
        hide = self.settings.is_production  # "Did you mean …?" would spell out the schema
        errors = [format_error(e, request_id, hide_suggestions=hide) for e in result.errors or []]
        by_spec = request.scope.get(_MEDIA_KEY) == GRAPHQL_RESPONSE
        response: GraphQLHTTPResponse = {}
        if by_spec and is_request_error(result) and not request.scope.get(_BATCH_KEY):
            if isinstance(sub_response, Response):
                mark_request_error(sub_response, errors[0]["extensions"]["code"])
        else:
            response["data"] = result.data
        if errors:
            response["errors"] = [*errors]
            if isinstance(sub_response, Response):
                mark_errors(sub_response, {e["extensions"]["code"] for e in errors})
        extensions = dict(result.extensions or {})
        if context is not None and context.trace_calls:
            extensions["dynamodb"] = context.loaders.dynamo.log.as_dict()
        if extensions:
            response["extensions"] = extensions
        return response


def _refused(problem: GatewayError) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(str(problem), original_error=problem)])


def _post_only(sub_response: Response, problem: PostOnly) -> ExecutionResult:
    """405, with `Allow: POST`."""
    sub_response.status_code = 405
    sub_response.headers["Allow"] = "POST"
    return _refused(problem)


def _get_runs_queries(error: InvalidOperationTypeError) -> PostOnly:
    return PostOnly(f"GET runs queries only: send a {error.operation_type.value} by POST.")


def _unknown_operation(name: str | None) -> str:
    if name is None:
        return "The document has no operation to run."
    return f"The document has no operation named '{name}'."
