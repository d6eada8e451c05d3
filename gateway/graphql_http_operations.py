"""Running one operation of an HTTP request, or refusing it whole: when the bearer token
was bad or expired; when its persisted query (gateway/persisted_queries.py) is unknown or
not allowed; when GET cannot run it (405, `Allow: POST`: GET runs queries only, and in
production a persisted query by its hash alone); when it is a subscription (400: they are
served over WebSocket) or `operationName` names none of the document's operations (400)."""

from __future__ import annotations

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway.context import Context
from gateway.errors import BadUserInput, GatewayError, ValidationFailed
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
    "as the graphql-ws client speaks it), not over HTTP."
)


class PostOnly(BadUserInput):
    """A request GET cannot run: the answer is 405, with `Allow: POST`."""


class HTTPOperations(GraphQL[Context, None]):
    """Strawberry's ASGI view as the gateway runs an HTTP request's operations
    (GatewayGraphQL is made of it)."""

    settings: Settings
    persisted: PersistedQueries

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
