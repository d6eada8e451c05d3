"""The `/graphql` endpoint: Strawberry's ASGI view with the gateway's context and errors,
and the limits of HTTP: JSON bodies only (415), batches only when turned on (400), and a
time limit on execution (TIMEOUT, 504)."""

from __future__ import annotations

import asyncio
import re
import uuid
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult

from gateway.auth import authenticate
from gateway.context import Context
from gateway.error_reporting import format_error
from gateway.errors import GatewayError, RequestTimeout
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
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
JSON = "application/json"


class ClientHolder:
    """Where the lifespan puts the process-wide DynamoDB client for the view to find, with
    the process-wide cache of catalog reads."""

    client: DynamoClient | None = None
    cache: SharedCache | None = None
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
            allow_queries_via_get=not settings.is_production,
        )
        self.settings = settings
        self.holder = holder
        self.tokens = TokenVerifier(settings)
        self.persisted = PersistedQueries.from_manifest(
            settings.persisted_queries,
            only_registered=settings.only_persisted_queries,
            max_entries=settings.persisted_query_entries,
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        assert isinstance(response, Response)
        trace = request.headers.get(TRACE_HEADER) == "1"
        if trace and self.settings.is_production and not self.settings.allow_call_trace:
            raise HTTPException(
                403, "Call tracing is off in production (GATEWAY_ALLOW_CALL_TRACE)."
            )
        request_id = request_id_of(request)
        response.headers["X-Request-ID"] = request_id
        dynamo = Dynamo(self.holder.client, self.settings.table_prefix, cache=self.holder.cache)
        context = Context(
            request=request,
            response=response,
            request_id=request_id,
            settings=self.settings,
            loaders=RequestLoaders(dynamo),
            images=ImageStore(self.holder.s3, self.settings),
            trace_calls=trace,
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
            return await super().parse_http_body(request)
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
        """Refuses the whole operation when the bearer token was bad or expired, or when
        its persisted query is unknown or not allowed."""
        try:
            if context.caller.refusal is not None:
                raise context.caller.refusal
            request_data = self.persisted.resolve(request_data)
        except GatewayError as refusal:
            result = ExecutionResult(
                data=None, errors=[GraphQLError(str(refusal), original_error=refusal)]
            )
        else:
            result = await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        context.observation.executed(request_data, result)  # its name and codes, for logs
        return result

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        context: Context | None = request.scope.get(_CONTEXT_KEY)
        request_id = context.request_id if context else request_id_of(request)
        response: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            hide = self.settings.is_production  # "Did you mean …?" would spell out the schema
            response["errors"] = [
                format_error(e, request_id, hide_suggestions=hide) for e in result.errors
            ]
        extensions = dict(result.extensions or {})
        if context is not None and context.trace_calls:
            extensions["dynamodb"] = context.loaders.dynamo.log.as_dict()
        if extensions:
            response["extensions"] = extensions
        return response
