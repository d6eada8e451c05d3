"""Reads of the Products table: a product's item collection, its listings, a seller's listings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import (
    FACET_PREFIX,
    IMAGE_PREFIX,
    INFO,
    LISTING_PREFIX,
    SPEC_PREFIX,
    listing_index_sort_key,
)
from loaders.model import PRODUCTS

SELLER_PRODUCTS_INDEX = PRODUCTS.index("SellerProductsIndex")


@dataclass
class ProductCollection:
    """One product's page: the Product item and everything stored under its key."""

    product: Item | None = None
    listings: list[Item] = field(default_factory=list)
    images: list[Item] = field(default_factory=list)
    specifications: list[Item] = field(default_factory=list)
    facets: list[Item] = field(default_factory=list)

    @classmethod
    def from_items(cls, items: list[Item]) -> ProductCollection:
        collection = cls()
        for item in items:
            sk: str = item["sk"]
            if sk == INFO:
                collection.product = item
            elif sk.startswith(LISTING_PREFIX):
                collection.listings.append(item)
            elif sk.startswith(IMAGE_PREFIX):
                collection.images.append(item)
            elif sk.startswith(SPEC_PREFIX):
                collection.specifications.append(item)
            elif sk.startswith(FACET_PREFIX):
                collection.facets.append(item)
        collection.images.sort(key=lambda image: (image.get("position", 0), image["sk"]))
        return collection


async def product_collection(dynamo: Dynamo, product_id: str) -> ProductCollection:
    """The whole item collection of a product in one Query (more pages only past 1 MB)."""
    items = await dynamo.query_all(PRODUCTS, "pk = :pk", {":pk": product_id})
    return ProductCollection.from_items(items)


# Above every `SELLER#<seller id>` sort key: '~' sorts after every character of an id.
_LISTINGS_END = LISTING_PREFIX + "~"


async def product_with_listings(dynamo: Dynamo, product_id: str) -> tuple[Item | None, list[Item]]:
    """A product's Product item and its seller listings (active or not), in one Query: in
    the collection's order `INFO` comes right before the `SELLER#` items (`FILTER#` and
    `IMAGE#` before it, `SPEC#` after them), so a range of sort keys holds just those."""
    items = await dynamo.query_all(
        PRODUCTS,
        "pk = :pk AND sk BETWEEN :info AND :end",
        {":pk": product_id, ":info": INFO, ":end": _LISTINGS_END},
    )
    product = next((item for item in items if item["sk"] == INFO), None)
    return product, [item for item in items if str(item["sk"]).startswith(LISTING_PREFIX)]


@dataclass(frozen=True)
class SellerListingsPage:
    seller_id: str
    limit: int
    after_product_id: str | None = None


async def seller_listings(dynamo: Dynamo, page: SellerListingsPage) -> list[Item]:
    """A seller's active listings by product id, `limit` of them after the given product."""
    start_key: dict[str, Any] | None = None
    if page.after_product_id is not None:
        start_key = {
            "pk": page.after_product_id,
            "sk": LISTING_PREFIX + page.seller_id,
            "gsi2pk": page.seller_id,
            "gsi2sk": listing_index_sort_key(page.after_product_id),
        }
    return await dynamo.query_page(
        PRODUCTS,
        "gsi2pk = :seller",
        {":seller": page.seller_id, ":active": True},
        page.limit,
        index=SELLER_PRODUCTS_INDEX.name,
        start_key=start_key,
        filter_expression="is_active = :active",
    )
