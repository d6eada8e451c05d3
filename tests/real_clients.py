"""Real clients against the gateway served over TCP: node scripts (`tests/js/`) and Debian's
headless Chromium. A test that needs one skips, saying what is missing, where it is not
installed (`make system-packages` installs node and Chromium; `make test` the node modules);
CI installs them first, so there it never skips."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from starlette.types import ASGIApp

from gateway.app import create_app
from gateway.settings import Settings

JS = Path(__file__).parent / "js"
NODE_MODULES = JS / "node_modules"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
NODE_TIMEOUT_SECONDS = 120


@asynccontextmanager
async def served_gateway(settings: Settings, **overrides: object) -> AsyncIterator[str]:
    """The gateway served by uvicorn on a free port of 127.0.0.1, in this event loop; yields
    its base URL (`http://127.0.0.1:PORT`)."""
    async with served(create_app(settings.model_copy(update=overrides))) as url:
        yield url


@asynccontextmanager
async def served(app: ASGIApp) -> AsyncIterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1, in this event loop; yields its
    base URL (`http://127.0.0.1:PORT`)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()  # start-up failed: raise its error
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await task
        sock.close()


def node_path() -> str:
    """The node executable, the test skipped when node or the modules of tests/js are absent."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make system-packages installs it)")
    if not NODE_MODULES.is_dir():
        pytest.skip("tests/js/node_modules is absent (make js installs it)")
    return node


def chromium_path() -> str:
    """Debian's Chromium, the test skipped when it is not installed."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    pytest.skip("Chromium is not installed (make system-packages installs it)")


async def run_node(script: str, *args: str, env: dict[str, str] | None = None) -> Any:
    """Runs `tests/js/<script>` with `args` and returns the JSON it prints last; a non-zero
    exit fails the test with the script's output."""
    process = await asyncio.create_subprocess_exec(
        node_path(),
        str(JS / script),
        *args,
        cwd=JS,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), NODE_TIMEOUT_SECONDS)
    if process.returncode != 0:
        pytest.fail(f"{script} exited {process.returncode}:\n{out.decode()}\n{err.decode()}")
    return json.loads(out.decode().strip().splitlines()[-1])
