"""Returns: the customer sends a delivered item back within 30 days, and is refunded.

One TransactWriteItems, every write conditioned on what was read (a concurrent change
makes it read again and decide again, at most `OPTIMISTIC_RETRY.attempts` times):

- the item RETURNED (with the reason), conditioned on its `updated_at`: two returns of
  one item cannot both pass, so it is refunded once;
- every other live item checked unchanged, and the order updated (conditioned on its
  `updated_at`): its status follows its items (`resolvers/delivery.py`), its payment's
  `refunded_cents` grows by the refund, the payment is PARTIALLY_REFUNDED, or REFUNDED
  once every item is returned, and `lsi2sk` (AmountIndex) holds the net amount;
- the units back on the listing (`stock = :seen`) with a `refund` StockTransaction, so
  the audit sums still match the stock: stock + sold = initial + restocked + refunded;
- the reward points the line earned taken back with an ADJUST reward: the order's points
  at its net amount before the return less those after. Never below zero: points already
  spent are forgiven, the Reward item says how many were taken;
- the line's share of the points the order redeemed given back with another ADJUST
  reward (the balance moves once), counted on the order's `points_given_back`.

The line's share of the points redeemed is the points times its total over the subtotal,
rounded down; the refund is the line's total less its share of the order's discount
(rounded in the customer's favour) and less what its points were worth: the line's value
comes back as points and money. The last item returned gives back the points left and
refunds what is left of the total, shipping included.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from gateway.auth import Viewer
from gateway.errors import Problem, Rejected, ServiceUnavailable, UserErrorCode
from loaders import orders, seller_stats
from loaders.codec import Item
from loaders.dynamo import OPTIMISTIC_RETRY
from loaders.errors import TransactionCancelled
from loaders.ids import timestamp
from loaders.keys import ListingKey, UserKey, order_amount_sort_key
from loaders.order_changes import OrderChange, order_status_changes
from loaders.request import RequestLoaders
from loaders.stock import REFUND, stock_transaction
from resolvers import validation
from resolvers.delivery import GONE, RETURNED, status_following
from resolvers.order_stats import net_cents
from resolvers.orders import DELIVERED
from resolvers.pricing import CENTS_PER_POINT, points_value_cents
from resolvers.rewards import order_rewards

RETURN_DAYS = 30
REASON_LENGTH = 500
PARTIALLY_REFUNDED, REFUNDED = "PARTIALLY_REFUNDED", "REFUNDED"

NOT_FOUND = Problem(
    UserErrorCode.NOT_FOUND, "You have no item of this product in this order.", ("product_id",)
)
CUSTOMERS_ONLY = Problem(
    UserErrorCode.FORBIDDEN,
    "Only the customer who placed the order returns its items.",
    ("order_id",),
)
NOT_RETURNABLE = Problem(
    UserErrorCode.INVALID_STATE, "Only a delivered item can be returned.", ("product_id",)
)
TOO_LATE = Problem(
    UserErrorCode.INVALID_STATE,
    f"Items can be returned within {RETURN_DAYS} days of delivery.",
    ("product_id",),
)


@dataclass(frozen=True)
class Returned:
    order: Item
    items: list[Item]


@dataclass(frozen=True)
class GivenBack:
    cents: int
    points: int


def given_back(order: Item, items: list[Item], returned: Item) -> GivenBack:
    """The money and points returning `returned` gives back (see the module's docstring)."""
    left = net_cents(order)
    points_left = int(order.get("points_redeemed", 0)) - int(order.get("points_given_back", 0))
    if all(i["status"] in GONE for i in items if i is not returned):
        return GivenBack(left, points_left)
    line = int(returned["line_total_cents"])
    subtotal = int(order.get("subtotal_cents", 0)) or line
    discount_share = int(order.get("discount_cents", 0)) * line // subtotal
    points = min(int(order.get("points_redeemed", 0)) * line // subtotal, points_left)
    cents = line - discount_share - points_value_cents(points)
    return GivenBack(max(0, min(cents, left)), points)


def _returnable(item: Item, now: datetime) -> Problem | None:
    if item["status"] != DELIVERED:
        return NOT_RETURNABLE
    delivered = item.get("delivered_at") or item["updated_at"]
    moment = datetime.strptime(delivered, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
    return TOO_LATE if now - moment > timedelta(days=RETURN_DAYS) else None


async def return_item(
    loaders: RequestLoaders, viewer: Viewer, order_id: str, product_id: str, reason: str
) -> Returned:
    """The order and its items after the return."""
    validation.reject_invalid(
        validation.text(reason, "reason", "The reason", longest=REASON_LENGTH)
    )
    dynamo = loaders.dynamo
    for attempt in range(OPTIMISTIC_RETRY.attempts):
        order, items = await orders.current_order(dynamo, order_id)
        if order is None or (order["user_id"] != viewer.user_id and not viewer.is_admin):
            raise Rejected(
                Problem(NOT_FOUND.code, "You have no order with this id.", ("order_id",))
            )
        if order["user_id"] != viewer.user_id:
            raise Rejected(CUSTOMERS_ONLY)
        # Of the product's items (one per seller), the delivered one.
        mine = [i for i in items if i["product_id"] == product_id]
        sold = next((i for i in mine if i["status"] == DELIVERED), mine[0] if mine else None)
        if sold is None:
            raise Rejected(NOT_FOUND)
        at = datetime.now(UTC)
        problem = _returnable(sold, at)
        if problem is not None:
            raise Rejected(problem)
        change, done = await _return(loaders, order, items, sold, reason.strip(), timestamp(at))
        try:
            await change.commit(dynamo)
        except TransactionCancelled:
            await asyncio.sleep(OPTIMISTIC_RETRY.delay(attempt))
            continue
        loaders.orders.by_id.clear(order_id).prime(order_id, done.order)
        loaders.orders.items.clear(order_id).prime(order_id, done.items)
        return done
    raise ServiceUnavailable(
        "This order kept changing while the item was being returned; try again."
    )


async def _return(
    loaders: RequestLoaders, order: Item, items: list[Item], sold: Item, reason: str, at: str
) -> tuple[OrderChange, Returned]:
    """The transaction that returns `sold`, from what is stored now, and what it leaves."""
    dynamo, user_id = loaders.dynamo, order["user_id"]
    listing, profile = await asyncio.gather(
        dynamo.get_consistent(ListingKey(sold["product_id"], sold["seller_id"])),
        dynamo.get_consistent(UserKey(user_id)),
    )
    returned = sold | {
        "status": RETURNED,
        "return_reason": reason,
        "returned_at": at,
        "updated_at": at,
    }
    after = [returned if i is sold else i for i in items]
    back = given_back(order, items, sold)
    refund = back.cents
    payment = dict(order.get("payment") or {})
    payment["refunded_cents"] = int(payment.get("refunded_cents", 0)) + refund
    status = status_following(after, order["status"])
    payment["status"] = REFUNDED if status == RETURNED else PARTIALLY_REFUNDED
    net_after = net_cents(order) - refund
    order_changes: Item = order_status_changes(order, status, at) | {
        "payment": payment,
        "lsi2sk": order_amount_sort_key(net_after, order["order_id"]),
    }
    if back.points:
        order_changes["points_given_back"] = int(order.get("points_given_back", 0)) + back.points
    change = OrderChange()
    change.item(
        sold, {k: returned[k] for k in ("status", "return_reason", "returned_at", "updated_at")}
    )
    for other in items:
        if other is not sold and other["status"] not in GONE:
            change.unchanged(other)
    change.order(order, order_changes)
    quantity = int(sold["quantity"])
    if listing is not None:
        stock = int(listing["stock"])
        record = stock_transaction(
            listing, REFUND, stock, stock + quantity, user_id, at,
            order_id=order["order_id"], notes=reason,
        )  # fmt: skip
        change.restock(listing, quantity, record, seller_stats.sales(sold, -1))
    if profile is not None:
        balance = int(profile.get("reward_points", 0))
        change.rewards(_points_moves(order, net_after, back.points, balance, at), balance)
    return change, Returned(order | order_changes, after)


def _points_moves(order: Item, net_after: int, back: int, balance: int, at: str) -> list[Item]:
    """ADJUST rewards: the earned points the refund takes back (at most what the balance
    holds once `back` redeemed points are given back), and those `back` points."""
    order_id = order["order_id"]
    earned = net_cents(order) // CENTS_PER_POINT - net_after // CENTS_PER_POINT
    taken = min(earned, balance + back)
    forgiven = f" ({earned - taken} already spent, forgiven)" if taken < earned else ""
    returned = f"an item of order {order_id} was returned"
    return order_rewards(
        order["user_id"],
        order_id,
        at,
        [
            ("ADJUST", -taken, f"Taken back: {returned}{forgiven}"),
            ("ADJUST", back, f"Redeemed points given back: {returned}"),
        ],
    )
