"""graphql-ws and graphql-sse clients (node, tests/js/subscribe.js) subscribed to a gateway
served over TCP, and the gateway's side of them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette

from gateway.graphql_view import GatewayGraphQL
from gateway.live.service import LiveUpdates
from tests.real_clients import JS, node_path

WAIT_SECONDS = 20


class Subscriber:
    """What one node client saw: `connected`, `next`, `error`, `complete`, `closed` (a
    WebSocket's), `done` lines."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen: list[dict[str, Any]] = []

    async def next_line(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        raw = await asyncio.wait_for(self.process.stdout.readline(), WAIT_SECONDS)
        if not raw:
            stderr = await self.process.stderr.read() if self.process.stderr else b""
            raise AssertionError(f"the client ended early: {stderr.decode()}")
        line: dict[str, Any] = json.loads(raw)
        self.seen.append(line)
        return line

    async def until(self, *kinds: str) -> dict[str, Any]:
        while (line := await self.next_line())["type"] not in kinds:
            pass
        return line

    async def events(self) -> list[dict[str, Any]]:
        """The payloads received, once the client is done."""
        await self.until("done")
        return [line["payload"] for line in self.seen if line["type"] == "next"]


@asynccontextmanager
async def subscribed(
    url: str,
    query: str,
    *,
    token: str | None = None,
    variables: dict[str, Any] | None = None,
    events: int = 1,
    timeout_ms: int = 15_000,
    until_closed: bool = False,
    origin: str | None = None,
    event_stream: bool = False,
) -> AsyncIterator[Subscriber]:
    """A node client subscribed to `query` at the gateway's `url`: graphql-ws's, or with
    `event_stream` graphql-sse's."""
    config = {
        "token": token,
        "query": query,
        "variables": variables or {},
        "events": events,
        "timeoutMs": timeout_ms,
        "untilClosed": until_closed,
        "origin": origin,
        "eventStream": event_stream,
    }
    process = await asyncio.create_subprocess_exec(
        node_path(),
        str(JS / "subscribe.js"),
        (url if event_stream else url.replace("http://", "ws://")) + "/graphql",
        json.dumps(config),
        cwd=JS,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        yield Subscriber(process)
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


def live_of(app: Starlette) -> LiveUpdates:
    for route in app.routes:
        endpoint = getattr(route, "endpoint", None)
        if isinstance(endpoint, GatewayGraphQL) and endpoint.holder.live is not None:
            return endpoint.holder.live
    raise LookupError("the app has no live updates running")


async def until_listening(app: Starlette, subscribers: int) -> None:
    """Waits (bounded) until the app's hub has `subscribers` subscribers."""
    hub = live_of(app).hub
    async with asyncio.timeout(WAIT_SECONDS):
        while hub.subscribers < subscribers:  # noqa: ASYNC110 (the hub signals nothing)
            await asyncio.sleep(0.02)
