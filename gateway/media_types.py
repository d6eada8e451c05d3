"""The media type of an answer, from the client's `Accept`, and the status code of a
GraphQL response in it (the GraphQL-over-HTTP spec).

A client that prefers `application/graphql-response+json` (Apollo Client 4 sends
`application/graphql-response+json,application/json;q=0.9`) gets it, with the spec's
status codes: a request error (the document does not parse or validate, a variable does
not coerce, the request is refused before anything runs) has no `data` entry and a 4xx
or 5xx status; an operation that ran answers 200 with its `data`, even when fields
failed. Any other client (no `Accept`, `*/*`, `application/json`) gets
`application/json` with the statuses of before the spec: 200 for any GraphQL response.
An `Accept` that allows neither is refused with 406.
"""

from __future__ import annotations

from starlette.responses import Response
from strawberry.types import ExecutionResult

from gateway.errors import ErrorCode

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
NOT_ACCEPTABLE = (
    f"Accept {GRAPHQL_RESPONSE} or {JSON} (or text/event-stream, for a subscription): this "
    "endpoint answers in no other type."
)
NO_CACHE = "private, no-cache, must-revalidate"

_SPECIFICITY = {"*/*": 0, "application/*": 1}
_REQUEST_ERROR_STATUS: dict[str, int] = {
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.PERSISTED_QUERY_NOT_FOUND: 404,
    ErrorCode.INTERNAL_SERVER_ERROR: 500,
    ErrorCode.SERVICE_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 504,
}


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in; None when `accept` allows neither of ours.

    Each of ours takes the quality of the most specific range that matches it (RFC 9110);
    the higher quality wins, then the range listed first, then `application/json` (a
    wildcard, `*/*`, means the JSON every client reads)."""
    if accept is None or not accept.strip():
        return JSON
    ranked: dict[str, tuple[int, float, int]] = {}  # ours -> (specificity, q, position)
    for position, item in enumerate(accept.split(",")):
        media, _, parameters = item.partition(";")
        media = media.strip().lower()
        quality = _quality(parameters)
        for ours in (GRAPHQL_RESPONSE, JSON):
            specificity = 2 if media == ours else _SPECIFICITY.get(media)
            if specificity is not None and specificity > ranked.get(ours, (-1, 0.0, 0))[0]:
                ranked[ours] = (specificity, quality, position)
    acceptable = [
        (-quality, position, ours == GRAPHQL_RESPONSE, ours)
        for ours, (_, quality, position) in ranked.items()
        if quality > 0
    ]
    return min(acceptable)[3] if acceptable else None


def _quality(parameters: str) -> float:
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 1.0  # a malformed weight is ignored
    return 1.0


def is_request_error(result: ExecutionResult) -> bool:
    """No operation ran: no data, and none of the errors is a field's."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(error.path is None for error in errors)


def mark_request_error(response: Response, code: str) -> None:
    """The status of a GraphQL response without `data`, in `application/graphql-response+json`,
    from its first error's code: 400 unless the code says otherwise, or a status already set
    (405, 504)."""
    if response.status_code is None:
        response.status_code = _REQUEST_ERROR_STATUS.get(code, 400)
    if response.status_code == 401:
        response.headers["WWW-Authenticate"] = "Bearer"


def mark_errors(response: Response, codes: set[str]) -> None:
    """In either media type: an unknown persisted query is asked again, by GET too, so
    no cache may keep the answer."""
    if ErrorCode.PERSISTED_QUERY_NOT_FOUND in codes:
        response.headers["Cache-Control"] = NO_CACHE
