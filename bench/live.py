"""`python -m bench.live`: live updates measured as a client sees them.

The gateway runs as its own process (`python -m gateway serve`) over moto's server (the
embedded engine); graphql-transport-ws clients subscribe to products' availability while
this process writes the listings straight to DynamoDB (as another service would).

- Delivery latency: from a write's answer to its event at one subscriber, `--writes`
  times, one write at a time; p50, p99 and the largest.
- Soak: `--subscribers` connections, each subscribed to one of `--products` products,
  with a write every `--interval` seconds for `--minutes`; the gateway's resident memory
  sampled every `--sample-seconds`, and every event counted (each write should reach every
  subscriber of its product exactly once).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import boto3
import websockets
from websockets.asyncio.client import ClientConnection

from gateway.embedded import embedded_dynamodb, free_port
from gateway.lifespan import open_client
from gateway.settings import load_settings
from loaders.tables import create_tables

PREFIX = "live-bench-"
SELLER = "s-live"
SUBSCRIPTION = (
    "subscription($id: ID!) { productAvailability(productId: $id) { sellers { stock } } }"
)
SECRET = "live-bench-secret-" + "x" * 32
LOG = Path(__file__).parent / "results" / "live-gateway.log"  # the gateway's own log lines


def _product_items(product_id: str) -> list[dict[str, Any]]:
    now = "2026-12-01T00:00:00.000Z"
    return [
        {"pk": product_id, "sk": "INFO", "entity": "Product", "product_id": product_id,
         "name": product_id, "description": "", "category_id": "bench", "tags": [],
         "is_active": True, "rating_sum": 0, "rating_count": 0, "min_price_cents": 1000,
         "currency": "USD", "created_at": now, "updated_at": now},
        {"pk": product_id, "sk": f"SELLER#{SELLER}", "entity": "Listing",
         "product_id": product_id, "seller_id": SELLER, "seller_name": "Bench",
         "price_cents": 1000, "currency": "USD", "stock": 0, "condition": "NEW",
         "is_active": True, "created_at": now, "updated_at": now},
    ]  # fmt: skip


def _restock(table: Any, product_id: str, stock: int) -> None:
    table.update_item(
        Key={"pk": product_id, "sk": f"SELLER#{SELLER}"},
        UpdateExpression="SET stock = :s",
        ExpressionAttributeValues={":s": stock},
    )


@contextmanager
def _gateway(endpoint: str) -> Iterator[tuple[str, int]]:
    """The gateway in a process of its own; yields its WebSocket URL and its pid."""
    port = free_port()
    environment = os.environ | {
        "GATEWAY_DYNAMODB_ENDPOINT": endpoint,
        "GATEWAY_TABLE_PREFIX": PREFIX,
        "GATEWAY_JWT_SECRET": SECRET,
        "GATEWAY_LIVE_MAX_CONNECTIONS": "100000",
        "GATEWAY_LOG_FORMAT": "text",
    }
    LOG.parent.mkdir(parents=True, exist_ok=True)
    log = LOG.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", str(port)],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield f"ws://127.0.0.1:{port}/graphql", process.pid
    finally:
        process.terminate()
        process.wait(30)
        log.close()


@asynccontextmanager
async def _subscribed(url: str, product_id: str) -> AsyncIterator[ClientConnection]:
    async with websockets.connect(url, subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await ws.recv())["type"] == "connection_ack"
        query = {"query": SUBSCRIPTION, "variables": {"id": product_id}}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": query}))
        yield ws


async def _stock_of(ws: ClientConnection) -> int:
    """The stock of the next event; raises on an error (the subscription ended)."""
    while True:
        message = json.loads(await ws.recv())
        if message["type"] == "next" and message["payload"].get("data"):
            (offer,) = message["payload"]["data"]["productAvailability"]["sellers"]
            return int(offer["stock"])
        if message["type"] != "ping":
            raise RuntimeError(f"the subscription ended: {message}")


async def _ready(ws: ClientConnection, table: Any, product_id: str) -> None:
    """Writes until the subscription answers: its subscribe message has been handled."""
    for attempt in range(1, 200):
        _restock(table, product_id, -attempt)
        try:
            async with asyncio.timeout(0.5):
                while await _stock_of(ws) != -attempt:
                    pass
            return
        except TimeoutError:
            continue
    raise RuntimeError("the subscription never answered")


async def latency(url: str, table: Any, writes: int) -> dict[str, float]:
    async with _subscribed(url, "p-live-0") as ws:
        await _ready(ws, table, "p-live-0")
        seconds = []
        for stock in range(writes):
            _restock(table, "p-live-0", stock)
            written = time.perf_counter()
            while await _stock_of(ws) != stock:
                pass
            seconds.append(time.perf_counter() - written)
    ordered = sorted(seconds)
    return {
        "writes": writes,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[max(0, int(len(ordered) * 0.99) - 1)],
        "max_ms": 1000 * ordered[-1],
    }


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


async def soak(url: str, pid: int, table: Any, options: argparse.Namespace) -> dict[str, Any]:
    received: Counter[int] = Counter()
    products = [f"p-live-{n}" for n in range(options.products)]

    ended: list[str] = []

    async def subscriber(n: int, ready: asyncio.Event, done: asyncio.Event) -> None:
        product = products[n % len(products)]
        async with _subscribed(url, product) as ws:
            while await _stock_of(ws) >= 0:  # the markers below: subscribed
                pass
            ready.set()
            while not done.is_set():
                try:
                    async with asyncio.timeout(1):
                        stock = await _stock_of(ws)
                except TimeoutError:
                    continue
                except RuntimeError as error:
                    ended.append(str(error))
                    return
                if stock >= 0:
                    received[n] += 1

    done = asyncio.Event()
    readies = [asyncio.Event() for _ in range(options.subscribers)]
    tasks = [
        asyncio.create_task(subscriber(n, readies[n], done)) for n in range(options.subscribers)
    ]
    marker = 0
    while not all(ready.is_set() for ready in readies):  # a marker a second until all hear
        marker -= 1
        for product in products:
            _restock(table, product, marker)
        await asyncio.sleep(1)
    await asyncio.sleep(2)  # the last subscribe messages handled
    samples = [(0.0, _rss_kib(pid))]
    writes: Counter[str] = Counter()
    started = time.monotonic()
    next_sample = started + options.sample_seconds
    stock = 0
    while time.monotonic() - started < options.minutes * 60:
        product = products[stock % len(products)]
        _restock(table, product, stock)
        writes[product] += 1
        stock += 1
        await asyncio.sleep(options.interval)
        if time.monotonic() >= next_sample:
            samples.append((time.monotonic() - started, _rss_kib(pid)))
            next_sample += options.sample_seconds
    await asyncio.sleep(3)  # the last events delivered
    done.set()
    await asyncio.gather(*tasks)
    expected = sum(writes[products[n % len(products)]] for n in range(options.subscribers))
    return {
        "subscribers": options.subscribers,
        "writes": sum(writes.values()),
        "events_expected": expected,
        "events_received": sum(received.values()),
        "subscriptions_ended": ended[:5],
        "rss_kib": samples,
    }


async def main(options: argparse.Namespace) -> None:
    with embedded_dynamodb() as endpoint:
        settings = load_settings(dynamodb_endpoint=endpoint, table_prefix=PREFIX, jwt_secret=SECRET)
        async with open_client(settings) as client:
            await create_tables(client, PREFIX)
        dynamodb = boto3.resource(
            "dynamodb", endpoint_url=endpoint, region_name=settings.aws_region
        )
        table = dynamodb.Table(f"{PREFIX}Products")
        with table.batch_writer() as batch:
            for n in range(max(options.products, 1)):
                for item in _product_items(f"p-live-{n}"):
                    batch.put_item(Item=item)
        with _gateway(endpoint) as (url, pid):
            found = await latency(url, table, options.writes)
            print(json.dumps({"latency": found}), flush=True)
            if options.minutes > 0:
                print(json.dumps({"soak": await soak(url, pid, table, options)}), flush=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__)
    parser.add_argument("--writes", type=int, default=200, help="latency samples (200)")
    parser.add_argument("--subscribers", type=int, default=200, help="soak connections (200)")
    parser.add_argument("--products", type=int, default=10, help="products they follow (10)")
    parser.add_argument("--minutes", type=float, default=10, help="soak length; 0: none (10)")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between writes")
    parser.add_argument("--sample-seconds", type=float, default=30, help="memory samples")
    return parser


if __name__ == "__main__":
    asyncio.run(main(_parser().parse_args()))
