"""A live connection's life (a WebSocket, or an event stream: gateway/live/event_stream.py):
signed in as a request is (the session checked), ended when its token expires or its
session ends, and at most so many open per process."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Iterator
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
SESSION_ENDED = "Your session has ended: sign in again."


class Connections:
    """The process's open live connections, WebSockets and event streams, at most `limit`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    @property
    def full(self) -> bool:
        return self.open >= self.limit

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """One connection counted open for as long as the block runs."""
        self.open += 1
        try:
            yield
        finally:
            self.open -= 1

    async def serve(
        self, scope: Scope, receive: Receive, send: Send, run: Callable[[], Awaitable[None]]
    ) -> None:
        if self.full:
            websocket = WebSocket(scope, receive, send)
            offered = scope.get("subprotocols") or []
            await websocket.accept(subprotocol=offered[0] if offered else None)
            await websocket.close(TRY_AGAIN_LATER, TOO_MANY_CONNECTIONS)
            return
        try:
            with self.held():
                await run()
        finally:
            watch: asyncio.Task[None] | None = scope.get(_WATCH_KEY)
            if watch is not None:
                watch.cancel()


def close_soon(context: Context, code: int, reason: str) -> None:
    """Closes a WebSocket shortly, once what is being sent has gone (an event stream ends
    with its subscription)."""
    websocket = context.request
    if not isinstance(websocket, WebSocket):
        return

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
    if await session_ended(context, caller):
        raise ConnectionRejectionError({"message": SESSION_ENDED})
    context.caller = caller
    websocket = context.request
    assert isinstance(websocket, WebSocket)
    websocket.scope[_WATCH_KEY] = asyncio.create_task(_close_when_lapsed(context, caller))


async def session_ended(context: Context, caller: Caller) -> bool:
    """Whether the session the caller's token names is over (logout): a connection outlives
    a request, so it is checked before the connection starts, not when a field asks."""
    claimed = caller.claimed
    if claimed is None or claimed.session_id is None:
        return False
    return await context.loaders.items.load(SessionKey(claimed.user_id, claimed.session_id)) is None


async def _close_when_lapsed(context: Context, caller: Caller) -> None:
    """Closes the WebSocket when its token expires or its session ends (logout)."""
    reason = await lapse(context, caller)
    websocket = context.request
    assert isinstance(websocket, WebSocket)
    await websocket.close(FORBIDDEN, reason)


async def lapse(context: Context, caller: Caller) -> str:
    """Why the caller's connection must end, once it must: its token expired or its session
    ended (the Session item's removal, through the live updates). Never, for neither."""
    lapses: list[asyncio.Task[str]] = []
    if caller.expires_at is not None:
        lapses.append(asyncio.create_task(_expiry(caller.expires_at)))
    claimed = caller.claimed
    if claimed is not None and claimed.session_id is not None and context.live is not None:
        topic = topics.session_topic(claimed.user_id, claimed.session_id)
        lapses.append(asyncio.create_task(_session_end(context, topic)))
    if not lapses:
        return await _never()
    try:
        done, _ = await asyncio.wait(lapses, return_when=asyncio.FIRST_COMPLETED)
        return next(iter(done)).result()
    finally:
        for pending in lapses:
            pending.cancel()


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
            return SESSION_ENDED
        raise AssertionError("changes() ends only by raising")
    except GatewayError:
        return await _never()
    finally:
        live.hub.unsubscribe(subscriber)


async def _never() -> NoReturn:
    await asyncio.Event().wait()
    raise AssertionError("never set")
