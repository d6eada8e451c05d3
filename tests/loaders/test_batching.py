"""The batching point: a tick's keys, of any tables, in as few BatchGetItem calls as possible."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from gateway.errors import ErrorCode, ServiceUnavailable
from gateway.lifespan import open_client
from gateway.settings import Settings
from loaders.dynamo import Dynamo, DynamoClient
from loaders.keys import CategoryKey, ProductKey, UserKey
from loaders.request import RequestLoaders
from loaders.retries import RetryPolicy
from tests.factories import Catalog

FAST_RETRY = RetryPolicy(attempts=3, base_seconds=0.001, cap_seconds=0.005)


def loaders_over(client: DynamoClient, settings: Settings) -> RequestLoaders:
    return RequestLoaders(Dynamo(client, settings.table_prefix, retry=FAST_RETRY))


async def test_loads_of_three_tables_in_one_tick_make_one_call(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    loaders = loaders_over(dynamodb, settings)
    product, seller, category = await asyncio.gather(
        loaders.items.load(ProductKey("p-studio")),
        loaders.items.load(UserKey("s-acme")),
        loaders.items.load(CategoryKey("audio")),
    )
    assert (product or {})["name"] == "Studio Headphones"
    assert (seller or {})["store_name"] == "Acme Audio"
    assert (category or {})["slug"] == "audio"
    assert [(c.operation, c.keys) for c in loaders.dynamo.log.calls] == [("BatchGetItem", 3)]


async def test_keys_are_deduplicated_and_cached_for_the_request(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    loaders = loaders_over(dynamodb, settings)
    await asyncio.gather(*(loaders.items.load(ProductKey("p-buds")) for _ in range(5)))
    again = await loaders.items.load(ProductKey("p-buds"))
    assert (again or {})["name"] == "Ear Buds"
    assert [(c.operation, c.keys) for c in loaders.dynamo.log.calls] == [("BatchGetItem", 1)]


async def test_250_keys_make_3_calls(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    loaders = loaders_over(dynamodb, settings)
    keys = [ProductKey(p) for p in catalog.bulk_ids] + [
        ProductKey(f"absent-{n}") for n in range(225)
    ]
    found = await loaders.items.load_many(keys)
    assert [item["pk"] for item in found if item] == catalog.bulk_ids
    assert found[25:] == [None] * 225
    assert sorted(c.keys for c in loaders.dynamo.log.calls) == [50, 100, 100]


class UnprocessedKeysInjector:
    """A botocore after-call hook: hands back all but `keep` of the answered keys as
    UnprocessedKeys on the first `times` BatchGetItem calls, as a throttled table does."""

    def __init__(self, times: int, keep: int = 1) -> None:
        self.remaining = times
        self.keep = keep

    def __call__(self, parsed: dict[str, Any], **_: Any) -> None:
        if self.remaining <= 0:
            return
        self.remaining -= 1
        responses = parsed.get("Responses", {})
        held: dict[str, Any] = {}
        for table, items in responses.items():
            keep, hold = items[: self.keep], items[self.keep :]
            responses[table] = keep
            if hold:
                held[table] = {"Keys": [{"pk": i["pk"], "sk": i["sk"]} for i in hold]}
        parsed["UnprocessedKeys"] = held


@pytest.fixture
async def injecting_client(
    settings: Settings,
) -> AsyncIterator[tuple[DynamoClient, UnprocessedKeysInjector]]:
    async with open_client(settings) as client:
        injector = UnprocessedKeysInjector(times=2)
        client.meta.events.register("after-call.dynamodb.BatchGetItem", injector)
        yield client, injector


async def test_unprocessed_keys_are_retried_until_every_item_is_read(
    injecting_client: tuple[DynamoClient, UnprocessedKeysInjector],
    settings: Settings,
    catalog: Catalog,
) -> None:
    client, _ = injecting_client
    loaders = loaders_over(client, settings)
    found = await loaders.items.load_many([ProductKey(p) for p in catalog.bulk_ids[:6]])
    assert [item["pk"] for item in found if item] == catalog.bulk_ids[:6]
    # 6 keys, one item kept per answer twice, then the remaining 4 in the third call.
    assert [c.keys for c in loaders.dynamo.log.calls] == [6, 5, 4]


async def test_unprocessed_keys_past_the_retry_budget_are_service_unavailable(
    injecting_client: tuple[DynamoClient, UnprocessedKeysInjector],
    settings: Settings,
    catalog: Catalog,
) -> None:
    client, injector = injecting_client
    injector.remaining, injector.keep = 100, 0
    loaders = loaders_over(client, settings)
    with pytest.raises(ServiceUnavailable) as raised:
        await loaders.items.load_many([ProductKey(p) for p in catalog.bulk_ids[:3]])
    assert raised.value.code is ErrorCode.SERVICE_UNAVAILABLE
    assert len(loaders.dynamo.log.calls) == FAST_RETRY.attempts
