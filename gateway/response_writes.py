"""uvicorn's HTTP protocol, each response sent in one write.

uvicorn writes a response's status line and headers as soon as the app starts it, then its
body: two `send()` system calls for an answer that fits in one. On the machines we measured
(a virtual machine, the client on loopback), one such call is about as costly as parsing a
DynamoDB answer; joining the two cut a tenth of the CPU of a signed-in read
(`bench server-cpu`). The ASGI specification lets a server hold a response's start until its
first body message (aiohttp's own server joins small responses the same way).

Here every write the protocol makes in one pass of the event loop is held and sent at the
end of that pass, as one. An app sends a response's start and a body that it holds whole in
the same pass, so they leave together; a streamed body still leaves chunk by chunk, a pass
later at most. A WebSocket, once upgraded, writes to the socket itself.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class WritesOfOnePass:
    """A transport whose writes within one pass of the event loop go out as one."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self.transport = transport
        self._loop = loop
        self._held: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._held:
            self._loop.call_soon(self.flush)
        self._held.append(data)

    def flush(self) -> None:
        if self._held:
            data, self._held = b"".join(self._held), []
            self.transport.write(data)

    def close(self) -> None:
        self.flush()
        self.transport.close()

    def abort(self) -> None:
        self._held = []
        self.transport.abort()

    def write_eof(self) -> None:
        self.flush()
        self.transport.write_eof()

    def __getattr__(self, name: str) -> Any:  # reading, its flow control, extra info
        return getattr(self.transport, name)


class OneWriteHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over `WritesOfOnePass`."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        held: Any = WritesOfOnePass(transport, self.loop)
        super().connection_made(held)

    def handle_websocket_upgrade(self) -> None:
        held: WritesOfOnePass = self.transport  # type: ignore[assignment]
        held.flush()
        self.transport = held.transport
        super().handle_websocket_upgrade()
