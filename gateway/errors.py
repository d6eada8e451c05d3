"""The errors a caller can see, with their `extensions.code`; one root, flat subclasses.

This module depends on nothing else in the project, so every layer may raise these.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    TIMEOUT = "TIMEOUT"
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class GatewayError(Exception):
    """An expected failure whose message is safe to show to the caller."""

    code = ErrorCode.INTERNAL_SERVER_ERROR


class BadUserInput(GatewayError):
    code = ErrorCode.BAD_USER_INPUT


class Unauthenticated(GatewayError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(GatewayError):
    code = ErrorCode.FORBIDDEN


class ServiceUnavailable(GatewayError):
    code = ErrorCode.SERVICE_UNAVAILABLE
