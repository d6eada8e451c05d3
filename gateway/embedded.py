"""An embedded DynamoDB for development: moto's server in a child process on loopback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

# moto accepts any credentials; these keep botocore from looking for real ones.
FAKE_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "embedded",
    "AWS_SECRET_ACCESS_KEY": "embedded",
    "AWS_SESSION_TOKEN": "embedded",
}
_HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((_HOST, 0))
        return int(probe.getsockname()[1])


def wait_until_up(
    endpoint: str,
    process: subprocess.Popen[bytes],
    timeout: float = 30,
    what: str = "the embedded DynamoDB",
) -> None:
    """Until `endpoint/moto-api/` answers (moto's, or what forwards to it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not answer on {endpoint} within {timeout:.0f} s")


@contextmanager
def embedded_dynamodb() -> Iterator[str]:
    """Start moto's server, point this process's AWS settings at it, yield its endpoint.

    SIGTERM becomes SystemExit meanwhile: uvicorn re-raises the signal after its graceful
    shutdown, and the default action would end this process before it stops the server.
    """
    previous = signal.signal(signal.SIGTERM, _exit_on_sigterm)
    port = free_port()
    endpoint = f"http://{_HOST}:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway.moto_server", "-H", _HOST, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(endpoint, process)
        os.environ.update(FAKE_CREDENTIALS)
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        signal.signal(signal.SIGTERM, previous)


def _exit_on_sigterm(signum: int, _: object) -> None:
    raise SystemExit(128 + signum)
