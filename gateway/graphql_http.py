"""The `/graphql` endpoint's HTTP side: the GraphQL-over-HTTP spec's media types and status
codes (gateway/media_types.py), the limits of HTTP: JSON bodies only (415), batches only
when turned on (400), and a time limit on execution (TIMEOUT, 504); the answer encoded by
orjson, with the calls' trace in its extensions; GraphiQL's page in development. Which
operations a request may run is in gateway/graphql_http_operations.py."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.base import BaseRequestProtocol
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult

from gateway.context import Context
from gateway.error_reporting import format_error, refusal
from gateway.errors import RequestTimeout
from gateway.graphiql import graphiql_page
from gateway.live.event_stream import asks_for_events
from gateway.media_types import (
    GRAPHQL_RESPONSE,
    JSON,
    NOT_ACCEPTABLE,
    is_request_error,
    mark_errors,
    mark_request_error,
    negotiate,
)
from gateway.request_id import request_id_of
from gateway.settings import Settings

CONTEXT_KEY = "gateway.context"  # the request's Context, in its ASGI scope
_MEDIA_KEY = "gateway.media_type"  # the media type negotiated for the answer
_BATCH_KEY = "gateway.batch"


class GraphQLOverHTTP(GraphQL[Context, None]):
    """Strawberry's ASGI view as the gateway answers HTTP (GatewayGraphQL is made of it)."""

    settings: Settings

    async def serve_http(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Picks the answer's media type from `Accept` first: 406 if it allows none of ours.
        A request for an event stream is refused, if it is, as the spec's media type says."""
        request = Request(scope, receive)
        accept = request.headers.get("accept")
        media_type = negotiate(accept)
        if media_type is None and asks_for_events(accept):
            media_type = GRAPHQL_RESPONSE
        elif media_type is None:
            if not self.should_render_graphql_ide(self.request_adapter_class(request)):
                await PlainTextResponse(NOT_ACCEPTABLE, 406)(scope, receive, send)
                return
            media_type = JSON
        scope[_MEDIA_KEY] = media_type
        await super().__call__(scope, receive, send)

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
            result = refusal(problem)
            context.observation.executed(operation, result)
            results.append(result)
        return results if isinstance(request_data, list) else results[0]

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        """With `application/graphql-response+json`, a request error (no operation ran) has
        no `data` and a 4xx or 5xx status."""
        context: Context | None = request.scope.get(CONTEXT_KEY)
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
            if context.loaders.dynamo.cache_use.answered:
                extensions["dynamodb"]["keptAnswer"] = True
        if extensions:
            response["extensions"] = extensions
        return response
