"""A seller's own views, read through the request's loaders: their stock log, their
catalog, their dashboard's figures. Each page is one concurrent load, cached for the
request, so a parent field can start it in its own round (`resolvers/prefetch.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.model import ORDER_ITEMS
from loaders.seller_catalog_reads import (
    SellerCatalogPage,
    count_seller_catalog,
    seller_catalog,
)
from loaders.seller_stats import SELLER_PENDING_INDEX
from loaders.stock import seller_transactions
from loaders.store_writes import all_seller_listings


@dataclass(frozen=True)
class StockLogPage:
    seller_id: str
    limit: int
    after: tuple[str, str, str] | None = None


class SellerLoaders:
    def __init__(self, dynamo: Dynamo) -> None:
        self.stock_log = ConcurrentLoader[StockLogPage, list[Item]](
            lambda p: seller_transactions(dynamo, p.seller_id, p.limit, p.after)
        )
        self.catalog = ConcurrentLoader[SellerCatalogPage, list[Item]](
            lambda p: seller_catalog(dynamo, p)
        )
        self._catalog_counts = ConcurrentLoader[tuple[str, bool], int](
            lambda key: count_seller_catalog(dynamo, *key)
        )
        self.listings = ConcurrentLoader[str, list[Item]](
            lambda seller_id: all_seller_listings(dynamo, seller_id)
        )
        self.pending_items = ConcurrentLoader[str, list[Item]](
            lambda seller_id: pending_items(dynamo, seller_id)
        )

    async def catalog_count(self, page: SellerCatalogPage) -> int:
        """How many entries the page's filter holds: a first page shorter than its limit
        holds them all (no count Query is sent)."""
        if page.after is None:
            found = await self.catalog.load(page)
            if len(found) < page.limit:
                return len(found)
        return await self.count_catalog(page.seller_id, page.include_inactive)

    async def count_catalog(self, seller_id: str, include_inactive: bool) -> int:
        return await self._catalog_counts.load((seller_id, include_inactive))


async def pending_items(dynamo: Dynamo, seller_id: str) -> list[Item]:
    """The order items a seller has still to ship (`SellerPendingIndex`): one Query."""
    return await dynamo.query_all(
        ORDER_ITEMS, "gsi2pk = :seller", {":seller": seller_id}, index=SELLER_PENDING_INDEX.name
    )
