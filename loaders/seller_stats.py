"""A seller's dashboard figures, kept exact by the transactions that change them.

Units sold and revenue are pre-computed per listing: `units_sold` and `revenue_cents` on
each Listing item (additions to the storage contract), added to (DynamoDB's ADD) in the
very Update that moves the listing's stock, in the checkout's transaction (+) and the
cancellation's (-); a return must do the same (-). A listing is the natural shard: every
checkout already writes it, conditioned on its stock, so the counters add no action to a
transaction, no read, and no item that checkouts of a seller's different products would
share (a seller-wide counter would make them all conflict). The dashboard sums them over
the seller's listings, read through `SellerProductsIndex`.

Orders to ship come from `SellerPendingIndex` (an addition, gsi2 on OrderItems): an order
item carries its seller there while it is PENDING; shipping or cancelling it removes the
keys in the same transaction, so the index holds exactly the items left to ship.
"""

from __future__ import annotations

from loaders.codec import Item
from loaders.keys import seller_item_index_sort_key
from loaders.model import ORDER_ITEMS

SELLER_PENDING_INDEX = ORDER_ITEMS.index("SellerPendingIndex")
UNITS_SOLD = "units_sold"
REVENUE_CENTS = "revenue_cents"

NOT_PENDING: dict[str, str | None] = {"gsi2pk": None, "gsi2sk": None}
"""The changes that take an order item out of `SellerPendingIndex` (shipped, cancelled)."""


def sales(order_item: Item, sign: int = 1) -> dict[str, int]:
    """What an order item adds to its listing's counters: `sign` 1 when it is sold, -1
    when it is cancelled or returned."""
    return {
        UNITS_SOLD: sign * int(order_item["quantity"]),
        REVENUE_CENTS: sign * int(order_item["line_total_cents"]),
    }


def pending_keys(seller_id: str, created_at: str, order_id: str) -> dict[str, str]:
    """A new order item's keys in `SellerPendingIndex`: its seller has it to ship."""
    return {"gsi2pk": seller_id, "gsi2sk": seller_item_index_sort_key(created_at, order_id)}
