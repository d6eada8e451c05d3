"""Subscriptions over Server-Sent Events, for clients that cannot open a WebSocket.

A POST to `/graphql` that accepts `text/event-stream` and no JSON answer (graphql-sse's
distinct connections mode: what its `graphql-sse` client sends) runs a subscription and is
answered by a stream of `next` events, each a GraphQL response, then `complete`; a comment
line every 15 s keeps proxies from closing it. The bearer token comes in the request's
`Authorization` header and is checked as a request's is, its session included; the stream
counts against the process's live connections (gateway/live/connection.py) and ends, with
an UNAUTHENTICATED error, when the token expires or the session ends. Refusals before the
stream starts (a bad token, a full process) are JSON with the GraphQL-over-HTTP statuses.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Callable, Coroutine
from typing import Any

from strawberry.schema.exceptions import InvalidOperationTypeError

from gateway.error_reporting import refusal
from gateway.errors import BadUserInput, Unauthenticated
from gateway.live.connection import Connections
from gateway.media_types import negotiate

EVENT_STREAM = "text/event-stream"
_END = object()  # the subscription has no more results to send
SUBSCRIPTIONS_ONLY = (
    "An event stream runs a subscription: send queries and mutations as JSON "
    "(Accept: application/json)."
)


def asks_for_events(accept: str | None) -> bool:
    """Whether `accept` takes an event stream and no JSON answer."""
    lowered = (accept or "").lower()
    if EVENT_STREAM not in lowered:
        return False  # most requests: no ranges to weigh
    ranges = (media.split(";")[0].strip() for media in lowered.split(","))
    return EVENT_STREAM in ranges and negotiate(accept) is None


async def until_lapsed(
    results: AsyncGenerator[Any, None],
    lapse: Callable[[], Coroutine[Any, Any, str]],
    connections: Connections,
) -> AsyncGenerator[Any, None]:
    """The subscription's results, one connection of `connections` held meanwhile, until
    `lapse()` says why it must end: then one result with that UNAUTHENTICATED error."""
    with connections.held():
        lapsed = asyncio.create_task(lapse())
        try:
            while (value := await _next_unless(lapsed, results)) is not _END:
                yield _explained(value)
            if lapsed.done():
                yield refusal(Unauthenticated(lapsed.result()))
        finally:
            lapsed.cancel()
            with contextlib.suppress(Exception):
                await results.aclose()


async def _next_unless(lapsed: asyncio.Task[str], results: AsyncGenerator[Any, None]) -> Any:
    """The subscription's next result; _END once it has ended, or `lapsed` is done first."""
    result = asyncio.ensure_future(anext(results))
    await asyncio.wait((result, lapsed), return_when=asyncio.FIRST_COMPLETED)
    if not result.done():
        result.cancel()
        return _END
    try:
        return result.result()
    except StopAsyncIteration:
        return _END


def _explained(result: Any) -> Any:
    """Strawberry's "queries are not allowed" said the gateway's way."""
    errors = getattr(result, "errors", None) or []
    if any(isinstance(error.original_error, InvalidOperationTypeError) for error in errors):
        return refusal(BadUserInput(SUBSCRIPTIONS_ONLY))
    return result
