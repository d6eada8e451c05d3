"""The storage contract in code: every table, its keys, indexes and TTL, declared once.

`tables create`, the key builders, the loaders and the model export all derive from
`TABLES`. The layout is the one in the project's data model document, so the gateway
serves tables it did not create.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class IndexKind(Enum):
    GLOBAL = "global"
    LOCAL = "local"


@dataclass(frozen=True)
class Index:
    name: str
    kind: IndexKind
    partition_key: str
    sort_key: str


@dataclass(frozen=True)
class Table:
    """A logical table; its physical name is the configured prefix plus `name`."""

    name: str
    indexes: tuple[Index, ...] = ()
    ttl_attribute: str | None = None
    partition_key: str = field(default="pk", init=False)
    sort_key: str = field(default="sk", init=False)

    def index(self, name: str) -> Index:
        for index in self.indexes:
            if index.name == name:
                return index
        raise KeyError(f"table {self.name} has no index {name}")


def _gsi(name: str, number: int) -> Index:
    return Index(name, IndexKind.GLOBAL, f"gsi{number}pk", f"gsi{number}sk")


def _lsi(name: str, number: int) -> Index:
    return Index(name, IndexKind.LOCAL, "pk", f"lsi{number}sk")


TTL_ATTRIBUTE = "expires_at"

USERS = Table("Users", (_gsi("EmailIndex", 1),), ttl_attribute=TTL_ATTRIBUTE)
PRODUCTS = Table("Products", (_gsi("CategoryPriceIndex", 1), _gsi("SellerProductsIndex", 2)))
CATEGORIES = Table("Categories")
CART = Table("Cart")
ORDERS = Table(
    "Orders",
    (
        _gsi("OrderIdIndex", 1),
        _gsi("StatusDateIndex", 2),
        _lsi("StatusIndex", 1),
        _lsi("AmountIndex", 2),
    ),
    ttl_attribute=TTL_ATTRIBUTE,
)
ORDER_ITEMS = Table("OrderItems", (_gsi("SellerItemsIndex", 1),))
REVIEWS = Table("Reviews", (_gsi("SellerReviewsIndex", 1),))
CAMPAIGNS = Table("Campaigns", (_gsi("SellerCampaignsIndex", 1),))
WISHLIST = Table("Wishlist")
REWARDS = Table("Rewards")
COUPONS = Table("Coupons", ttl_attribute=TTL_ATTRIBUTE)
STOCK_TRANSACTIONS = Table(
    "StockTransactions",
    (_gsi("ProductTransactionIndex", 1), _gsi("SellerTransactionIndex", 2)),
)

TABLES: tuple[Table, ...] = (
    USERS,
    PRODUCTS,
    CATEGORIES,
    CART,
    ORDERS,
    ORDER_ITEMS,
    REVIEWS,
    CAMPAIGNS,
    WISHLIST,
    REWARDS,
    COUPONS,
    STOCK_TRANSACTIONS,
)
