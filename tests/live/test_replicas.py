"""Many processes behind one Redis: one reads the streams (the lease), all deliver; when the
reader is killed, another takes over from its checkpoint and a subscriber connected
throughout loses no change."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import redis

from gateway.app import create_app
from gateway.settings import Settings
from loaders.dynamo import DynamoClient
from tests.accounts.factories import table
from tests.live.processes import gateway_environment, gateway_process, redis_server
from tests.live.subscribers import Subscriber, subscribed, until_listening
from tests.orders.factories import stocked, store
from tests.real_clients import node_path, served

AVAILABILITY = """
subscription Availability($productId: ID!) {
  productAvailability(productId: $productId) { sellers { stock } }
}"""
LEASE_SECONDS = 2.0


@pytest.fixture(scope="module")
def redis_url() -> Iterator[str]:
    node_path()  # skips, saying why, without node
    with redis_server() as server:
        yield server.url


def _restock(settings: Settings, product_id: str, seller_id: str, stock: int) -> None:
    table(settings, "Products").update_item(
        Key={"pk": product_id, "sk": f"SELLER#{seller_id}"},
        UpdateExpression="SET stock = :s",
        ExpressionAttributeValues={":s": stock},
    )


def _stock(line: dict[str, Any]) -> int:
    (offer,) = line["payload"]["data"]["productAvailability"]["sellers"]
    return int(offer["stock"])


async def _until_stock(client: Subscriber, stock: int) -> None:
    while _stock(await client.until("next")) != stock:
        pass


async def _until_reader(redis_url: str, settings: Settings, pid: int) -> None:
    """Waits (bounded) until process `pid` holds the reader's lease."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    async with asyncio.timeout(20):
        # (Redis signals nothing of the lease changing hands: ASYNC110 does not apply.)
        while f":{pid}:" not in str(client.get(f"{settings.table_prefix}live:reader")):  # noqa: ASYNC110
            await asyncio.sleep(0.05)


async def test_another_process_takes_over_when_the_reader_dies(
    settings: Settings, dynamodb: DynamoClient, redis_url: str
) -> None:
    seller_id, _ = store(settings)
    widget = stocked(settings, seller_id, stock=1)
    environment = gateway_environment(
        settings, GATEWAY_REDIS_URL=redis_url, GATEWAY_LIVE_LEASE_SECONDS=str(LEASE_SECONDS)
    )
    variables = {"productId": widget.product_id}
    async with (
        gateway_process(environment) as first,
        gateway_process(environment) as second,
        subscribed(first.url, AVAILABILITY, variables=variables, events=99) as on_first,
    ):
        await on_first.until("connected")
        # The first subscription made its process the reader.
        await _until_reader(redis_url, settings, first.process.pid)
        async with subscribed(
            second.url, AVAILABILITY, variables=variables, events=99, timeout_ms=60_000
        ) as on_second:
            await on_second.until("connected")
            # Until the second process's subscription is in place, a change may pass it by.
            for stock in range(2, 40):
                _restock(settings, widget.product_id, seller_id, stock)
                try:
                    async with asyncio.timeout(1):
                        await _until_stock(on_second, stock)
                    break
                except TimeoutError:
                    continue
            first.kill()
            _restock(settings, widget.product_id, seller_id, 100)  # while nobody reads
            await _until_stock(on_second, 100)
            await _until_reader(redis_url, settings, second.process.pid)
            _restock(settings, widget.product_id, seller_id, 101)
            await _until_stock(on_second, 101)


async def test_subscribers_are_told_when_redis_fails_and_resume_after(
    settings: Settings, dynamodb: DynamoClient
) -> None:
    node_path()
    seller_id, _ = store(settings)
    widget = stocked(settings, seller_id, stock=1)
    variables = {"productId": widget.product_id}
    with redis_server() as server:
        app = create_app(settings.model_copy(update={"redis_url": server.url}))
        async with served(app) as url:
            async with subscribed(
                url, AVAILABILITY, variables=variables, events=99, until_closed=True
            ) as client:
                await until_listening(app, 1)
                server.stop()  # the broker goes away mid-subscription
                closed = await client.until("closed")
            errors = [e for line in client.seen for e in _errors(line)]
            assert errors[0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert closed["code"] == 1013
            server.start()  # back: a client that reconnects follows the product again
            async with subscribed(url, AVAILABILITY, variables=variables, events=99) as again:
                await until_listening(app, 1)
                for stock in range(2, 40):
                    _restock(settings, widget.product_id, seller_id, stock)
                    try:
                        async with asyncio.timeout(1):
                            await _until_stock(again, stock)
                        break
                    except TimeoutError:
                        continue
                else:
                    raise AssertionError("the new subscription saw no change")


def _errors(line: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = line.get("errors") or line.get("payload", {}).get("errors") or []
    return found
