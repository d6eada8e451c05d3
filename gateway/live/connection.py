"""A WebSocket connection's life: signed in by `connection_init`'s payload as a request is
by its header (the session checked), closed when its token expires or its session ends,
and at most so many open per process."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from typing import Any, NoReturn

from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.exceptions import ConnectionRejectionError

from gateway.auth import Caller, authenticate
from gateway.context import Context
from gateway.errors import GatewayError
from gateway.live import topics
from gateway.tokens import TokenVerifier
from loaders.keys import SessionKey

# Close codes: graphql-transport-ws's 4403 Forbidden (sign in again: graphql-ws does not
# retry it); WebSocket's 1013 Try Again Later (this process is full, or the stream reader
# failed) and 1008 Policy Violation (the client fell too far behind), which it retries.
FORBIDDEN, TRY_AGAIN_LATER, SLOW_CLIENT = 4403, 1013, 1008
CLOSE_DELAY_SECONDS = 0.2  # time for the error message to go out before the close
_WATCH_KEY = "gateway.live.watch"
TOO_MANY_CONNECTIONS = "This server has as many connections as it takes: try again later."


class Connections:
    """The process's open WebSocket connections, at most `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    async def serve(
        self, scope: Scope, receive: Receive, send: Send, run: Callable[[], Awaitable[None]]
    ) -> None:
        if self.open >= self.limit:
            websocket = WebSocket(scope, receive, send)
            offered = scope.get("subprotocols") or []
            await websocket.accept(subprotocol=offered[0] if offered else None)
            await websocket.close(TRY_AGAIN_LATER, TOO_MANY_CONNECTIONS)
            return
        self.open += 1
        try:
            await run()
        finally:
            self.open -= 1
            watch: asyncio.Task[None] | None = scope.get(_WATCH_KEY)
            if watch is not None:
                watch.cancel()


def close_soon(context: Context, code: int, reason: str) -> None:
    """Closes the connection shortly, once what is being sent has gone."""
    websocket = context.request
    assert isinstance(websocket, WebSocket)

    async def close() -> None:
        await asyncio.sleep(CLOSE_DELAY_SECONDS)
        with contextlib.suppress(RuntimeError):  # closed already
            await websocket.close(code, reason)

    _background.add(task := asyncio.create_task(close()))
    task.add_done_callback(_background.discard)


_background: set[asyncio.Task[None]] = set()


def _authorization(params: dict[str, Any]) -> str | None:
    value = params.get("Authorization", params.get("authorization"))
    if value is not None and not isinstance(value, str):
        raise ConnectionRejectionError({"message": "Authorization must be a string."})
    return value


async def sign_in(context: Context, tokens: TokenVerifier) -> None:
    """The connection's caller from `connection_init`'s payload; refused (4403) for a bad
    token or an ended session, then watched until either lapses."""
    caller = await authenticate(tokens, _authorization(context.connection_params or {}))
    if caller.refusal is not None:
        raise ConnectionRejectionError({"message": str(caller.refusal)})
    claimed = caller.claimed
    if claimed is not None and claimed.session_id is not None:
        key = SessionKey(claimed.user_id, claimed.session_id)
        if await context.loaders.items.load(key) is None:
            raise ConnectionRejectionError({"message": "Your session has ended: sign in again."})
    context.caller = caller
    websocket = context.request
    assert isinstance(websocket, WebSocket)
    websocket.scope[_WATCH_KEY] = asyncio.create_task(_close_when_lapsed(context, caller))


async def _close_when_lapsed(context: Context, caller: Caller) -> None:
    """Closes the connection when its token expires or its session ends (logout)."""
    lapses: list[asyncio.Task[str]] = []
    if caller.expires_at is not None:
        lapses.append(asyncio.create_task(_expiry(caller.expires_at)))
    claimed = caller.claimed
    if claimed is not None and claimed.session_id is not None and context.live is not None:
        topic = topics.session_topic(claimed.user_id, claimed.session_id)
        lapses.append(asyncio.create_task(_session_end(context, topic)))
    if not lapses:
        return
    try:
        done, _ = await asyncio.wait(lapses, return_when=asyncio.FIRST_COMPLETED)
        reason = next(iter(done)).result()
    finally:
        for lapse in lapses:
            lapse.cancel()
    websocket = context.request
    assert isinstance(websocket, WebSocket)
    await websocket.close(FORBIDDEN, reason)


async def _expiry(expires_at: float) -> str:
    await asyncio.sleep(max(0.0, expires_at - time.time()))
    return "Your token has expired: sign in again."


async def _session_end(context: Context, topic: str) -> str:
    live = context.live
    assert live is not None
    try:
        subscriber = await live.subscribe([topic])
    except GatewayError:
        return await _never()  # no stream to tell: the expiry still closes it
    try:
        async for _ in subscriber.changes():
            return "Your session has ended: sign in again."
        raise AssertionError("changes() ends only by raising")
    except GatewayError:
        return await _never()
    finally:
        live.hub.unsubscribe(subscriber)


async def _never() -> NoReturn:
    await asyncio.Event().wait()
    raise AssertionError("never set")
