"""A process-wide read-through cache for the hottest reads that every caller shares.

Seed 002 puts half of all requests on browsing the catalog: the category tree, the
Product items of cards and pages, the listings of pages and carts, the category pages and
searches are read over and over, identically for everyone. They are kept here for a short
time (`ttl_seconds`), at most `max_entries` of them, the oldest dropped first. A write
that this process makes through `Dynamo` drops what it touched at once (the whole tree for
any write to the Categories table); another process's write is seen within the TTL. A
user's own data (profiles, carts, orders) is never kept here: only the keys of
`SHARED_KEYS`.

Entries are the decoded items themselves, shared by every request: read-only. A request
records what it used (`CacheUse`): an answer built from the cache alone can be kept as
long as all of it is still held (`gateway/kept_answers.py`).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar, cast

from loaders.keys import CategoryKey, ItemKey, ListingKey, ProductKey, SellerKey

T = TypeVar("T")

SHARED_KEYS: tuple[type[ItemKey], ...] = (ProductKey, ListingKey, CategoryKey, SellerKey)
"""The items every caller reads alike: catalog data (a seller's listing is its public
offer: price, stock; its profile as buyers see it: its store and rating), never a user's
own."""


def is_shared(key: ItemKey) -> bool:
    return isinstance(key, SHARED_KEYS)


class Held(NamedTuple):
    """One kept value: a new one for every `put`, so that a request can tell later whether
    what it used is still what is held."""

    expires: float
    value: Any


class Derived(NamedTuple):
    """The entry of a read built from many items of `scope`; see `derived_entry`."""

    scope: Hashable
    generation: int
    parts: tuple[Hashable, ...]


@dataclass
class CacheUse:
    """What one request's reads took from the cache, and whether all of them did."""

    held: dict[Hashable, Held] = field(default_factory=dict)
    # False once a read's answer is not held: a call past the cache, an absent item, a
    # value read across a write (`put` refused it).
    whole: bool = True
    answered: bool = False  # the request's answer was a kept one (gateway/kept_answers.py)


@dataclass
class SharedCache:
    ttl_seconds: float
    max_entries: int
    clock: Callable[[], float] = time.monotonic
    _entries: OrderedDict[Hashable, Held] = field(default_factory=OrderedDict)
    _generations: dict[Hashable, int] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return self.ttl_seconds > 0 and self.max_entries > 0

    def generation(self, scope: Hashable) -> int:
        """Taken before a read: `put` refuses a value read before a write in `scope` (a
        table, or `kind_scope`: the items of one sort key in a table)."""
        return self._generations.get(scope, 0)

    def get(self, entry: Hashable, use: CacheUse | None = None) -> Any | None:
        found = self._entries.get(entry)
        if found is None:
            return None
        if found.expires <= self.clock():
            del self._entries[entry]
            return None
        if use is not None:
            use.held[entry] = found
        return found.value

    def put(
        self,
        scope: Hashable,
        entry: Hashable,
        value: Any,
        read_at_generation: int,
        use: CacheUse | None = None,
    ) -> None:
        """Keep `value` unless `scope` was written since the read began (then it may be
        older than the write)."""
        if not self.enabled or self.generation(scope) != read_at_generation:
            if use is not None:
                use.whole = False
            return
        held = self._entries[entry] = Held(self.clock() + self.ttl_seconds, value)
        self._entries.move_to_end(entry)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        if use is not None:
            use.held[entry] = held

    def still_holds(self, entry: Hashable, held: Held) -> bool:
        """`held` is what `entry` holds now: not dropped by a write, not replaced, not
        expired, and, for a derived entry, its scope not written since."""
        if self._entries.get(entry) is not held or held.expires <= self.clock():
            return False
        return not isinstance(entry, Derived) or entry.generation == self.generation(entry.scope)

    def derived_entry(self, scope: Hashable, *parts: Hashable) -> Derived:
        """The entry of a read built from many items of `scope` (a category page: Product
        items of any partition). It holds the scope's write count, so after a write of
        this process in the scope it is never found again."""
        return Derived(scope, self.generation(scope), parts)

    def written(self, table: str, entries: list[Hashable]) -> None:
        """This process wrote to `table`: drop its entries, and any value being read."""
        self._generations[table] = self.generation(table) + 1
        self._entries.pop(table_entry(table), None)
        for entry in entries:
            self._entries.pop(entry, None)
            if type(entry) is tuple and len(entry) == 3:  # an item_entry: its kind too
                scope = kind_scope(table, entry[2])
                self._generations[scope] = self.generation(scope) + 1

    async def read_through(
        self,
        scope: Hashable,
        entry: Hashable,
        read: Callable[[], Awaitable[T]],
        use: CacheUse | None = None,
    ) -> T:
        """The value kept under `entry`, or `read()`'s, kept when `scope` was not written
        meanwhile."""
        found = self.get(entry, use)
        if found is not None:
            return cast(T, found)
        generation = self.generation(scope)
        value = await read()
        self.put(scope, entry, value, generation, use)
        return value


def item_entry(table: str, pk: str, sk: str) -> tuple[str, str, str]:
    return (table, pk, sk)


def collection_entry(table: str, pk: str) -> tuple[str, str]:
    """The entry of an item collection (a product's page): dropped with any of its items."""
    return (table, pk)


class PartOfCollection(NamedTuple):
    """The entry of a range of an item collection (a product's listings, with its Product
    item): dropped with any item of the collection, as the whole collection's entry is."""

    table: str
    pk: str
    part: str


def listings_entry(table: str, pk: str) -> PartOfCollection:
    return PartOfCollection(table, pk, "listings")


def collection_entries(table: str, pk: str) -> tuple[Hashable, ...]:
    """Every entry built from the item collection `pk` of `table`: what a write to any of
    its items drops."""
    return (collection_entry(table, pk), listings_entry(table, pk))


def kind_scope(table: str, sort_key: str) -> tuple[str, str, str]:
    """The items of `table` whose sort key is `sort_key` (Product items: `INFO`)."""
    return ("kind", table, sort_key)


def table_entry(table: str) -> tuple[str]:
    """The entry of something built from a whole table (the category tree): dropped with
    any write to the table."""
    return (table,)
