"""Per-request loaders of orders: an order's items, an order by id."""

from __future__ import annotations

from loaders import orders
from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo


class OrderLoaders:
    """One Query per distinct order, the queries of a tick concurrent, each cached for
    the request."""

    def __init__(self, dynamo: Dynamo) -> None:
        self.items = ConcurrentLoader[str, list[Item]](lambda i: orders.order_items(dynamo, i))
        self.by_id = ConcurrentLoader[str, Item | None](lambda i: orders.order_by_id(dynamo, i))
