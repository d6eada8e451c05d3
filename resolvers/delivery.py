"""Delivery: a shipped item reaches its customer, and the order follows its items.

An order's status follows its items (`status_following`); items that are cancelled or
returned no longer count:

| the items that count | the order |
| --- | --- |
| none (every item cancelled or returned, at least one returned) | RETURNED |
| all DELIVERED | DELIVERED |
| all SHIPPED or DELIVERED | SHIPPED |
| otherwise | as it was (CONFIRMED, PENDING) |

Marking an item delivered is one TransactWriteItems, like shipping: the item (conditioned
on its `updated_at`), a check that every other live item is as read, and the order's
status conditioned on the status read.
"""

from __future__ import annotations

import asyncio

from gateway.auth import SELLER, Viewer
from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import orders
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.order_changes import OrderChange, order_status_changes
from loaders.request import RequestLoaders
from resolvers.orders import CANCELLED, DELIVERED, SHIPPED

RETURNED = "RETURNED"
GONE = (CANCELLED, RETURNED)

NOT_FOUND = Problem(
    UserErrorCode.NOT_FOUND, "There is no item of this product you may deliver in this order.",
    ("product_id",),
)  # fmt: skip
NOT_DELIVERABLE = Problem(
    UserErrorCode.INVALID_STATE, "Only a shipped item can be marked delivered.", ("product_id",)
)


def status_following(items: list[Item], current: str) -> str:
    """The order's status once its items are as given (the table above)."""
    live = [i["status"] for i in items if i["status"] not in GONE]
    if not live:
        return RETURNED if any(i["status"] == RETURNED for i in items) else current
    if all(status == DELIVERED for status in live):
        return DELIVERED
    if all(status in (SHIPPED, DELIVERED) for status in live):
        return SHIPPED
    return current


def _deliverable(viewer: Viewer, items: list[Item], product_id: str) -> Item | None:
    """The item of the product the viewer may deliver: their own as its seller; for an
    administrator, the product's shipped item (its first item, if none is shipped)."""
    mine = [
        i
        for i in items
        if i["product_id"] == product_id and (viewer.is_admin or i["seller_id"] == viewer.user_id)
    ]
    return next((i for i in mine if i["status"] == SHIPPED), mine[0] if mine else None)


async def mark_delivered(
    loaders: RequestLoaders, viewer: Viewer, order_id: str, product_id: str
) -> Item:
    """The delivered item. Its seller or an administrator; it must have shipped."""
    dynamo = loaders.dynamo
    if SELLER not in viewer.roles and not viewer.is_admin:
        raise Rejected(NOT_FOUND)
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        order, items = await orders.current_order(dynamo, order_id)
        sold = _deliverable(viewer, items, product_id) if order else None
        if order is None or sold is None:
            raise Rejected(NOT_FOUND)
        if sold["status"] != SHIPPED:
            raise Rejected(NOT_DELIVERABLE)
        at = timestamp()
        delivered = sold | {"status": DELIVERED, "delivered_at": at, "updated_at": at}
        after = [delivered if i is sold else i for i in items]
        status = status_following(after, order["status"])
        change = OrderChange()
        change.item(sold, {k: delivered[k] for k in ("status", "delivered_at", "updated_at")})
        for other in items:
            if other is not sold and other["status"] not in GONE:
                change.unchanged(other)
        change.status(order, status, at)
        try:
            await change.commit(dynamo)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.orders.by_id.clear(order_id).prime(
            order_id, order | order_status_changes(order, status, at)
        )
        loaders.orders.items.clear(order_id).prime(order_id, after)
        return delivered
    raise ServiceUnavailable(
        "This order kept changing while the item was being delivered; try again."
    )
