"""Fulfilment: the items a seller sold, and shipping one.

Shipping is one TransactWriteItems: the item SHIPPED with its courier, and the order
SHIPPED too when that was its last unshipped item. The order and its other items are
conditioned on what was read, so a concurrent cancel or another seller's shipment makes
this one read again and retry (at most `OPTIMISTIC_RETRY.attempts` times).
"""

from __future__ import annotations

import asyncio

from gateway.auth import SELLER, Viewer
from gateway.errors import Forbidden, Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import orders
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import OrderKey
from loaders.order_changes import OrderChange, order_status_changes
from loaders.order_reads import SoldItemsPage
from loaders.request import RequestLoaders
from loaders.seller_stats import NOT_PENDING
from resolvers import validation
from resolvers.orders import CANCELLED, DELIVERED, SHIPPED
from resolvers.prefetch import Prefetch, prefetch

PENDING = "PENDING"
DONE = (SHIPPED, DELIVERED)
SELLERS_ONLY = "Only sellers fulfil order items."

NOT_FOUND = Problem(
    UserErrorCode.NOT_FOUND,
    "You sold no item of this product in this order.",
    ("product_id",),
)
NOT_SHIPPABLE = Problem(
    UserErrorCode.INVALID_STATE,
    "Only a pending item of an order that is not cancelled can be shipped.",
    ("product_id",),
)


def require_seller(viewer: Viewer) -> None:
    if SELLER not in viewer.roles:
        raise Forbidden(SELLERS_ONLY)


def _sold_page(seller_id: str, fetch: int, after: list[str] | None) -> SoldItemsPage:
    return SoldItemsPage(seller_id, fetch, (after[0], after[1], after[2]) if after else None)


async def sold_items(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: list[str] | None
) -> list[Item]:
    """Up to `fetch` items the seller sold, newest first, after the position
    `item_position` gave."""
    return await loaders.orders.sold.load(_sold_page(seller_id, fetch, after))


def prefetch_sold_items(
    loaders: RequestLoaders, seller_id: str, fetch: int, after: list[str] | None
) -> Prefetch:
    """Start reading the page `sold_items` will ask for, before the caller is authorized
    (nothing read leaves the request's loaders until `sold_items` is asked)."""
    return prefetch(loaders.orders.sold.load(_sold_page(seller_id, fetch, after)))


async def order_of(loaders: RequestLoaders, sold: Item) -> Item | None:
    """The order a sold item belongs to. Its key follows from the item (the order's
    owner, and the `created_at` the checkout wrote on both), so a page's orders are one
    BatchGetItem; an item whose order is not there (written otherwise) falls back to
    the order's id, one `OrderIdIndex` Query."""
    user_id, created_at = sold.get("user_id"), sold.get("created_at")
    if user_id and created_at:
        found = await loaders.items.load(OrderKey(user_id, created_at, sold["order_id"]))
        if found is not None:
            return found
    return await loaders.orders.by_id.load(sold["order_id"])


def item_position(found: Item) -> list[str]:
    """What a cursor keeps of a sold item to resume after it: its index and table keys."""
    return [found["gsi1sk"], found["pk"], found["sk"]]


async def ship(
    loaders: RequestLoaders,
    viewer: Viewer,
    order_id: str,
    product_id: str,
    courier: str,
    tracking_number: str,
) -> Item:
    """The shipped item."""
    require_seller(viewer)
    validation.reject_invalid(
        None if courier.strip() else validation.invalid("courier", "Name the courier."),
        None
        if tracking_number.strip()
        else validation.invalid("tracking_number", "Give the tracking number."),
    )
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        order, items = await orders.current_order(dynamo, order_id)
        mine = [
            i for i in items if i["product_id"] == product_id and i["seller_id"] == viewer.user_id
        ]
        if order is None or not mine:
            raise Rejected(NOT_FOUND)
        (sold,) = mine
        if order["status"] == CANCELLED or sold["status"] != PENDING:
            raise Rejected(NOT_SHIPPABLE)
        at = timestamp()
        shipped = sold | {
            "status": SHIPPED,
            "courier": {
                "name": courier.strip(),
                "tracking_number": tracking_number.strip(),
                "shipped_at": at,
            },
            "updated_at": at,
        }
        others = [i for i in items if i is not sold and i["status"] != CANCELLED]
        change = OrderChange()
        change.item(
            sold, {k: shipped[k] for k in ("status", "courier", "updated_at")} | NOT_PENDING
        )
        for other in others:
            change.unchanged(other)
        all_done = all(i["status"] in DONE for i in others)
        change.status(order, SHIPPED if all_done else order["status"], at)
        try:
            await change.commit(dynamo)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.orders.by_id.clear(order_id).prime(
            order_id,
            (order | order_status_changes(order, SHIPPED, at)) if all_done else order,
        )
        return shipped
    raise ServiceUnavailable(
        "This order kept changing while the item was being shipped; try again."
    )
