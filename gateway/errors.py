"""The errors a caller can see, with their `extensions.code`; one root, flat subclasses.
Below them, the expected business outcomes (`Rejected` with its `Problem`s) that
mutations list in their payloads' `errors` instead.

This module depends on nothing else in the project, so every layer may raise these.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TIMEOUT = "TIMEOUT"
    RATE_LIMITED = "RATE_LIMITED"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class GatewayError(Exception):
    """An expected failure whose message is safe to show to the caller; `retry_after`, the
    seconds to wait before asking again, when waiting is the remedy (`extensions.retryAfter`)."""

    code = ErrorCode.INTERNAL_SERVER_ERROR
    retry_after: int | None = None


class BadUserInput(GatewayError):
    code = ErrorCode.BAD_USER_INPUT


class Unauthenticated(GatewayError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(GatewayError):
    code = ErrorCode.FORBIDDEN


class ServiceUnavailable(GatewayError):
    code = ErrorCode.SERVICE_UNAVAILABLE


class QueryTooComplex(GatewayError):
    """A document over one of the limits of gateway/limits.py or gateway/query_cost.py."""

    code = ErrorCode.QUERY_TOO_COMPLEX


class RequestTimeout(GatewayError):
    code = ErrorCode.TIMEOUT


class RateLimited(GatewayError):
    """The client spent its cost budget (gateway/cost_budget.py): HTTP 429, Retry-After."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UserErrorCode(StrEnum):
    """Expected business outcomes of a mutation, listed in its payload's `errors` (the
    GraphQL enum `ErrorCode`); an empty list means success."""

    OUT_OF_STOCK = "OUT_OF_STOCK"
    CART_EMPTY = "CART_EMPTY"
    COUPON_INVALID = "COUPON_INVALID"
    USERNAME_TAKEN = "USERNAME_TAKEN"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    NOT_FOUND = "NOT_FOUND"
    INVALID_INPUT = "INVALID_INPUT"
    ALREADY_REVIEWED = "ALREADY_REVIEWED"
    INVALID_STATE = "INVALID_STATE"
    FORBIDDEN = "FORBIDDEN"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"


@dataclass(frozen=True)
class Problem:
    """One reason a use case refused: `field` is the path of the input at fault, in the
    use case's own (snake_case) names, relative to the operation's arguments;
    `retry_after`, the seconds to wait before asking again (TOO_MANY_ATTEMPTS)."""

    code: UserErrorCode
    message: str
    field: tuple[str, ...] | None = None
    retry_after: int | None = None


class Rejected(Exception):
    """A use case refused what was asked, for reasons the caller can act on (a taken
    username, an empty cart). Not a GraphQL error: the mutation lists the problems."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems
