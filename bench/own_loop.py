"""An app served on an event loop of its own, in a thread of this process.

To its clients this is a separate server: an app that blocks its loop (the naive schema's
synchronous resolvers) delays only its own requests, which queue as they would at a
one-worker server, and the bench's loop goes on sending and timing them. Requests still
reach the app through `httpx.ASGITransport`, as the gateway's do.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
import uvloop
from starlette.applications import Starlette

T = TypeVar("T")


class _LoopThread:
    def __init__(self) -> None:
        self.loop = uvloop.new_event_loop()  # as uvicorn would
        self.thread = threading.Thread(target=self.loop.run_forever, name="bench-app", daemon=True)

    async def run(self, work: Coroutine[Any, Any, T]) -> T:
        """Run `work` on the app's loop; wait for it without blocking the caller's."""
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, self.loop))

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


class _OtherLoopTransport(httpx.AsyncBaseTransport):
    """`ASGITransport` run on the app's loop; the response is read there in full."""

    def __init__(self, app: Starlette, loop_thread: _LoopThread) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.loop_thread = loop_thread

    async def _send(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=body)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.loop_thread.run(self._send(request))


@asynccontextmanager
async def client_of_app_on_own_loop(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of `app`, which runs (lifespan included) on a loop of its own."""
    loop_thread = _LoopThread()
    loop_thread.thread.start()
    lifespan = app.router.lifespan_context(app)
    try:
        await loop_thread.run(lifespan.__aenter__())
        try:
            transport = _OtherLoopTransport(app, loop_thread)
            async with httpx.AsyncClient(
                transport=transport, base_url="http://bench", timeout=60
            ) as http:
                yield http
        finally:
            await loop_thread.run(lifespan.__aexit__(None, None, None))
    finally:
        loop_thread.stop()
