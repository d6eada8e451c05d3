"""Whether a user bought a product: the reads behind a review's `verified_purchase`."""

from __future__ import annotations

from collections.abc import Iterable

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.keys import ORDER_PREFIX, OrderItemKey
from loaders.model import ORDERS

ORDERS_CHECKED = 100
CANCELLED = "CANCELLED"


async def purchased_item(
    dynamo: Dynamo, user_id: str, product_id: str, seller_ids: Iterable[str]
) -> Item | None:
    """The newest order item of `product_id` in the user's last `ORDERS_CHECKED` orders
    (not cancelled), or None.

    No index finds a user's order items by product, and an OrderItem's key needs the
    seller as well as the order. So: one Query of the user's newest orders (their own
    partition of Orders), then one BatchGetItem of every (order, seller) pair over the
    product's listings, active or not, 100 keys per call, the calls concurrent. That is
    1 Query plus ceil(orders x sellers / 100) BatchGetItems, bounded by `ORDERS_CHECKED`:
    a purchase older than the user's last 100 orders is not seen (acceptable for now;
    an index on OrderItems by user and product would make it one Query).
    """
    sellers = list(dict.fromkeys(seller_ids))
    if not sellers:
        return None
    orders = await dynamo.query_page(
        ORDERS,
        "pk = :user AND begins_with(sk, :prefix)",
        {":user": user_id, ":prefix": ORDER_PREFIX},
        ORDERS_CHECKED,
        forward=False,
    )
    placed = [o for o in orders if o.get("status") != CANCELLED]
    if not placed:
        return None
    keys = [OrderItemKey(o["order_id"], product_id, s) for o in placed for s in sellers]
    found = await dynamo.batch_get(keys)
    items = [i for i in found.values() if i is not None and i.get("status") != CANCELLED]
    return max(items, key=lambda i: i["created_at"], default=None)
