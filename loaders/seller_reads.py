"""A seller's own views, read through the request's loaders: their stock log, their
catalog, their dashboard's figures. Each page is one concurrent load, cached for the
request, so a parent field can start it in its own round (`resolvers/prefetch.py`)."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.batching import ConcurrentLoader
from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.stock import seller_transactions


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
