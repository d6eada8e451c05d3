"""A customer's order statistics, exact after cancellations and returns.

Counted: the orders neither cancelled nor wholly returned. Spent: their totals net of
refunds (`payment.refunded_cents`, which returns write). The largest order comes from
`AmountIndex` (whose key holds the net amount), the rest from one Query of the user's
orders: the cost grows with the number of orders (about 1 MB, a few thousand orders, a
call).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from loaders.codec import Item
from loaders.request import RequestLoaders
from resolvers.prefetch import Prefetch, prefetch

NOT_COUNTED = ("CANCELLED", "RETURNED")
DEFAULT_CURRENCY = "USD"


@dataclass(frozen=True)
class OrderStats:
    order_count: int
    spent_cents: int
    average_cents: int
    currency: str
    largest: Item | None
    first_at: str | None
    last_at: str | None


def net_cents(order: Item) -> int:
    """What the customer paid for an order and kept: its total less its refunds."""
    refunded = int((order.get("payment") or {}).get("refunded_cents", 0))
    return int(order.get("total_cents", 0)) - refunded


def prefetch_stats(loaders: RequestLoaders, user_id: str) -> list[Prefetch]:
    """Start the two reads of `order_stats` (before the caller is authorized: nothing
    leaves the request's loaders until `order_stats` is asked)."""
    return [
        prefetch(loaders.orders.every.load(user_id)),
        prefetch(loaders.orders.largest.load(user_id)),
    ]


async def order_stats(loaders: RequestLoaders, user_id: str) -> OrderStats:
    every, largest = await asyncio.gather(
        loaders.orders.every.load(user_id), loaders.orders.largest.load(user_id)
    )
    counted = [order for order in every if order.get("status") not in NOT_COUNTED]
    spent = sum(net_cents(order) for order in counted)
    dates = sorted(order["created_at"] for order in counted)
    return OrderStats(
        order_count=len(counted),
        spent_cents=spent,
        # Rounded half up to the cent.
        average_cents=(2 * spent + len(counted)) // (2 * len(counted)) if counted else 0,
        currency=counted[-1].get("currency", DEFAULT_CURRENCY) if counted else DEFAULT_CURRENCY,
        largest=largest,
        first_at=dates[0] if dates else None,
        last_at=dates[-1] if dates else None,
    )
