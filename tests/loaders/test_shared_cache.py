"""The process-wide cache of catalog reads: shared items and the tree come from it, this
process's writes drop what they touch, a user's own data never enters it."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace

import pytest

from gateway.settings import Settings
from loaders.catalog_writes import update_product
from loaders.categories import (
    CategoryProductsPage,
    PriceRange,
    ProductOrder,
    category_products,
)
from loaders.dynamo import Dynamo, DynamoClient
from loaders.keys import CategoryKey, ListingKey, ProductKey, ReviewGuardKey, SellerKey, UserKey
from loaders.request import RequestLoaders
from loaders.reviews import ReviewsPage
from loaders.search_reads import SearchText
from loaders.shared_cache import SharedCache, item_entry
from loaders.writes import Update
from tests.factories import Catalog
from tests.graphql_client import GraphQLClient
from tests.search.factories import searchable, word, write_products


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def loaders_with(cache: SharedCache, client: DynamoClient, settings: Settings) -> RequestLoaders:
    """A request's loaders over the process's cache: a new request each call."""
    return RequestLoaders(Dynamo(client, settings.table_prefix, cache=cache))


async def test_a_second_request_reads_the_tree_and_products_from_the_cache(
    cached_graphql: GraphQLClient, catalog: Catalog
) -> None:
    query = '{ categories { id } products(ids: ["p-studio", "p-buds"]) { name } }'
    first = await cached_graphql(query)
    second = await cached_graphql(query)
    assert second.data == first.data
    assert [c["operation"] for c in first.calls] == ["Scan", "BatchGetItem"]
    assert second.calls == []


async def test_a_users_own_data_is_read_every_time(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    for _ in range(2):
        loaders = loaders_with(cache, dynamodb, settings)
        seller = await loaders.items.load(UserKey("s-acme"))
        assert (seller or {})["store_name"] == "Acme Audio"
        assert [c.operation for c in loaders.dynamo.log.calls] == ["BatchGetItem"]


async def test_a_write_of_this_process_drops_the_item_and_its_collection(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    reader = loaders_with(cache, dynamodb, settings)
    await reader.product_collections.load("p-buds")
    await reader.items.load(ProductKey("p-buds"))
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    probe = uuid.uuid4().hex  # an attribute no other test reads
    await writer.update(Update(ProductKey("p-buds"), {"cache_probe": probe}))
    fresh = loaders_with(cache, dynamodb, settings)
    product = await fresh.items.load(ProductKey("p-buds"))
    collection = await fresh.product_collections.load("p-buds")
    assert (product or {})["cache_probe"] == probe
    assert (collection.product or {})["cache_probe"] == probe
    assert [c.operation for c in fresh.dynamo.log.calls] == ["BatchGetItem", "Query"]


async def test_a_listing_is_kept_until_this_process_writes_it(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    # A cart's prices and availability: its listings, read by key.
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    key = ListingKey("p-amp", "s-acme")
    await loaders_with(cache, dynamodb, settings).items.load(key)
    cached = loaders_with(cache, dynamodb, settings)
    await cached.items.load(key)
    assert cached.dynamo.log.calls == []
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    probe = uuid.uuid4().hex
    await writer.update(Update(key, {"cache_probe": probe}))
    fresh = loaders_with(cache, dynamodb, settings)
    assert ((await fresh.items.load(key)) or {})["cache_probe"] == probe


async def test_a_write_to_the_categories_table_drops_the_tree(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    await loaders_with(cache, dynamodb, settings).category_tree()
    cached = loaders_with(cache, dynamodb, settings)
    await cached.category_tree()
    assert cached.dynamo.log.calls == []
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    await writer.update(Update(CategoryKey("home"), {"cache_probe": uuid.uuid4().hex}))
    fresh = loaders_with(cache, dynamodb, settings)
    await fresh.category_tree()
    assert [c.operation for c in fresh.dynamo.log.calls] == ["Scan"]


def test_entries_expire_after_the_ttl_and_the_oldest_go_first() -> None:
    clock = Clock()
    cache = SharedCache(ttl_seconds=5, max_entries=2, clock=clock)
    for name in ("a", "b", "c"):
        cache.put("T", item_entry("T", name, "INFO"), {"pk": name}, cache.generation("T"))
    assert cache.get(item_entry("T", "a", "INFO")) is None  # evicted: the oldest of three
    assert cache.get(item_entry("T", "c", "INFO")) == {"pk": "c"}
    clock.now += 5
    assert cache.get(item_entry("T", "c", "INFO")) is None


async def test_a_read_that_began_before_a_write_is_not_kept() -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=10)
    entry = item_entry("T", "p", "INFO")
    release = asyncio.Event()

    async def slow_read() -> dict[str, str]:
        await release.wait()
        return {"pk": "p", "name": "old"}

    reading = asyncio.ensure_future(cache.read_through("T", entry, slow_read))
    await asyncio.sleep(0)
    cache.written("T", [entry])
    release.set()
    assert (await reading)["name"] == "old"  # the reader gets what it read...
    assert cache.get(entry) is None  # ...but the cache does not keep it


def test_a_zero_ttl_turns_the_cache_off() -> None:
    cache = SharedCache(ttl_seconds=0, max_entries=10)
    cache.put("T", item_entry("T", "p", "INFO"), {"pk": "p"}, cache.generation("T"))
    assert cache.get(item_entry("T", "p", "INFO")) is None


async def test_category_pages_are_kept_until_this_process_writes_a_product_item(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    page = CategoryProductsPage(("audio", "headphones"), limit=3, counted=True)
    first = await loaders_with(cache, dynamodb, settings).category_products.load(page)
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    # A listing's stock (every checkout moves one) is on no category page.
    await writer.update(Update(ListingKey("p-amp", "s-acme"), {"cache_probe": "stock"}))
    cached = loaders_with(cache, dynamodb, settings)
    assert await cached.category_products.load(page) == first
    assert cached.dynamo.log.calls == []

    await writer.update(Update(ProductKey("p-amp"), {"cache_probe": uuid.uuid4().hex}))
    fresh = loaders_with(cache, dynamodb, settings)
    again = await fresh.category_products.load(page)
    assert [c.operation for c in fresh.dynamo.log.calls] == ["Query", "Query"]
    assert again.total == first.total


async def test_a_search_is_kept_until_this_process_writes_a_product(
    dynamodb: DynamoClient, settings: Settings
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    first, renamed, kept = word(), word(), word()  # words no other test's product holds
    product = searchable(f"{first} {kept}", description=kept)
    write_products(settings, [product])
    text = SearchText.of(first)
    found = await loaders_with(cache, dynamodb, settings).search_hits.load(text)
    assert [hit.product_id for hit in found] == [product["product_id"]]
    again = loaders_with(cache, dynamodb, settings)
    assert await again.search_hits.load(text) == found
    assert again.dynamo.log.calls == []  # the index not read again
    # This process renames the product: its old word finds nothing at once, its new one it.
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    await update_product(writer, product, {"name": f"{renamed} {kept}"}, check_category=False)
    fresh = loaders_with(cache, dynamodb, settings)
    assert await fresh.search_hits.load(text) == ()
    renamed_hits = await fresh.search_hits.load(SearchText.of(renamed))
    assert [hit.product_id for hit in renamed_hits] == [product["product_id"]]


async def test_a_page_of_reviews_is_kept_until_this_process_writes_a_review(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    page = ReviewsPage("p-buds", limit=5)

    async def calls_to_read() -> list[str]:
        loaders = loaders_with(cache, dynamodb, settings)
        await loaders.reviews.load(page)
        return [c.operation for c in loaders.dynamo.log.calls]

    assert await calls_to_read() == ["Query"]
    assert await calls_to_read() == []
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    await writer.update(Update(ReviewGuardKey("p-buds", "u-probe"), {"probe": True}))
    assert await calls_to_read() == ["Query"]


async def test_a_sellers_public_profile_is_kept_without_what_is_private(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    first = await loaders_with(cache, dynamodb, settings).items.load(SellerKey("s-acme"))
    again = loaders_with(cache, dynamodb, settings)
    kept = await again.items.load(SellerKey("s-acme"))
    assert again.dynamo.log.calls == []
    assert kept == first
    assert kept is not None
    assert kept["store_name"] == "Acme Audio"
    assert (kept["seller_rating_sum"], kept["seller_rating_count"]) == (9, 2)
    # The same item read as the user's own: all of it, read every time.
    own = await again.items.load(UserKey("s-acme"))
    assert own is not None
    assert {"email", "password_hash"} <= own.keys()
    assert not {"email", "password_hash"} & kept.keys()
    assert [c.operation for c in again.dynamo.log.calls] == ["BatchGetItem"]


async def test_a_sellers_profile_and_its_public_view_are_read_as_one_key(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    # DynamoDB refuses a BatchGetItem that names an item twice.
    loaders = loaders_with(SharedCache(ttl_seconds=0, max_entries=0), dynamodb, settings)
    own, public = await asyncio.gather(
        loaders.items.load(UserKey("s-acme")), loaders.items.load(SellerKey("s-acme"))
    )
    assert own is not None
    assert public is not None
    assert own["store_name"] == public["store_name"] == "Acme Audio"
    assert "email" in own
    assert "email" not in public
    (call,) = loaders.dynamo.log.calls
    assert (call.operation, call.keys) == ("BatchGetItem", 1)


async def test_a_write_of_this_process_drops_a_sellers_public_profile(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    before = await loaders_with(cache, dynamodb, settings).items.load(SellerKey("s-budget"))
    assert before is not None
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    described = f"Probe {uuid.uuid4().hex}"
    try:
        await writer.update(Update(UserKey("s-budget"), {"store_description": described}))
        fresh = loaders_with(cache, dynamodb, settings)
        public = await fresh.items.load(SellerKey("s-budget"))
        assert (public or {})["store_description"] == described
        assert [c.operation for c in fresh.dynamo.log.calls] == ["BatchGetItem"]
    finally:
        restored = {"store_description": before["store_description"]}
        await writer.update(Update(UserKey("s-budget"), restored))


async def test_a_products_listings_are_kept_until_this_process_writes_its_collection(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    # A product card's offers: the Query of its Product item and listings.
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    first = await loaders_with(cache, dynamodb, settings).listings.load("p-amp")
    cached = loaders_with(cache, dynamodb, settings)
    assert await cached.listings.load("p-amp") == first
    assert await cached.items.load(ProductKey("p-amp")) is not None  # primed with them
    assert cached.dynamo.log.calls == []
    writer = Dynamo(dynamodb, settings.table_prefix, cache=cache)
    probe = uuid.uuid4().hex
    await writer.update(Update(ListingKey("p-amp", "s-acme"), {"cache_probe": probe}))
    fresh = loaders_with(cache, dynamodb, settings)
    listings = await fresh.listings.load("p-amp")
    assert probe in {listing.get("cache_probe") for listing in listings}
    assert [c.operation for c in fresh.dynamo.log.calls] == ["Query"]


async def test_a_counted_category_page_shares_its_partitions_with_its_parents(
    dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    audio = CategoryProductsPage(("audio", "headphones"), limit=3, counted=True)
    child = await loaders_with(cache, dynamodb, settings).category_products.load(audio)
    # Electronics' page: its own partition and Phones' are read; Audio's two are kept.
    electronics = CategoryProductsPage(
        ("electronics", "audio", "headphones", "phones"), limit=50, counted=True
    )
    parent = loaders_with(cache, dynamodb, settings)
    page = await parent.category_products.load(electronics)
    assert [c.operation for c in parent.dynamo.log.calls] == ["Query", "Query"]
    assert {item["product_id"] for item in child.items} <= {i["product_id"] for i in page.items}
    assert page.total is not None
    assert child.total is not None
    assert page.total >= child.total
    # Another size and cursor of a counted page: the same ranges, no call.
    again = loaders_with(cache, dynamodb, settings)
    second = CategoryProductsPage(
        electronics.category_ids, limit=2, counted=True, after_sort_key=page.items[0]["gsi1sk"]
    )
    found = await again.category_products.load(second)
    assert again.dynamo.log.calls == []
    assert [i["product_id"] for i in found.items] == [i["product_id"] for i in page.items[1:3]]


@pytest.mark.parametrize("order", list(ProductOrder))
async def test_every_price_range_of_a_category_is_narrowed_from_its_kept_partitions(
    order: ProductOrder, dynamodb: DynamoClient, settings: Settings, catalog: Catalog
) -> None:
    cache = SharedCache(ttl_seconds=60, max_entries=100)
    # Audio's page in one price range reads its two partitions whole, and keeps them.
    first = CategoryProductsPage(
        ("audio", "headphones"), limit=5, counted=True, order=order, prices=PriceRange(0, 1999)
    )
    reader = loaders_with(cache, dynamodb, settings)
    await reader.category_products.load(first)
    assert [c.operation for c in reader.dynamo.log.calls] == ["Query", "Query"]
    uncached = Dynamo(dynamodb, settings.table_prefix)
    bounds = [(4999, 4999), (1000, 2500), (None, 1499), (3000, None), (None, None), (500, 400)]
    for low, high in bounds:
        page = replace(first, prices=PriceRange(low, high))
        cached = loaders_with(cache, dynamodb, settings)
        found = await cached.category_products.load(page)
        assert cached.dynamo.log.calls == [], (low, high)
        assert found == await category_products(uncached, page), (low, high)
