"""The per-request DataLoaders: where keys asked for in one tick become one call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

from aiodataloader import DataLoader

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import ItemKey
from loaders.shared_cache import is_shared, item_entry

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ItemLoader(DataLoader[ItemKey, Item | None]):
    """Items by primary key, any table: one tick's keys go out as one BatchGetItem
    (split at 100 keys), deduplicated, and cached for the request. Catalog items come from
    the process's shared cache when it holds them (`loaders/shared_cache.py`)."""

    def __init__(self, dynamo: Dynamo) -> None:
        super().__init__()
        self.dynamo = dynamo

    async def batch_load_fn(self, keys: list[ItemKey]) -> list[Item | None]:
        cache = self.dynamo.cache
        if cache is None or not cache.enabled:
            found = await self.dynamo.batch_get(keys)
            return [_visible(key, found[key]) for key in keys]
        use = self.dynamo.cache_use
        entries = {key: self._entry(key) for key in keys if is_shared(key)}
        known = {key: cache.get(entry, use) for key, entry in entries.items()}
        hits = {key: item for key, item in known.items() if item is not None}
        generations = {entry[0]: cache.generation(entry[0]) for entry in entries.values()}
        missing = [key for key in keys if key not in hits]
        kept = all(key in entries for key in missing)
        found = await (self.dynamo.for_cache() if kept else self.dynamo).batch_get(missing)
        for key, item in found.items():
            if key not in entries:
                continue
            if item is None:  # an absent item is not kept: the next request asks again
                use.whole = False
            else:
                table = entries[key][0]
                cache.put(table, entries[key], key.visible(item), generations[table], use)
        return [hits[key] if key in hits else _visible(key, found[key]) for key in keys]

    def _entry(self, key: ItemKey) -> tuple[str, str, str]:
        encoded = key.encode()
        return item_entry(self.dynamo.name(key.table), encoded["pk"], encoded["sk"])


def _visible(key: ItemKey, item: Item | None) -> Item | None:
    return None if item is None else key.visible(item)


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
