"""A reverse proxy that delays every request by a fixed time: DynamoDB's network latency.

`python -m bench.proxy --upstream http://127.0.0.1:PORT --port P --delay-ms 5` waits the
delay, then forwards the request to the upstream (moto) and streams the answer back.
It runs in its own process, so its CPU time never counts as the gateway's. HTTP/1.1 with
keep-alive, one upstream connection per client connection; bodies by Content-Length (what
botocore and moto's server send) or, for an answer, until the upstream closes (none for an
answer to HEAD: S3's HeadObject).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import uvloop

from gateway.embedded import wait_until_up

_HEAD_END = b"\r\n\r\n"


async def _read_message(reader: asyncio.StreamReader) -> tuple[bytes, dict[str, str]] | None:
    """The head (request or status line and headers) and its headers, lower-cased."""
    try:
        head = await reader.readuntil(_HEAD_END)
    except asyncio.IncompleteReadError:
        return None
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        if name:
            headers[name.strip().lower()] = value.strip()
    return head, headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size_line = await reader.readuntil(b"\r\n")
        parts.append(size_line)
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            parts.append(await reader.readuntil(b"\r\n"))
            return b"".join(parts)
        parts.append(await reader.readexactly(size + 2))


def _kept_alive(head: bytes, headers: dict[str, str], body: bytes, *, to_head: bool) -> bytes:
    """The answer as HTTP/1.1 on a connection that stays open, its length stated (an
    answer to HEAD keeps the length of what a GET would have had)."""
    status, *lines = head[: -len(_HEAD_END)].split(b"\r\n")
    _, _, rest = status.partition(b" ")  # the status after "HTTP/1.x "
    chunked = headers.get("transfer-encoding", "").lower() == "chunked"
    stated = chunked or to_head
    dropped = {b"connection", b"keep-alive"} | (set() if stated else {b"content-length"})
    kept = [line for line in lines if line.split(b":", 1)[0].strip().lower() not in dropped]
    if not stated:
        kept.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join([b"HTTP/1.1 " + rest, *kept]) + _HEAD_END + body


class LatencyProxy:
    def __init__(self, upstream: str, delay_ms: float) -> None:
        parts = urlsplit(upstream)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.delay = delay_ms / 1000
        self.tasks: set[asyncio.Task[None]] = set()

    async def serve(
        self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter
    ) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        task = asyncio.current_task()
        if task is not None:  # asyncio keeps no strong reference to a connection's task
            self.tasks.add(task)
        try:
            while True:
                message = await _read_message(client_reader)
                if message is None:
                    return
                head, headers = message
                body = await client_reader.readexactly(int(headers.get("content-length", "0")))
                started = time.monotonic()
                if upstream is None:
                    upstream = await asyncio.open_connection(self.host, self.port)
                remaining = self.delay - (time.monotonic() - started)
                if remaining > 0:
                    await asyncio.sleep(remaining)
                reader, writer = upstream
                writer.write(head + body)
                await writer.drain()
                answer = await _read_message(reader)
                if answer is None:
                    return
                answer_head, answer_headers = answer
                to_head = head.startswith(b"HEAD ")
                if to_head:  # S3's HeadObject: a Content-Length, and no body
                    answer_body = b""
                elif "content-length" in answer_headers:
                    answer_body = await reader.readexactly(int(answer_headers["content-length"]))
                elif answer_headers.get("transfer-encoding", "").lower() == "chunked":
                    answer_body = await _read_chunked(reader)
                else:
                    answer_body = await reader.read()
                    writer.close()
                    upstream = None
                if upstream is not None and answer_headers.get("connection", "").lower() == "close":
                    # moto's server answers one request per connection: let it go at once
                    writer.close()
                    upstream = None
                # DynamoDB keeps its connections open: the client's stays open whatever moto
                # does with its own (a new connection per call would cost the gateway CPU and
                # latency that DynamoDB does not).
                client_writer.write(
                    _kept_alive(answer_head, answer_headers, answer_body, to_head=to_head)
                )
                await client_writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        finally:
            if task is not None:
                self.tasks.discard(task)
            if upstream is not None:
                upstream[1].close()
            client_writer.close()


async def _main(upstream: str, port: int, delay_ms: float) -> None:
    proxy = LatencyProxy(upstream, delay_ms)
    server = await asyncio.start_server(proxy.serve, "127.0.0.1", port, backlog=1024)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with server:
        await stop.wait()


def _spawn(upstream: str, port: int, delay_ms: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.proxy",
            "--upstream",
            upstream,
            "--port",
            str(port),
            "--delay-ms",
            str(delay_ms),
        ],
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )


@contextmanager
def latency_proxy(upstream: str, port: int, delay_ms: float) -> Iterator[str]:
    """Run the proxy in a child process for the duration; yield its endpoint.

    A watchdog starts it again on the same port should it end early (a stray signal on a
    shared machine), so that a long run is not lost; it says so on stderr.
    """
    endpoint = f"http://127.0.0.1:{port}"
    process = _spawn(upstream, port, delay_ms)
    stopping = threading.Event()

    def watch() -> None:
        nonlocal process
        while not stopping.wait(0.5):
            if process.poll() is not None and not stopping.is_set():
                print(
                    f"bench: the latency proxy ended (code {process.returncode}); restarting it",
                    file=sys.stderr,
                    flush=True,
                )
                process = _spawn(upstream, port, delay_ms)

    watchdog = threading.Thread(target=watch, name="proxy-watchdog", daemon=True)
    try:
        wait_until_up(endpoint, process, timeout=15, what="the latency proxy")
        watchdog.start()
        yield endpoint
    finally:
        stopping.set()
        if watchdog.is_alive():
            watchdog.join()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.proxy", description=__doc__)
    parser.add_argument("--upstream", required=True, help="e.g. http://127.0.0.1:5000")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay-ms", type=float, default=5.0)
    args = parser.parse_args()
    with (
        contextlib.suppress(KeyboardInterrupt),
        asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner,
    ):
        runner.run(_main(args.upstream, args.port, args.delay_ms))


if __name__ == "__main__":
    main()
