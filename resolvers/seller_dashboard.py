"""A seller's dashboard: their products, active listings, units sold and revenue, orders
to ship, rating and low stock, from four reads in one round (and one batch for the names
of the low-stock products). How the figures stay exact: `loaders/seller_stats.py`."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.errors import BadUserInput
from loaders.codec import Item
from loaders.keys import ProductKey
from loaders.request import RequestLoaders
from loaders.seller_stats import REVENUE_CENTS, UNITS_SOLD
from resolvers.stock import MAX_STOCK

DEFAULT_LOW_STOCK = 5


@dataclass(frozen=True)
class Sales:
    """Summed over the seller's listings, active or withdrawn."""

    units: int
    revenue_cents: int
    active_listings: int


def _active(listing: Item) -> bool:
    return bool(listing.get("is_active", True))


async def sales(loaders: RequestLoaders, seller_id: str) -> Sales:
    listings = await loaders.sellers.listings.load(seller_id)
    return Sales(
        units=sum(int(i.get(UNITS_SOLD, 0)) for i in listings),
        revenue_cents=sum(int(i.get(REVENUE_CENTS, 0)) for i in listings),
        active_listings=sum(1 for i in listings if _active(i)),
    )


async def orders_to_ship(loaders: RequestLoaders, seller_id: str) -> int:
    """The orders with at least one item of the seller's still to ship."""
    pending = await loaders.sellers.pending_items.load(seller_id)
    return len({item["order_id"] for item in pending})


async def product_count(loaders: RequestLoaders, seller_id: str) -> int:
    """The products the seller created or lists, inactive ones included."""
    return await loaders.sellers.count_catalog(seller_id, True)


async def low_stock(
    loaders: RequestLoaders, seller_id: str, below: int | None
) -> list[tuple[Item, Item]]:
    """The active listings with at most `below` units (default `DEFAULT_LOW_STOCK`), the
    fewest first, each with its product."""
    level = DEFAULT_LOW_STOCK if below is None else below
    if not 0 <= level <= MAX_STOCK:
        raise BadUserInput(f"below must be between 0 and {MAX_STOCK}, got {level}")
    listings = await loaders.sellers.listings.load(seller_id)
    low = sorted(
        (i for i in listings if _active(i) and int(i["stock"]) <= level),
        key=lambda i: (int(i["stock"]), str(i["product_id"])),
    )
    products = await loaders.items.load_many([ProductKey(str(i["product_id"])) for i in low])
    return [(i, p) for i, p in zip(low, products, strict=True) if p is not None]
