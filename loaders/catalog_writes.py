"""A seller's catalog writes: products, listings and their stock, one transaction each.

Every change to a product, or to the price of one of its listings, moves the Product
item's `version` (an addition to the storage contract; absent means 0) and is conditioned
on the version read. So a change decided on a stale read (another seller's listing
changed the minimum price meanwhile, say) fails as a whole and is decided again. Every
change of a listing's stock is conditioned on the stock read and writes its
StockTransaction in the same transaction.

A product is on its category's pages (`CategoryPriceIndex`: gsi1pk, gsi1sk) while it is
active and has a price, that is an active listing; `min_price_cents` is absent before
the first listing and follows the listings whether the product is active or not.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.facet_counts import facet_count_writes, facets_now, moves_counts
from loaders.keys import (
    LISTING_PREFIX,
    CategoryKey,
    ListingKey,
    ProductKey,
    category_newest_sort_key,
    category_partition,
    category_price_sort_key,
    category_rating_sort_key,
    rating_average,
    seller_catalog_sort_key,
)
from loaders.model import PRODUCTS
from loaders.search import search_term_writes
from loaders.stock import record
from loaders.writes import MUST_BE_NEW, MUST_EXIST, Check, Put, Update, Write

VERSION = "version"
"""The Product item's change counter: the optimistic lock of the writes below."""

FIRST_ACTION = 0
"""createProduct, updateProduct (when the category changes) and upsertListing put their
first condition here: the category's existence, or the listing as read."""
LISTING_CATEGORY_ACTION = 2
"""Where upsertListing checks the category of a product its listing puts on the pages."""


def version_of(product: Item) -> int:
    return int(product.get(VERSION) or 0)


def unchanged_product(product: Item) -> tuple[str, dict[str, Any]]:
    """The condition that the Product item is still at the version read."""
    if product.get(VERSION) is None:
        return f"{MUST_EXIST} AND attribute_not_exists({VERSION})", {}
    return f"{VERSION} = :version", {":version": version_of(product)}


def seller_catalog_keys(seller_id: str, at: str, product_id: str) -> dict[str, str]:
    """`SellerCatalogIndex` keys: on a product under its creator, on a listing under its
    seller when another created the product, so each (seller, product) is there once."""
    return {"gsi3pk": seller_id, "gsi3sk": seller_catalog_sort_key(at, product_id)}


CATEGORY_PAGE_KEYS = ("gsi1pk", "gsi1sk", "gsi4sk", "gsi5sk", "rating_average")
"""The keys of a product on its category's pages: the partition, the sort keys of
`CategoryPriceIndex`, `CategoryNewestIndex` and `CategoryRatingIndex`, and the average
the last one is made of."""


def rating_keys(product: Item) -> dict[str, str | int]:
    """`gsi5sk` and `rating_average` as the product's rating sums say."""
    total, count = int(product.get("rating_sum") or 0), int(product.get("rating_count") or 0)
    return {
        "gsi5sk": category_rating_sort_key(total, count, str(product["product_id"])),
        "rating_average": rating_average(total, count),
    }


def index_keys(product: Item) -> dict[str, str | int | None]:
    """The category pages' keys as the product's state says (None: removed): on its
    category's pages while active and priced."""
    price = product.get("min_price_cents")
    if not product.get("is_active", False) or price is None:
        return dict.fromkeys(CATEGORY_PAGE_KEYS)
    product_id = str(product["product_id"])
    return {
        "gsi1pk": category_partition(str(product["category_id"])),
        "gsi1sk": category_price_sort_key(int(price), product_id),
        "gsi4sk": category_newest_sort_key(str(product["created_at"]), product_id),
        **rating_keys(product),
    }


def enters_pages(product: Item, changes: Item) -> bool:
    """Whether `changes` put a product that is off its category's pages on them."""
    return product.get("gsi1pk") is None and index_keys(product | changes)["gsi1pk"] is not None


def min_price(listings: Sequence[Item]) -> int | None:
    """The lowest price of the active listings, None without one."""
    prices = [int(i["price_cents"]) for i in listings if i.get("is_active", True)]
    return min(prices, default=None)


async def current_product(dynamo: Dynamo, product_id: str) -> tuple[Item | None, list[Item]]:
    """A product and its listings as of now (strongly consistent): one round, two calls."""
    product, listings = await asyncio.gather(
        dynamo.get_consistent(ProductKey(product_id)),
        dynamo.query_all(
            PRODUCTS,
            "pk = :pk AND begins_with(sk, :prefix)",
            {":pk": product_id, ":prefix": LISTING_PREFIX},
            consistent=True,
        ),
    )
    return product, listings


