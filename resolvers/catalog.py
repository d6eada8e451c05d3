"""Catalog use cases: what the storefront reads, in the fewest rounds of calls."""

from __future__ import annotations

import asyncio
from typing import Any

from loaders import facet_counts
from loaders.categories import (
    CategoryProducts,
    CategoryProductsPage,
    CategoryTree,
    PriceRange,
    ProductOrder,
)
from loaders.codec import Item
from loaders.facet_counts import FacetCounts
from loaders.keys import ProductKey, SellerKey
from loaders.products import SellerListingsPage
from loaders.request import RequestLoaders
from loaders.reviews import ReviewsPage, review_position
from resolvers.prefetch import Prefetch, prefetch

__all__ = ["review_position"]  # the cursor position of a review, for the schema


async def products(
    loaders: RequestLoaders, product_ids: list[str], *, whole: bool, listings: bool
) -> list[Item | None]:
    """Product items in the order asked, None where there is none.

    `whole`: the caller will show images, specifications or facets, so each product's
    whole item collection is read (one Query each, which includes the Product item).
    `listings`: each product's listings are read, one Query each that holds the Product
    item too. Otherwise the Product items come from one BatchGetItem.
    """
    if whole:
        pages = await asyncio.gather(*(loaders.product_collections.load(p) for p in product_ids))
        return [page.product for page in pages]
    if listings:
        await asyncio.gather(*(loaders.listings.load(p) for p in dict.fromkeys(product_ids)))
    return list(await loaders.items.load_many([ProductKey(p) for p in product_ids]))


async def active_listings(loaders: RequestLoaders, product_id: str) -> list[Item]:
    """A product's active offers, cheapest first."""
    listings = await loaders.listings.load(product_id)
    active = [item for item in listings if item.get("is_active", True)]
    return sorted(active, key=lambda item: (int(item["price_cents"]), item["sk"]))


async def seller(loaders: RequestLoaders, seller_id: str) -> Item | None:
    user = await loaders.items.load(SellerKey(seller_id))
    return user if user is not None and user.get("is_seller") else None


async def category_products(
    loaders: RequestLoaders,
    tree: CategoryTree,
    category_id: str,
    prices: PriceRange,
    fetch: int | None,
    after_sort_key: str | None,
    *,
    counted: bool,
    order: ProductOrder = ProductOrder.PRICE_ASC,
) -> CategoryProducts:
    """Active products of the category and its descendants in `order` (ties by id), `fetch`
    of them (None: all) after the cursor; with `counted`, how many the price range holds."""
    subtree = tuple(tree.subtree(category_id))
    page = CategoryProductsPage(subtree, fetch, prices, after_sort_key, counted, order)
    return await loaders.category_products.load(page)


async def category_facets(
    loaders: RequestLoaders, tree: CategoryTree, category_id: str
) -> list[FacetCounts]:
    """The facets of the category's subtree, with how many active products have each."""
    return await facet_counts.category_facets(loaders.dynamo, tree.subtree(category_id))


def _reviews_page(owner_id: str, fetch: int, after: Any, by_seller: bool) -> ReviewsPage:
    position = tuple((str(name), str(value)) for name, value in after) if after else None
    return ReviewsPage(owner_id, fetch, by_seller, position)


async def reviews(
    loaders: RequestLoaders, owner_id: str, fetch: int, after: Any, *, by_seller: bool
) -> list[Item]:
    """A product's (or with `by_seller`, a seller's) reviews, newest first."""
    return await loaders.reviews.load(_reviews_page(owner_id, fetch, after, by_seller))


def prefetch_reviews(
    loaders: RequestLoaders, owner_id: str, fetch: int, after: Any, *, by_seller: bool
) -> Prefetch:
    """Start reading the page `reviews` will ask for, in this round rather than the next."""
    return prefetch(loaders.reviews.load(_reviews_page(owner_id, fetch, after, by_seller)))


async def seller_products(
    loaders: RequestLoaders, seller_id: str, fetch: int, after_product_id: str | None
) -> list[Item]:
    """The products a seller actively offers, by product id: an index page, then one batch."""
    listings = await loaders.seller_listings.load(
        SellerListingsPage(seller_id, fetch, after_product_id)
    )
    found = await loaders.items.load_many([ProductKey(i["product_id"]) for i in listings])
    return [item for item in found if item is not None and item.get("is_active", True)]


def prefetch_seller_products(
    loaders: RequestLoaders, seller_id: str, fetch: int, after_product_id: str | None
) -> Prefetch:
    """Start reading the index page `seller_products` will ask for."""
    return prefetch(
        loaders.seller_listings.load(SellerListingsPage(seller_id, fetch, after_product_id))
    )
