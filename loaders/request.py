"""Everything one request reads through: its `Dynamo` and its DataLoaders.

Built per request (a process-wide loader cache would leak one user's data to another).
Loaders that read whole item collections or index pages prime the item cache with
what they saw, so a later lookup by key costs no call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from functools import cached_property
from typing import TypeVar

from loaders.account_reads import AccountLoaders
from loaders.batching import ConcurrentLoader, ItemLoader
from loaders.campaigns import CampaignLoaders
from loaders.categories import (
    CategoryProducts,
    CategoryProductsPage,
    CategoryTree,
    category_products,
    category_tree,
    in_price_range,
    merged_page,
    partition_range,
    reads_nothing,
    whole_partition,
)
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import INFO, ProductKey
from loaders.model import CATEGORIES, PRODUCTS, REVIEWS
from loaders.order_reads import OrderLoaders
from loaders.products import (
    ProductCollection,
    SellerListingsPage,
    product_collection,
    product_with_listings,
    seller_listings,
)
from loaders.reviews import ReviewsPage, reviews
from loaders.search_reads import Hit, SearchText, search
from loaders.seller_reads import SellerLoaders
from loaders.shared_cache import (
    SharedCache,
    collection_entry,
    kind_scope,
    listings_entry,
    table_entry,
)

_TREE = "tree"
T = TypeVar("T")


class RequestLoaders:
    """Each loader is made the first time the request uses it: a request uses a few of
    them, and making one costs about 6 µs (aiodataloader checks its function each time)."""

    def __init__(self, dynamo: Dynamo) -> None:
        self.dynamo = dynamo

    @cached_property
    def items(self) -> ItemLoader:
        return ItemLoader(self.dynamo)

    @cached_property
    def product_collections(self) -> ConcurrentLoader[str, ProductCollection]:
        return ConcurrentLoader(self._collection)

    @cached_property
    def listings(self) -> ConcurrentLoader[str, list[Item]]:
        return ConcurrentLoader(self._listings)

    @cached_property
    def category_products(self) -> ConcurrentLoader[CategoryProductsPage, CategoryProducts]:
        return ConcurrentLoader(self._category_products)

    @cached_property
    def reviews(self) -> ConcurrentLoader[ReviewsPage, list[Item]]:
        return ConcurrentLoader(self._reviews)

    @cached_property
    def search_hits(self) -> ConcurrentLoader[SearchText, tuple[Hit, ...]]:
        return ConcurrentLoader(self._search_hits)

    @cached_property
    def seller_listings(self) -> ConcurrentLoader[SellerListingsPage, list[Item]]:
        return ConcurrentLoader(lambda p: seller_listings(self.dynamo, p))

    @cached_property
    def orders(self) -> OrderLoaders:
        return OrderLoaders(self.dynamo)

    @cached_property
    def accounts(self) -> AccountLoaders:
        return AccountLoaders(self.dynamo)

    @cached_property
    def campaigns(self) -> CampaignLoaders:
        return CampaignLoaders(self.dynamo)

    @cached_property
    def sellers(self) -> SellerLoaders:
        return SellerLoaders(self.dynamo)

    @cached_property
    def _trees(self) -> ConcurrentLoader[str, CategoryTree]:
        return ConcurrentLoader(lambda _: self._tree())

    async def category_tree(self) -> CategoryTree:
        """The category tree, read once per request however many fields ask."""
        return await self._trees.load(_TREE)

    async def _tree(self) -> CategoryTree:
        categories = self.dynamo.name(CATEGORIES)
        return await self._shared(categories, table_entry(categories), category_tree)

    async def _shared(
        self, scope: Hashable, entry: Hashable, read: Callable[[Dynamo], Awaitable[T]]
    ) -> T:
        """Through the process's shared cache, when there is one (catalog data only)."""
        cache = self.dynamo.cache
        if cache is None or not cache.enabled:
            return await read(self.dynamo)
        reader = self.dynamo.for_cache()
        return await cache.read_through(scope, entry, lambda: read(reader), reader.cache_use)

    def _prime_product(self, item: Item) -> None:
        self.items.prime(ProductKey(item["pk"]), item)

    async def _collection(self, product_id: str) -> ProductCollection:
        products = self.dynamo.name(PRODUCTS)
        collection = await self._shared(
            products,
            collection_entry(products, product_id),
            lambda dynamo: product_collection(dynamo, product_id),
        )
        self.items.prime(ProductKey(product_id), collection.product)
        self.listings.prime(product_id, collection.listings)
        return collection

    async def _listings(self, product_id: str) -> list[Item]:
        """The product's listings, kept as its page is (a seller's offer is its public
        price and stock); the Product item read with them primes the item loader."""
        products = self.dynamo.name(PRODUCTS)
        product, listings = await self._shared(
            products,
            listings_entry(products, product_id),
            lambda dynamo: product_with_listings(dynamo, product_id),
        )
        self.items.prime(ProductKey(product_id), product)
        return listings

    async def _reviews(self, page: ReviewsPage) -> list[Item]:
        """A page of a product's or a seller's reviews, the same for every reader: kept
        until this process writes to the Reviews table (a new review)."""
        table, cache = self.dynamo.name(REVIEWS), self.dynamo.cache
        entry = cache.derived_entry(table, "reviews", page) if cache else None
        return await self._shared(table, entry, lambda dynamo: reviews(dynamo, page))

    async def _search_hits(self, text: SearchText) -> tuple[Hit, ...]:
        """A search's ranked matches, kept as a category page is: the term items they come
        from are written only in the transaction of their product's Product item
        (`loaders/catalog_writes.py`), so such a write of this process makes them stale."""
        scope, cache = kind_scope(self.dynamo.name(PRODUCTS), INFO), self.dynamo.cache
        entry = cache.derived_entry(scope, "search", text) if cache else None

        async def ranked(dynamo: Dynamo) -> tuple[Hit, ...]:
            return tuple(await search(dynamo, text))

        return await self._shared(scope, entry, ranked)

    async def _category_products(self, page: CategoryProductsPage) -> CategoryProducts:
        """A page is built from Product items alone: only writes of Product items (not of
        listings, whose stock every checkout moves) make it stale. A counted page reads each
        partition's whole range, whatever its cursor and size: when it is not kept, it is
        merged from its partitions, each kept whole, so that a parent category's page, its
        children's and every price range of them share those reads."""
        scope, cache = kind_scope(self.dynamo.name(PRODUCTS), INFO), self.dynamo.cache
        entry = cache.derived_entry(scope, "category-page", page) if cache else None
        if cache is not None and cache.enabled and page.counted:
            found = await self._shared(scope, entry, lambda _: self._merged_partitions(cache, page))
        else:
            found = await self._shared(scope, entry, lambda d: category_products(d, page))
        for item in found.items:
            self._prime_product(item)
        return found

    async def _merged_partitions(
        self, cache: SharedCache, page: CategoryProductsPage
    ) -> CategoryProducts:
        """The page merged from each partition's products in its order, each partition
        kept whole and narrowed to the page's prices here: every price range of a
        category is then answered from the same reads, which read no more than its
        unfiltered page does."""
        if reads_nothing(page):
            return merged_page(page, [])
        scope, whole = kind_scope(self.dynamo.name(PRODUCTS), INFO), whole_partition(page)

        def kept_partition(category_id: str) -> Awaitable[list[Item]]:
            entry = cache.derived_entry(scope, "category-partition", category_id, page.order)
            return self._shared(scope, entry, lambda d: partition_range(d, whole, category_id))

        partitions = await asyncio.gather(*(kept_partition(c) for c in page.category_ids))
        narrowed = [[i for i in items if in_price_range(page, i)] for items in partitions]
        return merged_page(page, narrowed)
