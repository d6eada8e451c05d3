"""The per-request DataLoaders: where keys asked for in one tick become one call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from aiodataloader import DataLoader

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import ItemKey

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ItemLoader(DataLoader[ItemKey, Item | None]):
    """Items by primary key, any table: one tick's keys go out as one BatchGetItem
    (split at 100 keys), deduplicated, and cached for the request."""

    def __init__(self, dynamo: Dynamo) -> None:
        super().__init__()
        self.dynamo = dynamo

    async def batch_load_fn(self, keys: list[ItemKey]) -> list[Item | None]:
        found = await self.dynamo.batch_get(keys)
        return [found[key] for key in keys]


class ConcurrentLoader(DataLoader[K, V], Generic[K, V]):
    """Runs one fetch per distinct key, all concurrently, each at most once a request.

    For reads that no batch API covers (Query, Scan): the gain is deduplication and
    running a tick's fetches in the same round.
    """

    def __init__(self, fetch: Callable[[K], Awaitable[V]]) -> None:
        super().__init__()
        self.fetch = fetch

    # aiodataloader takes an exception in place of a value; its annotation does not say so.
    async def batch_load_fn(self, keys: list[K]) -> list[V | BaseException]:  # type: ignore[override]
        return await asyncio.gather(*(self.fetch(key) for key in keys), return_exceptions=True)
