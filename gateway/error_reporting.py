"""How GraphQL errors reach the caller: each gets an `extensions.code`, and unexpected
ones are masked (logged once here, with the request id and the stack trace). The limits
(gateway/limits.py, gateway/query_cost.py) raise `QueryTooComplex`, a `GatewayError`
whose code is QUERY_TOO_COMPLEX; in production, graphql-core's "Did you mean …?"
suggestions, which spell out the schema's names, are cut from messages; and Python's
words in graphql-core's messages become the client's (gateway/error_messages.py)."""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionResult

from gateway.error_messages import plain
from gateway.errors import ErrorCode, GatewayError

logger = logging.getLogger("gateway.errors")

MASKED_MESSAGE = "Internal server error"
_SUGGESTION = re.compile(r" ?Did you mean .*\?$", re.DOTALL)


def refusal(problem: GatewayError) -> ExecutionResult:
    """The result of an operation refused whole: no data, `problem` its one error."""
    return ExecutionResult(data=None, errors=[GraphQLError(str(problem), original_error=problem)])


def without_suggestions(message: str) -> str:
    """`message` without graphql-core's trailing "Did you mean 'x'?"."""
    return _SUGGESTION.sub("", message)


def error_code(error: GraphQLError) -> ErrorCode:
    """The `extensions.code` the caller gets for `error`."""
    original = error.original_error
    if error.path is not None and isinstance(original, GraphQLError):
        return error_code(original)  # re-wrapped by a layer of graphql-core
    if isinstance(original, GatewayError):
        return original.code
    if error.path is not None:
        return ErrorCode.INTERNAL_SERVER_ERROR
    # A failure of the document or its variables, found before any resolver ran; the
    # validation rules' own errors are ValidationFailed (gateway/documents.py).
    if error.message.startswith("Syntax Error"):
        return ErrorCode.GRAPHQL_PARSE_FAILED
    if error.message.startswith("Variable '$"):
        return ErrorCode.BAD_USER_INPUT  # its value does not coerce to its type
    return ErrorCode.GRAPHQL_VALIDATION_FAILED


def format_error(
    error: GraphQLError, request_id: str, *, hide_suggestions: bool = False
) -> dict[str, Any]:
    original = error.original_error
    if error.path is not None and isinstance(original, GraphQLError):
        # re-wrapped by a layer of graphql-core
        return format_error(original, request_id, hide_suggestions=hide_suggestions)
    formatted: dict[str, Any] = dict(error.formatted)
    formatted["message"] = plain(formatted["message"])
    if hide_suggestions:
        formatted["message"] = without_suggestions(formatted["message"])
    code = error_code(error)
    if code is ErrorCode.INTERNAL_SERVER_ERROR and not isinstance(original, GatewayError):
        logger.error(
            "unexpected error in %s (request %s)",
            ".".join(map(str, error.path or ())),
            request_id,
            exc_info=original or error,
        )
        formatted["message"] = MASKED_MESSAGE
    extensions: dict[str, Any] = {"code": code.value}
    if code is ErrorCode.INTERNAL_SERVER_ERROR:
        extensions["requestId"] = request_id
    if isinstance(original, GatewayError) and original.retry_after is not None:
        extensions["retryAfter"] = original.retry_after
    formatted["extensions"] = extensions
    return formatted
