"""Running one operation of an HTTP request, or refusing it whole: when the bearer token
was bad or expired; when its persisted query (gateway/persisted_queries.py) is unknown or
not allowed; when GET cannot run it (405, `Allow: POST`: GET runs queries only, and in
production a persisted query by its hash alone); when it is a subscription (400: they are
served over WebSocket, or as an event stream) or `operationName` names none of the
document's operations (400). A subscription asked for as an event stream
(gateway/live/event_stream.py) is started here too."""

from __future__ import annotations

from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway.context import Context
from gateway.error_reporting import refusal
from gateway.errors import (
    BadUserInput,
    GatewayError,
    ServiceUnavailable,
    Unauthenticated,
    ValidationFailed,
)
from gateway.live.connection import (
    SESSION_ENDED,
    TOO_MANY_CONNECTIONS,
    Connections,
    lapse,
    session_ended,
)
from gateway.live.event_stream import until_lapsed
from gateway.persisted_queries import PersistedQueries
from gateway.settings import Settings

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
    "as the graphql-ws client speaks it), or as an event stream (a POST with Accept: "
    "text/event-stream, as the graphql-sse client sends it), not as JSON."
)
STREAMS_BY_POST = "An event stream is asked for by POST, with the operation as JSON."
_SSE = "sse"  # Strawberry's protocol of a request that asks for an event stream


class PostOnly(BadUserInput):
    """A request GET cannot run: the answer is 405, with `Allow: POST`."""


class HTTPOperations(GraphQL[Context, None]):
    """Strawberry's ASGI view as the gateway runs an HTTP request's operations
    (GatewayGraphQL is made of it)."""

    settings: Settings
    persisted: PersistedQueries
    connections: Connections

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> Any:
        if isinstance(request_data, GraphQLRequestData) and request_data.protocol == _SSE:
            return await self.start_stream(request_adapter, sub_response, context, request_data)
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )

    async def start_stream(
        self,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        request_data: GraphQLRequestData,
    ) -> Any:
        """A subscription's results as an event stream, or the refusal (JSON) of a request
        that cannot have one: not a POST (405), a bad token or an ended session, a process
        with as many live connections as it takes, an unknown persisted query."""
        try:
            if request_adapter.method != "POST":
                raise PostOnly(STREAMS_BY_POST)
            if context.caller.refusal is not None:
                raise context.caller.refusal
            if await session_ended(context, context.caller):
                raise Unauthenticated(SESSION_ENDED)
            if self.connections.full:
                raise ServiceUnavailable(TOO_MANY_CONNECTIONS)
            request_data = self.persisted.resolve(request_data)
        except PostOnly as error:
            result = _post_only(sub_response, error)
        except GatewayError as problem:
            result = refusal(problem)
        else:
            results = await self.schema.stream(
                request_data.query,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=(OperationType.SUBSCRIPTION,),
                operation_extensions=request_data.extensions,
            )
            context.observation.executed(request_data, ExecutionResult(data=None, errors=None))
            caller = context.caller
            return until_lapsed(results, lambda: lapse(context, caller), self.connections)
        context.observation.executed(request_data, result)
        return result

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
                result = refusal(BadUserInput(OVER_WEBSOCKET))
            else:
                result = _post_only(sub_response, _get_runs_queries(error))
        except PostOnly as error:
            result = _post_only(sub_response, error)
        except CannotGetOperationTypeError as error:
            sub_response.status_code = 400
            result = refusal(ValidationFailed(_unknown_operation(error.operation_name)))
        except GatewayError as problem:
            result = refusal(problem)
        except MissingQueryError:
            raise HTTPException(400, "No GraphQL query found in the request") from None
        context.observation.executed(request_data, result)  # its name and codes, for logs
        return result


def _post_only(sub_response: Response, problem: PostOnly) -> ExecutionResult:
    """405, with `Allow: POST`."""
    sub_response.status_code = 405
    sub_response.headers["Allow"] = "POST"
    return refusal(problem)


def _get_runs_queries(error: InvalidOperationTypeError) -> PostOnly:
    return PostOnly(f"GET runs queries only: send a {error.operation_type.value} by POST.")


def _unknown_operation(name: str | None) -> str:
    if name is None:
        return "The document has no operation to run."
    return f"The document has no operation named '{name}'."
