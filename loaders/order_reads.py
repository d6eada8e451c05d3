"""Per-request loaders of orders: a user's pages of orders and their count, an order's
items, an order by id."""

from __future__ import annotations

from dataclasses import dataclass

from loaders import order_history, orders
from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.order_history import OrderFilter


@dataclass(frozen=True)
class OrderHistoryPage:
    """Up to `limit` of a user's orders that pass `wanted`, newest first, after the order
    whose sort key is `after`."""

    user_id: str
    wanted: OrderFilter
    limit: int
    after: str | None


@dataclass(frozen=True)
class SoldItemsPage:
    """Up to `limit` items a seller sold, newest first, after the one whose index and table
    keys are `after`."""

    seller_id: str
    limit: int
    after: tuple[str, str, str] | None


class OrderLoaders:
    """One Query per distinct order, the queries of a tick concurrent, each cached for
    the request."""

    def __init__(self, dynamo: Dynamo) -> None:
        self.items = ConcurrentLoader[str, list[Item]](lambda i: orders.order_items(dynamo, i))
        self.by_id = ConcurrentLoader[str, Item | None](lambda i: orders.order_by_id(dynamo, i))
        self.history = ConcurrentLoader[OrderHistoryPage, list[Item]](
            lambda p: order_history.user_orders(dynamo, p.user_id, p.wanted, p.limit, p.after)
        )
        self.sold = ConcurrentLoader[SoldItemsPage, list[Item]](
            lambda p: orders.seller_items(dynamo, p.seller_id, p.limit, p.after)
        )
        self.every = ConcurrentLoader[str, list[Item]](
            lambda u: order_history.every_order(dynamo, u)
        )
        self.largest = ConcurrentLoader[str, Item | None](
            lambda u: order_history.largest_order(dynamo, u)
        )
        self._counts = ConcurrentLoader[tuple[str, OrderFilter], int](
            lambda key: order_history.count_user_orders(dynamo, *key)
        )

    async def count(self, page: OrderHistoryPage) -> int:
        """How many orders the page's filter holds. A first page shorter than its limit
        holds them all: its length is the count, and no count Query is sent."""
        if page.after is None:
            found = await self.history.load(page)
            if len(found) < page.limit:
                return len(found)
        return await self._counts.load((page.user_id, page.wanted))
