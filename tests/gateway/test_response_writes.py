"""A response leaves in one write (`gateway/response_writes.py`), checked on uvicorn's
protocol with a transport that records what it is given."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import uvicorn
from starlette.responses import JSONResponse, StreamingResponse
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from gateway.response_writes import OneWriteHttpProtocol, WritesOfOnePass

REQUEST = b"GET / HTTP/1.1\r\nHost: gateway\r\n\r\n"


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def writes_of(protocol_class: type[HttpToolsProtocol], app: ASGIApp) -> list[bytes]:
    """The transport's writes for one request, once the response is complete."""
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    protocol = protocol_class(config, ServerState(), {}, _loop=asyncio.get_running_loop())
    transport = RecordingTransport()
    protocol.connection_made(transport)
    protocol.data_received(REQUEST)
    for _ in range(100):
        await asyncio.sleep(0)
        if protocol.cycle.response_complete:
            await asyncio.sleep(0)  # the pass that sends what was held
            break
    protocol.connection_lost(None)
    return transport.writes


async def test_a_response_leaves_in_one_write() -> None:
    writes = await writes_of(OneWriteHttpProtocol, JSONResponse({"data": {"ok": True}}))

    assert len(writes) == 1
    assert writes[0].startswith(b"HTTP/1.1 200 OK\r\n")
    assert writes[0].endswith(b'\r\n\r\n{"data":{"ok":true}}')


async def test_uvicorn_alone_writes_its_headers_then_its_body() -> None:
    """Why the protocol exists; when this fails, uvicorn joins them itself and
    `gateway/response_writes.py` can go."""
    writes = await writes_of(HttpToolsProtocol, JSONResponse({"data": {"ok": True}}))

    assert len(writes) == 2
    assert writes[1] == b'{"data":{"ok":true}}'


async def test_a_streamed_body_still_leaves_chunk_by_chunk() -> None:
    chunks_sent = asyncio.Event()

    async def chunks() -> Any:
        yield b"first "
        await asyncio.sleep(0)
        yield b"second"
        chunks_sent.set()

    writes = await writes_of(OneWriteHttpProtocol, StreamingResponse(chunks()))

    assert chunks_sent.is_set()
    assert len(writes) > 1
    joined = b"".join(writes)
    assert joined.startswith(b"HTTP/1.1 200 OK\r\n")
    assert joined.endswith(b"6\r\nfirst \r\n6\r\nsecond\r\n0\r\n\r\n")


@pytest.mark.parametrize("ending", ["close", "write_eof"])
async def test_what_is_held_goes_out_before_the_connection_ends(ending: str) -> None:
    transport = RecordingTransport()
    transport.write_eof = lambda: transport.writes.append(b"<eof>")  # type: ignore[method-assign]
    held = WritesOfOnePass(transport, asyncio.get_running_loop())
    held.write(b"HTTP/1.1 200 OK\r\n\r\n")
    held.write(b"body")
    getattr(held, ending)()

    assert transport.writes[0] == b"HTTP/1.1 200 OK\r\n\r\nbody"
