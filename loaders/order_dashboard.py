"""The operations view: every customer's orders in one status, oldest first, through
`StatusDateIndex` (gsi2pk = status, gsi2sk = created_at). Every change of an order's
status moves its `gsi2pk` in the same write (`loaders/order_changes.py`), so the index
is right through every transition."""

from __future__ import annotations

from typing import Any

from loaders.codec import Item
from loaders.dynamo import Dynamo
from loaders.model import ORDERS

STATUS_DATE_INDEX = ORDERS.index("StatusDateIndex")
# Bounds of an open range: before and after every timestamp (DynamoDB refuses "").
OLDEST, AFTER_ALL = "0", "~"


async def orders_in_status(
    dynamo: Dynamo,
    status: str,
    since: str | None,
    until: str | None,
    limit: int,
    after: tuple[str, str, str] | None,
) -> list[Item]:
    """Up to `limit` orders in `status` placed from `since` to `until` (timestamps,
    inclusive; open if None), oldest first, after the one whose (gsi2sk, pk, sk) is
    `after`."""
    start_key: dict[str, Any] | None = None
    if after is not None:
        start_key = {"gsi2pk": status, "gsi2sk": after[0], "pk": after[1], "sk": after[2]}
    condition, values = "gsi2pk = :status", {":status": status}
    if since is not None or until is not None:
        condition += " AND gsi2sk BETWEEN :since AND :until"
        values |= {":since": since or OLDEST, ":until": until or AFTER_ALL}
    return await dynamo.query_page(
        ORDERS,
        condition,
        values,
        limit,
        index=STATUS_DATE_INDEX.name,
        start_key=start_key,
    )


def dashboard_position(order: Item) -> tuple[str, str, str]:
    """What a cursor keeps of an order to resume after it: its index and table keys."""
    return (str(order["gsi2sk"]), str(order["pk"]), str(order["sk"]))