def _present(item: Item) -> Item:
    return {name: value for name, value in item.items() if value is not None}


async def _count_writes(dynamo: Dynamo, before: Item, after: Item) -> list[Write]:
    """The facet counters a change of the Product item moves (`loaders/facet_counts.py`):
    its Filter items are read (one Query) only when it enters or leaves its category's
    pages or changes category on them. They go last: the actions above keep their places."""
    if not moves_counts(before, after):
        return []
    facets = await facets_now(dynamo, str(before["product_id"]))
    return list(facet_count_writes(before, facets, after, facets))


async def create_product(dynamo: Dynamo, product: Item) -> None:
    """The new Product item (its category must exist: `FIRST_ACTION`) and its search
    terms. Raises `TransactionCancelled`."""
    product_id = str(product["product_id"])
    writes: list[Write] = [
        Check(CategoryKey(str(product["category_id"])), MUST_EXIST),
        Put(ProductKey(product_id), product, MUST_BE_NEW),
        *search_term_writes(None, product),
    ]
    await dynamo.transact_write(writes)


async def update_product(
    dynamo: Dynamo, before: Item, changes: Item, *, check_category: bool
) -> Item:
    """The product with `changes` (a None value removes the attribute), its index keys
    and version following, and its search terms; with `check_category`, the (new)
    category must exist (`FIRST_ACTION`). Returns the product as written; raises
    `TransactionCancelled`."""
    after = before | changes
    after = _present(after | index_keys(after) | {VERSION: version_of(before) + 1})
    moved = {k: after.get(k) for k in (*changes, *CATEGORY_PAGE_KEYS, VERSION)}
    condition, values = unchanged_product(before)
    writes: list[Write] = []
    if check_category:
        writes.append(Check(CategoryKey(str(after["category_id"])), MUST_EXIST))
    writes.append(Update(ProductKey(str(before["product_id"])), moved, condition, values))
    writes.extend(search_term_writes(before, after))
    writes.extend(await _count_writes(dynamo, before, after))
    await dynamo.transact_write(writes)
    return after


def _listing_write(before: Item | None, after: Item) -> Write:
    key = ListingKey(str(after["product_id"]), str(after["seller_id"]))
    if before is None:
        return Put(key, after, MUST_BE_NEW)
    changes = {k: v for k, v in after.items() if k not in ("pk", "sk") and before.get(k) != v}
    return Update(key, changes, "stock = :seen", {":seen": int(before["stock"])})


async def write_listing(
    dynamo: Dynamo,
    product: Item,
    before: Item | None,
    after: Item,
    product_changes: Item,
    stock_record: Item | None,
) -> Item:
    """A seller's listing created (`before` None) or changed from `before` (conditioned on
    its stock: `FIRST_ACTION`), the product's `product_changes` with its index keys and
    version (conditioned on the version read), and the stock change's record, if any.
    A product that enters its category's pages needs the category to exist
    (`LISTING_CATEGORY_ACTION`). Returns the product as written; raises
    `TransactionCancelled`."""
    moved = product_changes | {VERSION: version_of(product) + 1}
    moved |= index_keys(product | moved)
    condition, values = unchanged_product(product)
    writes: list[Write] = [
        _listing_write(before, after),
        Update(ProductKey(str(product["product_id"])), moved, condition, values),
    ]
    if enters_pages(product, product_changes):
        writes.append(Check(CategoryKey(str(product["category_id"])), MUST_EXIST))
    if stock_record is not None:
        writes.append(record(stock_record))
    writes.extend(await _count_writes(dynamo, product, _present(product | moved)))
    await dynamo.transact_write(writes)
    return _present(product | moved)


async def move_stock(dynamo: Dynamo, listing: Item, stock_record: Item) -> None:
    """A listing's stock set to the record's `stock_after`, conditioned on the stock read
    (its `stock_before`), with the record. Raises `TransactionCancelled`."""
    key = ListingKey(str(listing["product_id"]), str(listing["seller_id"]))
    await dynamo.transact_write(
        [
            Update(
                key,
                {"stock": stock_record["stock_after"], "updated_at": stock_record["timestamp"]},
                "stock = :seen",
                {":seen": int(stock_record["stock_before"])},
            ),
            record(stock_record),
        ]
    )
