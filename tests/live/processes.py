"""Real processes for the many-replica tests: Debian's redis-server, and gateways served by
`python -m gateway serve`, each on a free port of 127.0.0.1."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
import pytest

from gateway.settings import Settings

START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """Debian's redis-server on a port of its own (no persistence), which a test may stop
    and start again."""

    def __init__(self, binary: str, folder: str) -> None:
        self.binary, self.folder = binary, folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        options = ["--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
        self.process = subprocess.Popen(
            [self.binary, *options, "--dir", self.folder], stdout=subprocess.DEVNULL
        )
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A redis-server of its own, started. Skips without one."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (make system-packages installs it)")
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(binary, folder)
        server.start()
        try:
            yield server
        finally:
            server.stop()


def _wait_for_port(port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


def gateway_environment(settings: Settings, **variables: str) -> dict[str, str]:
    """The environment of a gateway process on the test's tables."""
    assert settings.dynamodb_endpoint
    assert settings.jwt_secret
    return (
        os.environ
        | {
            "GATEWAY_DYNAMODB_ENDPOINT": settings.dynamodb_endpoint,
            "GATEWAY_TABLE_PREFIX": settings.table_prefix,
            "GATEWAY_JWT_SECRET": settings.jwt_secret.get_secret_value(),
            "GATEWAY_CATALOG_CACHE_SECONDS": "0",
        }
        | variables
    )


class GatewayProcess:
    def __init__(self, process: asyncio.subprocess.Process, url: str) -> None:
        self.process = process
        self.url = url

    def kill(self) -> None:
        """Ends it at once, as a crash would (SIGKILL: no lifespan shutdown)."""
        self.process.kill()


@asynccontextmanager
async def gateway_process(environment: dict[str, str]) -> AsyncIterator[GatewayProcess]:
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "serve", "--port", str(port), env=environment
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient() as client, asyncio.timeout(START_SECONDS):
            while True:
                try:
                    if (await client.get(f"{url}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        yield GatewayProcess(process, url)
    finally:
        if process.returncode is None:
            process.terminate()
        await process.wait()
